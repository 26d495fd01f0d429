import { jetstream } from '@nats-io/jetstream';
import type { ManualClock } from '@mi/domain';
import type { MiNatsClient, PortalActor, RunningProcess } from '@mi/platform';
import { asActor, createTestInfra, startTestService, type TestInfra, testNatsClient } from '@mi/testing';
import { AppModule } from '../src/app.module';
import { CreditConfig } from '../src/config';
import { persistence } from '../src/persistence';

export interface CreditHarness {
  infra: TestInfra;
  sut: RunningProcess<CreditConfig>;
  client: MiNatsClient;
  /** Publishes an event to the events stream (a `msgID` lets JetStream de-duplicate it). */
  publish(subject: string, body: unknown, msgID?: string): Promise<void>;
}

/** Starts credit-service against its own database and subject prefix for the enclosing `describe`. */
export function creditHarness(clock?: ManualClock): CreditHarness {
  const h = {
    async publish(subject: string, body: unknown, msgID?: string): Promise<void> {
      await jetstream(h.infra.nats.nc).publish(h.infra.nats.resolver.subject(subject), JSON.stringify(body), msgID ? { msgID } : {});
    },
  } as CreditHarness;
  beforeAll(async () => {
    h.infra = await createTestInfra([persistence]);
    h.sut = await startTestService(h.infra, AppModule, CreditConfig, 'credit-service', {
      ...(clock ? { clock } : {}),
      extraEnv: { REFERRAL_SWEEP_INTERVAL_MS: 0 },
    });
    h.client = testNatsClient(h.infra);
  });
  afterAll(async () => {
    await h.sut?.close();
    await h.infra?.close();
  });
  return h;
}

export interface RefusedReply {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Calls as a portal user: `call` expects success, `refuse` a refusal, `fields` names the refused fields. */
export function actorCalls(h: CreditHarness) {
  const call = <T>(actor: PortalActor, subject: string, body: unknown): Promise<T> => asActor(actor, () => h.client.request<T>(subject, body));
  async function refuse(actor: PortalActor, subject: string, body: unknown): Promise<RefusedReply> {
    const r = await asActor(actor, () => h.client.requestReply(subject, body));
    if (r.ok) throw new Error(`expected ${subject} to be refused`);
    return r.error as RefusedReply;
  }
  const fields = (e: RefusedReply) => (e.details?.fields as { field: string }[] | undefined)?.map((f) => f.field) ?? [e.details?.field];
  return { call, refuse, fields };
}
