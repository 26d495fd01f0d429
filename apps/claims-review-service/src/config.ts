import { IsString, Matches } from 'class-validator';
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
}

/** Refuses the development PII keys in production. */
export function assertProductionPiiKeys(c: ClaimsReviewConfig): void {
  if (c.ENVIRONMENT !== 'production') return;
  const bad = [c.PII_KEYS === DEV_PII_KEYS ? 'PII_KEYS' : undefined, c.PII_HASH_KEY === DEV_PII_HASH_KEY ? 'PII_HASH_KEY' : undefined].filter(Boolean);
  if (bad.length > 0) throw new Error(`invalid configuration: development secrets in production: ${bad.join(', ')}`);
}
