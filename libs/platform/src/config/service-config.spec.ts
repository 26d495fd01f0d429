import { ConfigError, loadConfig, ServiceConfig } from './service-config';

class DemoConfig extends ServiceConfig {
  override SERVICE_NAME = 'demo';
}

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const c = loadConfig(DemoConfig, { HEALTH_PORT: '3101', NATS_URL: 'nats://a:4222,nats://b:4222' });
    expect(c.SERVICE_NAME).toBe('demo');
    expect(c.HEALTH_PORT).toBe(3101);
    expect(c.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/mi');
    expect(c.NATS_URL).toBe('nats://a:4222,nats://b:4222');
  });

  it('refuses bad values naming each variable', () => {
    let error: unknown;
    try {
      loadConfig(DemoConfig, { HEALTH_PORT: '99999', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.field).sort()).toEqual(['DATABASE_URL', 'HEALTH_PORT', 'LOG_LEVEL']);
    expect((error as Error).message).toContain('DATABASE_URL must be a postgresql:// URL');
  });

  it('refuses a non-numeric number', () => {
    expect(() => loadConfig(DemoConfig, { NATS_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/NATS_REQUEST_TIMEOUT_MS/);
  });

  it('takes a shifted business clock for rehearsals only, as a zoned ISO instant', () => {
    expect(loadConfig(DemoConfig, { CLOCK_START: '2024-12-20T02:00:00Z' }).CLOCK_START).toBe('2024-12-20T02:00:00Z');
    expect(() => loadConfig(DemoConfig, { CLOCK_START: '2024-12-20' })).toThrow(/CLOCK_START: must be an ISO 8601 instant/);
    expect(() =>
      loadConfig(DemoConfig, {
        CLOCK_START: '2024-12-20T02:00:00Z',
        ENVIRONMENT: 'production',
        ACTOR_KEYS: 'k1:' + Buffer.alloc(32, 7).toString('base64'),
        ACTOR_ACTIVE_KEY: 'k1',
      }),
    ).toThrow(/CLOCK_START: a shifted clock may not be used in production/);
  });
});
