import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString, Min } from 'class-validator';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { DomainError } from '@mi/domain';
import { ActorTokenCodec, type MiNatsClient, type MiRpcContext, RequestScope, type RunningProcess, ServiceConfig, startService } from '@mi/platform';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { asActor, aUser, testNatsClient } from '../boot';
import { createTestNats, type TestNats } from '../test-nats';
import { waitFor } from '../wait-for';

class EchoRequest {
  @IsString()
  text: string;

  @IsInt()
  @Min(1)
  times: number;
}

const seen = { flaky: 0, poison: 0, ok: [] as string[] };

@Controller()
class ProbeHandlers {
  @MessagePattern('mi.v1.probe.echo')
  echo(@Payload() req: EchoRequest): { text: string; requestId?: string; actor?: unknown } {
    const scope = RequestScope.current();
    return { text: req.text.repeat(req.times), requestId: scope?.requestId, actor: scope?.actor };
  }

  @MessagePattern('mi.v1.probe.refuse')
  refuse(): never {
    throw new DomainError('PROBE.NOT_ALLOWED', 'not allowed', { field: 'x', reason: 'because' });
  }

  @MessagePattern('mi.v1.probe.boom')
  boom(): never {
    throw new Error('secret internal detail');
  }

  @MessagePattern('mi.v1.probe.slow')
  async slow(): Promise<string> {
    await new Promise((r) => setTimeout(r, 600));
    return 'late';
  }

  @EventPattern<string>('evt.probe.Flaky')
  flaky(@Payload() e: { id: string }): void {
    seen.flaky++;
    if (seen.flaky < 3) throw new Error('transient');
    seen.ok.push(e.id);
  }

  @EventPattern<string>('evt.probe.Poison')
  poison(@Payload() _e: unknown, @Ctx() ctx: MiRpcContext): void {
    seen.poison++;
    throw new Error(`always fails (delivery ${ctx.getDelivery()?.deliveryCount})`);
  }
}

@Module({ controllers: [ProbeHandlers] })
class ProbeModule {}

class ProbeConfig extends ServiceConfig {
  override SERVICE_NAME = 'probe';
}

