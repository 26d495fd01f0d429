import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Development-only PII keys; `ENVIRONMENT=production` refuses to boot with them. */
export const DEV_PII_KEYS = 'dev:Y3JlZGl0LXNlcnZpY2UtZGV2LW9ubHktcGlpLWtleSE=';
export const DEV_PII_HASH_KEY = 'Y3JlZGl0LXNlcnZpY2UtZGV2LW9ubHktcGlpLWhhc2gta2V5LW5vdC1wcm9k';

/** Settings of credit-service (env variables; validated at boot). */
export class CreditConfig extends ServiceConfig {
  override SERVICE_NAME = 'credit-service';
  override HEALTH_PORT = 3105;

  /** How often referral deadlines are checked for ReferralOverdue (0 = only at boot; tests sweep by hand). */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  REFERRAL_SWEEP_INTERVAL_MS = 600_000;

  /** Keyring encrypting the ID numbers of listed persons (法定代表人/实际控制人) at rest, `kid:base64-32-bytes,…`. */
  @IsString()
  PII_KEYS = DEV_PII_KEYS;

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'PII_ACTIVE_KEY must be a key id' })
  PII_ACTIVE_KEY = 'dev';

  /** HMAC key (base64, ≥ 32 bytes) of the searchable ID-number hash; differs from every PII key. */
  @IsString()
  PII_HASH_KEY = DEV_PII_HASH_KEY;
}

/** Refuses the development PII keys in production. */
export function assertProductionPiiKeys(c: CreditConfig): void {
  if (c.ENVIRONMENT !== 'production') return;
  const bad = [c.PII_KEYS === DEV_PII_KEYS ? 'PII_KEYS' : undefined, c.PII_HASH_KEY === DEV_PII_HASH_KEY ? 'PII_HASH_KEY' : undefined].filter(Boolean);
  if (bad.length > 0) throw new Error(`invalid configuration: development secrets in production: ${bad.join(', ')}`);
}
