import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@mi/platform';

/** Development-only secrets; `ENVIRONMENT=production` refuses to boot with them. */
export const DEV_JWT_SECRET = 'development-only-jwt-secret-change-me-0123456789';
export const DEV_SECRET_KEYS = 'dev:ZGV2ZWxvcG1lbnQtb25seS1zZWNyZXQta2V5LTMyYnk=';
export const DEV_SECRET_HASH_KEY = 'ZGV2ZWxvcG1lbnQtb25seS1oYXNoLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=';

/** Settings of the gateway (env variables; validated at boot). */
export class GatewayConfig extends ServiceConfig {
  override SERVICE_NAME = 'gateway';
  override HEALTH_PORT = 3100;

  /** Port of the HTTP API (`/api/v1`, `/fsi/api/...`); 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 3000;

  /** HS256 key of the portal access tokens (≥ 32 characters). */
  @IsString()
  @MinLength(32)
  JWT_SECRET = DEV_JWT_SECRET;

  /** Access tokens are short-lived; the refresh token (rotated on every use) keeps the session. */
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_S = 900;

  @IsInt()
  @Min(300)
  SESSION_TTL_S = 12 * 3600;

  /** Failed logins before the account locks (等保: 登录失败处理). */
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @IsInt()
  @Min(1)
  LOCKOUT_MINUTES = 15;

  /** Creates the first province administrator `admin` with this password when there is no user. */
  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** Keyring encrypting HIS secrets at rest (`kid:base64-32-bytes,…`) and its active key. */
  @IsString()
  SECRET_KEYS = DEV_SECRET_KEYS;

  @IsString()
  SECRET_ACTIVE_KEY = 'dev';

  @IsString()
  SECRET_HASH_KEY = DEV_SECRET_HASH_KEY;

  /** Accepted clock skew of `x-tif-timestamp`, seconds either way; nonces are remembered this long. */
  @IsInt()
  @Min(30)
  HIS_TIMESTAMP_WINDOW_S = 300;

  @IsInt()
  @Min(1)
  HIS_DEFAULT_RATE_PER_MINUTE = 1200;

  /** How long one chunk of a settlement upload may take before the HIS is told to retry (ms). */
  @IsInt()
  @Min(1000)
  HIS_UPLOAD_TIMEOUT_MS = 60_000;

  /** How long a HIS pre-check (3101/3102) may take before the HIS is told "not reviewed". */
  @IsInt()
  @Min(50)
  PRECHECK_DEADLINE_MS = 2000;

  @IsIn(['true', 'false'])
  SWAGGER_UI: 'true' | 'false' = 'true';

  /** The admin portal's build, served at `/` (relative to the working directory); missing = API only. */
  @IsString()
  PORTAL_DIR = 'dist/apps/admin-portal';

  /** The province this platform serves (GB/T 2260 `xx0000`): the bootstrap admin's scope, the receiver code in `inf_refmsgid`. */
  @IsString()
  @Matches(/^[1-8][0-9]0000$/, { message: 'PROVINCE_ADMDVS must be a province code such as 430000' })
  PROVINCE_ADMDVS = '430000';
}

export function assertProductionSecrets(c: GatewayConfig): void {
  if (c.ENVIRONMENT !== 'production') return;
  const bad = [
    c.JWT_SECRET === DEV_JWT_SECRET ? 'JWT_SECRET' : undefined,
    c.SECRET_KEYS === DEV_SECRET_KEYS ? 'SECRET_KEYS' : undefined,
    c.SECRET_HASH_KEY === DEV_SECRET_HASH_KEY ? 'SECRET_HASH_KEY' : undefined,
  ].filter(Boolean);
  if (bad.length > 0) throw new Error(`invalid configuration: development secrets in production: ${bad.join(', ')}`);
}