describe('platform NATS transport (real NATS + JetStream)', () => {
  let nats: TestNats;
  let svc: RunningProcess<ProbeConfig>;
  let client: MiNatsClient;

  beforeAll(async () => {
    nats = await createTestNats();
    svc = await startService(ProbeModule, {
      configClass: ProbeConfig,
      logger: false,
      env: { NATS_URL: nats.url, NATS_SUBJECT_PREFIX: nats.prefix, HEALTH_PORT: 0, EVENT_MAX_DELIVER: 3 },
    });
    client = testNatsClient({ nats }, 2000);
  });

  afterAll(async () => {
    await svc?.close();
    await nats?.cleanup();
  });

  it('answers request/reply with the ok envelope and carries request id and the signed actor', async () => {
    const user = aUser({ username: 'li.si', roles: ['city-officer'], scope: '430100' });
    const out = await RequestScope.run({ requestId: 'req-12345678', actor: user }, () =>
      client.request<{ text: string; requestId: string; actor: unknown }>('mi.v1.probe.echo', { text: 'ab', times: 2 }),
    );
    expect(out).toEqual({ text: 'abab', requestId: 'req-12345678', actor: user });
    // Outside a request, the caller is the calling service itself.
    const system = await client.request<{ actor: unknown }>('mi.v1.probe.echo', { text: 'a', times: 1 });
    expect(system.actor).toEqual({ kind: 'system', id: 'test', scope: '' });
  });

  it('signs once for the calls of one request, and a new signature for another request', async () => {
    const seen: string[] = [];
    const sub = nats.nc.subscribe(nats.resolver.subject('mi.v1.probe.token-seen'), {
      callback: (_e, m) => {
        seen.push(m.headers?.get('x-mi-actor') ?? '');
        m.respond(JSON.stringify({ ok: true, data: null }));
      },
    });
    await nats.nc.flush();
    const user = aUser({ username: 'wang.wu', roles: ['auditor'], scope: '430100' });
    const twice = () => client.request('mi.v1.probe.token-seen', {}).then(() => client.request('mi.v1.probe.token-seen', {}));
    await RequestScope.run({ requestId: 'req-aaaaaaaa', actor: user }, twice);
    await RequestScope.run({ requestId: 'req-bbbbbbbb', actor: user }, twice);
    await twice();
    sub.unsubscribe();
    expect(seen).toHaveLength(6);
    expect([seen[0] === seen[1], seen[2] === seen[3], seen[4] === seen[5]]).toEqual([true, true, true]);
    expect(new Set([seen[0], seen[2], seen[4]]).size).toBe(3);
  });

  it('refuses a request without an identity, or with a forged or foreign-key one, before any handler runs', async () => {
    const ask = async (token?: string) => {
      const h = natsHeaders();
      if (token !== undefined) h.set('x-mi-actor', token);
      const msg = await nats.nc.request(nats.resolver.subject('mi.v1.probe.echo'), JSON.stringify({ text: 'a', times: 1 }), { headers: h, timeout: 2000 });
      return msg.json<{ ok: boolean; error?: { code: string } }>();
    };
    expect(await ask()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await ask('v1.dev.e30.AAAA')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const foreign = new ActorTokenCodec({ dev: Buffer.alloc(32, 7) }, 'dev').sign(aUser({ scope: '430000', roles: ['province-admin'] }), {
      nowMs: Date.now(),
      ttlMs: 60_000,
    });
    expect(await ask(foreign)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await asActor(aUser({ scope: '430100' }), async () => expect((await client.requestReply('mi.v1.probe.echo', { text: 'a', times: 1 })).ok).toBe(true));
  });

  it('refuses invalid and unknown fields with VALIDATION naming them', async () => {
    const reply = await client.requestReply('mi.v1.probe.echo', { text: 5, times: 0, extra: true });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('VALIDATION');
    const fields = (reply.error.details?.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['extra', 'text', 'times']);
  });

  it('passes domain errors through with their code, and hides bugs as INTERNAL', async () => {
    const refused = await client.requestReply('mi.v1.probe.refuse', {});
    expect(refused).toEqual({ ok: false, error: { code: 'PROBE.NOT_ALLOWED', message: 'not allowed', details: { field: 'x', reason: 'because' } } });
    const boom = await client.requestReply('mi.v1.probe.boom', {});
    expect(boom).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
  });

  it('gives TIMEOUT instead of hanging, and UNAVAILABLE when nobody listens', async () => {
    const slow = await client.requestReply('mi.v1.probe.slow', {}, { timeoutMs: 100 });
    expect(slow.ok || slow.error.code).toBe('TIMEOUT');
    const none = await client.requestReply('mi.v1.nobody.home', {});
    expect(none.ok || none.error.code).toBe('UNAVAILABLE');
  });

  it('redelivers a failing event until it succeeds, once', async () => {
    await jetstream(nats.nc).publish(nats.resolver.subject('evt.probe.Flaky'), JSON.stringify({ id: 'e1' }), { msgID: 'e1' });
    await waitFor(() => seen.ok.length === 1, 15_000, 'flaky event processed');
    expect(seen.flaky).toBe(3);
    expect(seen.ok).toEqual(['e1']);
  });

  it('dead-letters an event after max deliveries with the error in headers, never silently', async () => {
    await jetstream(nats.nc).publish(nats.resolver.subject('evt.probe.Poison'), JSON.stringify({ id: 'p1' }), { msgID: 'p1' });
    const jsm = await jetstreamManager(nats.nc);
    const dlq = await waitFor(
      async () => {
        const info = await jsm.streams.info(nats.resolver.deadLetterStream);
        return info.state.messages === 1 ? info : undefined;
      },
      20_000,
      'dead-lettered message',
    );
    expect(dlq.state.messages).toBe(1);
    expect(seen.poison).toBe(3);
    const msg = await jsm.streams.getMessage(nats.resolver.deadLetterStream, { seq: dlq.state.last_seq });
    expect(msg?.subject).toBe(nats.resolver.subject('dlq.probe__evt_probe_Poison.evt.probe.Poison'));
    expect(msg?.header.get('x-mi-dlq-deliveries')).toBe('3');
    expect(msg?.header.get('x-mi-dlq-error-code')).toBe('INTERNAL');
    expect(msg?.json()).toEqual({ id: 'p1' });
    // Terminated after dead-lettering: nothing left pending on the consumer.
    await waitFor(
      async () => {
        const consumer = await jsm.consumers.info(nats.resolver.eventsStream, nats.resolver.durableName('probe', 'evt.probe.Poison'));
        return consumer.num_ack_pending + consumer.num_pending === 0;
      },
      5000,
      'poison message terminated',
    );
    expect(seen.poison).toBe(3);
  });
});
