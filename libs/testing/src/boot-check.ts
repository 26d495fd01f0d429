import type { Type } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { AuditService, type RunningProcess, type ServiceConfig, type ServicePersistenceOptions } from '@mi/platform';
import { createTestInfra, startTestService, type TestInfra } from './boot';

/**
 * The contract every service meets from its first commit: it boots against real PostgreSQL and
 * NATS, its schema holds the platform tables, /ready answers 200 and its audit chain verifies.
 * Call inside a service's int-spec: `describeServiceBoots('fund-pooling-service', AppModule, FundPoolingConfig, persistence)`.
 */
export function describeServiceBoots<C extends ServiceConfig>(
  service: string,
  appModule: Type<unknown>,
  configClass: new () => C,
  persistence: ServicePersistenceOptions,
): void {
  describe(`${service} boots on the platform`, () => {
    let infra: TestInfra;
    let svc: RunningProcess<C>;

    beforeAll(async () => {
      infra = await createTestInfra([persistence]);
      svc = await startTestService(infra, appModule, configClass, service);
    });

    afterAll(async () => {
      await svc?.close();
      await infra?.close();
    });

    it(`owns schema "${persistence.schema}" with outbox, inbox and audit log`, async () => {
      const rows = await svc
        .get(MikroORM)
        .em.fork()
        .execute<{ table_name: string }[]>(`select table_name from information_schema.tables where table_schema = ? order by table_name`, [persistence.schema]);
      expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['audit_log', 'inbox', 'mikro_orm_migrations', 'outbox']));
    });

    it('answers /health and /ready', async () => {
      const health = await fetch(`http://127.0.0.1:${svc.healthPort}/health`);
      expect(await health.json()).toEqual({ status: 'ok', service });
      const ready = await fetch(`http://127.0.0.1:${svc.healthPort}/ready`);
      expect(ready.status).toBe(200);
    });

    it('starts with an intact audit chain', async () => {
      expect(await svc.get(AuditService).verify()).toMatchObject({ ok: true });
    });
  });
}
