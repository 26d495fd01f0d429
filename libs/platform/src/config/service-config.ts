import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { flattenValidationErrors } from '@mi/contracts';

/**
 * Settings every process of the platform needs. A service extends this class with its own
 * settings; {@link loadConfig} validates the whole object at boot and refuses to start with a
 * message naming each bad variable. Nothing else reads `process.env`.
 */
export class ServiceConfig {
  /** Service name = NATS queue group = durable-consumer prefix = log field. */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/)
  SERVICE_NAME: string;

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/mi';

  @IsString()
  @Matches(/^(nats|tls):\/\//, { message: 'NATS_URL must be a nats:// URL (comma-separate a cluster)' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** Prefix for every subject and stream: empty in production, unique per test file. */
  @IsString()
  @Matches(/^([a-z0-9_]+\.)?$/, { message: 'NATS_SUBJECT_PREFIX must be empty or `token.`' })
  NATS_SUBJECT_PREFIX = '';

  /**
   * JSON file with holiday arrangements added after the release (e.g. the 2027 notice), one year
   * object or an array; empty = the built-in years only. See docs/operations.md.
   */
  @IsString()
  CALENDAR_YEARS_FILE = '';

  /** Port of the /health and /ready endpoints (0 = pick a free port, tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  HEALTH_PORT = 0;

  @IsInt()
  @Min(1)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  /** JetStream deliveries of an event before it goes to the dead-letter stream. */
  @IsInt()
  @Min(1)
  EVENT_MAX_DELIVER = 5;

  /** JetStream replicas of the streams this process creates (3 on the production cluster). */
  @IsInt()
  @Min(1)
  @Max(5)
  JETSTREAM_REPLICAS = 1;

  @IsIn(['true', 'false'])
  MIGRATE_ON_BOOT: 'true' | 'false' = 'true';

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** OTLP/HTTP endpoint; tracing is off when empty. */
  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 200;

  /**
   * `off`: this process commits events to its outbox but does not publish them — another replica
   * (or this one restarted with `on`) does. For a replica kept off the broker during a broker
   * migration, and for the fault test of a crash between a commit and its publish.
   */
  @IsIn(['on', 'off'])
  OUTBOX_RELAY: 'on' | 'off' = 'on';

  /** Audit records older than this are purged daily (等保三级: at least 180 days). */
  @IsInt()
  @Min(180)
  AUDIT_RETENTION_DAYS = 1095;

  /**
   * Rehearsals only: the process's business clock starts at this ISO instant and runs at real
   * speed (tools/scenario replays a year in a city). Empty in production, which refuses it.
   */
  @IsString()
  CLOCK_START = '';

  /** `development` allows the built-in development keys; `production` refuses to boot with them. */
  @IsIn(['development', 'production'])
  ENVIRONMENT: 'development' | 'production' = 'development';

  /**
   * Keyring that signs the caller identity between processes (`kid:base64,kid2:base64`, ≥ 32
   * bytes each). Every process of a deployment shares it; rotate by adding a key, switching
   * ACTOR_ACTIVE_KEY, then removing the old one.
   */
  @IsString()
  ACTOR_KEYS = DEV_ACTOR_KEYS;

  @IsString()
  ACTOR_ACTIVE_KEY = 'dev';

  /** Lifetime of a signed actor token (a request chain must finish within it). */
  @IsInt()
  @Min(1000)
  ACTOR_TOKEN_TTL_MS = 120_000;
}

/** Development-only keyring; `ENVIRONMENT=production` refuses it. */
export const DEV_ACTOR_KEYS = 'dev:ZGV2ZWxvcG1lbnQtb25seS1hY3Rvci1rZXktbm90LWZvci1wcm9kdWN0aW9uIQ==';

export class ConfigError extends Error {
  constructor(public readonly problems: { field: string; reason: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p.field}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Builds and validates a config object from a source of strings (process.env by default;
 * tests pass an object). Numbers are converted; unknown variables are ignored.
 */
export function loadConfig<T extends ServiceConfig>(cls: new () => T, source: Record<string, string | number | undefined> = process.env): T {
  const defaults = new cls();
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const raw = source[key];
    if (raw === undefined || raw === '') continue;
    const def = defaults[key];
    plain[key] = typeof def === 'number' ? Number(raw) : String(raw);
  }
  if (source.SERVICE_NAME !== undefined) plain.SERVICE_NAME = String(source.SERVICE_NAME);
  const config = Object.assign(defaults, plainToInstance(cls, plain));
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(flattenValidationErrors(errors));
  if (config.ENVIRONMENT === 'production' && config.ACTOR_KEYS === DEV_ACTOR_KEYS) {
    throw new ConfigError([{ field: 'ACTOR_KEYS', reason: 'the development key may not be used in production; set your own keyring' }]);
  }
  if (config.CLOCK_START !== '') {
    if (config.ENVIRONMENT === 'production') throw new ConfigError([{ field: 'CLOCK_START', reason: 'a shifted clock may not be used in production' }]);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(config.CLOCK_START) || Number.isNaN(Date.parse(config.CLOCK_START))) {
      throw new ConfigError([{ field: 'CLOCK_START', reason: 'must be an ISO 8601 instant with Z or an offset' }]);
    }
  }
  return config;
}
