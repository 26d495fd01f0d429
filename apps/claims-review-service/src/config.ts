import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Development-only PII keys; `ENVIRONMENT=production` refuses to boot with them. */
export const DEV_PII_KEYS = 'dev:Y2xhaW1zLXJldmlldy1kZXYtb25seS1waWkta2V5ISE=';
export const DEV_PII_HASH_KEY = 'Y2xhaW1zLXJldmlldy1kZXYtb25seS1waWktaGFzaC1rZXktbm90LXByb2Q=';

/** Settings of claims-review-service (env variables; validated at boot). */
export class ClaimsReviewConfig extends ServiceConfig {
  override SERVICE_NAME = 'claims-review-service';
  override HEALTH_PORT = 3102;

  /** Keyring encrypting ID numbers (certno) at rest, `kid:base64-32-bytes,…`, and its active key. */
  @IsString()
  PII_KEYS = DEV_PII_KEYS;

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'PII_ACTIVE_KEY must be a key id' })
  PII_ACTIVE_KEY = 'dev';

  /** HMAC key (base64, ≥ 32 bytes) of the searchable certno hash; differs from every PII key. */
  @IsString()
  PII_HASH_KEY = DEV_PII_HASH_KEY;

  /** Case stage deadlines in working days (初审, 复审, 申诉 window, 核实, 处理). Local practice; see docs/review-cases.md. */
  @IsInt()
  @Min(1)
  @Max(60)
  CASE_DAYS_INITIAL = 10;

  @IsInt()
  @Min(1)
  @Max(60)
  CASE_DAYS_RE_REVIEW = 10;

  @IsInt()
  @Min(1)
  @Max(60)
  CASE_DAYS_APPEAL = 5;

  @IsInt()
  @Min(1)
  @Max(60)
  CASE_DAYS_VERIFY = 10;

  @IsInt()
  @Min(1)
  @Max(60)
  CASE_DAYS_DISPOSAL = 5;

  /** 大额手工报销: a claim of at least this many fen goes to the working group (REV-08: 50,000 yuan). */
  @IsInt()
  @Min(1)
  MANUAL_CLAIM_GROUP_THRESHOLD_FEN = 5_000_000;

  /** Working days the working group has to conclude (REV-08: 10). */
  @IsInt()
  @Min(1)
  @Max(60)
  MANUAL_CLAIM_GROUP_DAYS = 10;

  /** How often lapsed appeal windows and overdue stages are swept (ms); 0 = only at boot (tests call `sweep()`). */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  CASE_SWEEP_INTERVAL_MS = 60_000;
}

/** Refuses the development PII keys in production. */
export function assertProductionPiiKeys(c: ClaimsReviewConfig): void {
  if (c.ENVIRONMENT !== 'production') return;
  const bad = [c.PII_KEYS === DEV_PII_KEYS ? 'PII_KEYS' : undefined, c.PII_HASH_KEY === DEV_PII_HASH_KEY ? 'PII_HASH_KEY' : undefined].filter(Boolean);
  if (bad.length > 0) throw new Error(`invalid configuration: development secrets in production: ${bad.join(', ')}`);
}
