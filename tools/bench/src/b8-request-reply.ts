import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IsString, Length } from 'class-validator';
import { ServiceConfig, startService } from '@mi/platform';
import { createTestNats, testNatsClient } from '@mi/testing';
import { type BenchResult, percentile } from './report';

class CheckRequest {
  @IsString()
  @Length(12, 12)
  institutionCode: string;
}

@Controller()
class ProbeHandlers {
  @MessagePattern('mi.v1.bench.noop')
  noop(): { ok: boolean } {
    return { ok: true };
  }

  @MessagePattern('mi.v1.bench.validated')
  validated(@Payload() req: CheckRequest): { ok: boolean; code: string } {
    return { ok: true, code: req.institutionCode };
  }
}

@Module({ controllers: [ProbeHandlers] })
class ProbeModule {}

class ProbeConfig extends ServiceConfig {
  override SERVICE_NAME = 'bench-probe';
}

/** `n` calls of `one` with `inFlight` at a time: the rate and the sorted latencies (ms). Shared with B9. */
export async function measure(n: number, inFlight: number, one: () => Promise<unknown>): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < n) {
        const t0 = performance.now();
        await one();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rate: n / ((performance.now() - t) / 1000), latencies };
}

/**
 * B8 — what the platform's NATS request/reply costs on top of NATS itself: a bare responder vs the
 * platform transport (signed caller identity, request scope, Nest pipeline, reply envelope), with
 * and without a validated DTO. The floor for every service-to-service call (B2, eligibility).
 */
export async function b8(scale: number): Promise<BenchResult> {
  const nats = await createTestNats();
  const svc = await startService(ProbeModule, {
    configClass: ProbeConfig,
    logger: false,
    env: { NATS_URL: nats.url, NATS_SUBJECT_PREFIX: nats.prefix, HEALTH_PORT: 0 },
  });
  try {
    const client = testNatsClient({ nats }, 10_000);
    const echoSubject = nats.resolver.subject('bench.echo');
    nats.nc.subscribe(echoSubject, {
      callback: (_e, m) => {
        m.respond(m.data);
      },
    });
    const body = JSON.stringify({ institutionCode: 'H43010200001' });
    const variants: [string, () => Promise<unknown>][] = [
      ['bare NATS request/reply', () => nats.nc.request(echoSubject, body, { timeout: 10_000 })],
      ['platform request, no DTO', () => client.request('mi.v1.bench.noop', {})],
      ['platform request, validated DTO', () => client.request('mi.v1.bench.validated', { institutionCode: 'H43010200001' })],
    ];
    const n = Math.max(500, Math.round(5000 * scale));
    for (const [, one] of variants) await measure(200, 1, one); // warm-up
    const measurements: BenchResult['measurements'] = [];
    const details: string[] = [];
    for (const inFlight of [1, 64]) {
      for (const [name, one] of variants) {
        const r = await measure(n, inFlight, one);
        measurements.push({
          name: `${name}${inFlight > 1 ? ` ×${inFlight}` : ''}`,
          opsPerSec: r.rate,
          p50: percentile(r.latencies, 50),
          p99: percentile(r.latencies, 99),
          note: `${n} requests`,
        });
      }
    }
    const bare = measurements[0].opsPerSec;
    const platform = measurements[2].opsPerSec;
    details.push(`one at a time: the platform transport with a validated DTO runs at ${(platform / bare).toFixed(2)}× the bare round trip`);
    return {
      id: 'B8',
      title: 'NATS request/reply: the platform transport vs bare NATS (same connection, same process)',
      unit: 'requests',
      anchor: 'bare NATS request/reply',
      measurements,
      target: { text: 'a service call within 2× a bare NATS round trip (issue #5, settlement eligibility)', met: platform / bare >= 0.5 },
      details,
    };
  } finally {
    await svc.close();
    await nats.cleanup();
  }
}
