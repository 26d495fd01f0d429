import { Client } from 'pg';
import { PortalTestClient, TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD } from './portal-client';
import { serviceEnv } from './boot';
import { type SpawnedService, spawnService } from './spawn-service';
import { createEmptyTestDatabase, type TestDatabase } from './test-database';
import { createTestNats, type TestNats } from './test-nats';

/** The platform as built processes on this test file's own database and subject prefix. */
export interface TestPlatform {
  db: TestDatabase;
  nats: TestNats;
  /** The test's own connection to the database (a new one after {@link TestPlatform.reconnectPg}). */
  pg: Client;
  /**
   * Replaces `pg` with a fresh connection — after the database server was restarted under the
   * platform (a `PrivatePostgres` fault test), which ends the old one.
   */
  reconnectPg(): Promise<void>;
  procs: Record<string, SpawnedService>;
  /** The gateway's base URL. */
  base: string;
  /** The bootstrap province administrator (province 430000), logged in. */
  admin: PortalTestClient;
  /** Creates a portal user (by the admin) and returns it logged in (initial password already changed). */
  user(username: string, roles: string[], scope: string): Promise<PortalTestClient>;
  count(fromWhere: string): Promise<number>;
  /**
   * Stops one process with `signal` (SIGKILL: a crash mid-work) and starts it again from dist/ with
   * the same environment (and the same HTTP port, so clients keep their base URL); resolves when it is ready.
   * `env` changes its environment from then on (e.g. a later CLOCK_START).
   */
  restart(app: string, signal?: NodeJS.Signals, env?: Record<string, string | number>): Promise<SpawnedService>;
  /** Starts one more process of `app` on the same database and subjects (queue groups and durable consumers shared); stopped with the platform. */
  addReplica(app: string): Promise<SpawnedService>;
  stop(): Promise<void>;
}

/**
 * Starts the gateway and the given services from dist/ (each migrates its schema) for an e2e test,
 * with the bootstrap administrator logged in. `env` applies to every process, `perApp` to one.
 * `natsUrl` / `databaseAdminUrl`: another broker / database server than the machine's shared ones
 * (a `PrivatePostgres`'s `url`: the test database is created there).
 */
export async function startTestPlatform(
  apps: string[],
  o: { env?: Record<string, string | number>; perApp?: Record<string, Record<string, string | number>>; natsUrl?: string; databaseAdminUrl?: string } = {},
): Promise<TestPlatform> {
  const [db, nats] = await Promise.all([createEmptyTestDatabase(o.databaseAdminUrl), createTestNats(o.natsUrl, Number(o.env?.JETSTREAM_REPLICAS ?? 1))]);
  const procs: Record<string, SpawnedService> = {};
  const replicas: SpawnedService[] = [];
  const all = [...apps.filter((a) => a !== 'gateway'), 'gateway'];
  const changed: Record<string, Record<string, string | number>> = {};
  const envOf = (app: string): Record<string, string | number> =>
    serviceEnv(app, db, nats, {
      ...(app === 'gateway' ? { BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD } : {}),
      ...(o.env ?? {}),
      ...(o.perApp?.[app] ?? {}),
      ...(changed[app] ?? {}),
    });
  const connectPg = async (): Promise<Client> => {
    const c = new Client({ connectionString: db.url });
    // A server restart ends the connection; without a listener that error would crash the test run.
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  let pg: Client | undefined;
  let admin: PortalTestClient;
  try {
    // allSettled: when one process fails to start, the others that did start are stopped below
    // (with Promise.all they were left running, holding jest open).
    const settled = await Promise.allSettled(all.map((app) => spawnService(app, envOf(app))));
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') procs[all[i]] = r.value;
    });
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    // Still inside the cleanup: a failure here (the database refusing a connection, the login
    // failing) left every process of the platform running while the test never got a handle to
    // stop it — each such leak held ~20 database connections, so the next files failed the same way.
    pg = await connectPg();
    admin = await new PortalTestClient(procs.gateway.ready.url ?? '').login('admin', TEST_ADMIN_PASSWORD);
  } catch (e) {
    // The first failure is the one to report: the cleanup's own errors (a full database) are not.
    await Promise.all(Object.values(procs).map((p) => p.stop()));
    await pg?.end().catch(() => undefined);
    await nats.cleanup().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw e;
  }
  const base = procs.gateway.ready.url ?? '';
  let conn = pg;
  return {
    db,
    nats,
    get pg() {
      return conn;
    },
    async reconnectPg() {
      await conn.end().catch(() => undefined);
      conn = await connectPg();
    },
    procs,
    base,
    admin,
    async user(username, roles, scope) {
      const res = await admin.post('/api/v1/users', { username, displayName: username, roles, scope, password: TEST_USER_PASSWORD });
      if (res.status !== 201) throw new Error(`could not create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return new PortalTestClient(base).login(username, TEST_USER_PASSWORD);
    },
    async count(fromWhere) {
      return Number((await conn.query<{ n: string }>(`select count(*)::text as n from ${fromWhere}`)).rows[0].n);
    },
    async restart(app, signal = 'SIGKILL', env) {
      if (env) changed[app] = { ...(changed[app] ?? {}), ...env };
      const url = procs[app].ready.url;
      await procs[app].stop(signal);
      procs[app] = await spawnService(app, { ...envOf(app), ...(url ? { HTTP_PORT: new URL(url).port } : {}) });
      return procs[app];
    },
    async addReplica(app) {
      const replica = await spawnService(app, envOf(app));
      replicas.push(replica);
      return replica;
    },
    async stop() {
      await Promise.all([...Object.values(procs), ...replicas].map((p) => p.stop()));
      await conn.end();
      await nats.cleanup();
      await db.drop();
    },
  };
}
