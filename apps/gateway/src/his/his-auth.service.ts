import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { type Clock, DomainError } from '@mi/domain';
import { canonicalRequest, CLOCK, compatibleSignature, GroupCommit, type HisActor, SERVICE_CONFIG, signaturesEqual, strongSignature } from '@mi/platform';
import type { GatewayConfig } from '../config';
import type { HisClientEntity } from './his-client.entity';
import { HisClientsService } from './his-clients.service';
import { RateLimiter } from './rate-limiter';

export interface HisRequest {
  method: string;
  /** Path as sent (without query), part of the strong-mode canonical string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** `fixmedins_code` of the envelope. */
  fixmedinsCode: unknown;
}

/** Every refusal of a HIS request: the gateway answers `infcode -1` with this text. */
export class HisAuthError extends DomainError {
  constructor(reason: string, message: string) {
    super('UNAUTHENTICATED', message, { reason });
  }
}

const header = (h: HisRequest['headers'], name: string): string | undefined => {
  const v = h[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * 接入认证 — authenticates a HIS request by the NHSA gateway headers: the credential
 * (`x-tif-paasid`), the timestamp window (±HIS_TIMESTAMP_WINDOW_S), the signature (national
 * compatible SHA-256, or HMAC-SHA256 / HMAC-SM3 over method, path, timestamp, nonce and body
 * digest where the bureau requires it), a nonce never seen within the window (replay), the
 * envelope's institution and the per-institution rate limit. Refusals change nothing.
 */
@Injectable()
export class HisAuthService {
  private readonly cache = new Map<string, { client: HisClientEntity | null; secret?: string; until: number }>();
  private readonly limiter = new RateLimiter();
  private readonly nonces: GroupCommit<{ paasId: string; nonce: string; at: Date }, boolean>;

  constructor(
    private readonly orm: MikroORM,
    private readonly clients: HisClientsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {
    clients.onChange((paasId) => this.cache.delete(paasId));
    this.nonces = new GroupCommit(orm, async (em, items) => {
      const inserted = await em.execute<{ paas_id: string; nonce: string }[]>(
        `insert into gateway.his_nonce (paas_id, nonce, seen_at) values ${items.map(() => '(?, ?, ?)').join(', ')} on conflict do nothing returning paas_id, nonce`,
        items.flatMap((i) => [i.paasId, i.nonce, i.at]),
      );
      const fresh = new Set(inserted.map((r) => `${r.paas_id} ${r.nonce}`));
      // The same nonce twice in one batch: only the first one is new.
      const seen = new Set<string>();
      return items.map((i) => {
        const key = `${i.paasId} ${i.nonce}`;
        const isNew = fresh.has(key) && !seen.has(key);
        seen.add(key);
        return isNew;
      });
    });
  }

  async authenticate(req: HisRequest): Promise<HisActor> {
    const paasId = header(req.headers, 'x-tif-paasid');
    const timestamp = header(req.headers, 'x-tif-timestamp');
    const nonce = header(req.headers, 'x-tif-nonce');
    const signature = header(req.headers, 'x-tif-signature')?.toLowerCase();
    if (!paasId) throw new HisAuthError('missing-paasid', '缺少请求头 x-tif-paasid (missing x-tif-paasid)');
    if (!timestamp || !/^\d{10}$/.test(timestamp))
      throw new HisAuthError('bad-timestamp', 'x-tif-timestamp 必须是10位Unix秒 (x-tif-timestamp must be Unix seconds)');
    if (!nonce || !/^[\w-]{1,64}$/.test(nonce)) throw new HisAuthError('bad-nonce', 'x-tif-nonce 缺失或格式错误 (x-tif-nonce missing or malformed)');
    if (!signature || !/^[0-9a-f]{64}$/.test(signature))
      throw new HisAuthError('bad-signature', 'x-tif-signature 缺失或格式错误 (x-tif-signature missing or malformed)');

    const nowMs = this.clock.now().getTime();
    const skew = Math.abs(nowMs / 1000 - Number(timestamp));
    if (skew > this.config.HIS_TIMESTAMP_WINDOW_S) {
      throw new HisAuthError('timestamp-window', `x-tif-timestamp 超出允许的时间窗口 ±${this.config.HIS_TIMESTAMP_WINDOW_S}s (timestamp outside the window)`);
    }
    const { client, secret } = await this.lookup(paasId, nowMs);
    if (!client || !secret) throw new HisAuthError('unknown-client', 'x-tif-paasid 无效或已注销 (unknown or revoked credential)');

    const expected =
      client.mode === 'compatible'
        ? compatibleSignature(timestamp, secret, nonce)
        : strongSignature(
            client.algorithm === 'HMAC-SM3' ? 'HMAC-SM3' : 'HMAC-SHA256',
            secret,
            canonicalRequest({ method: req.method, path: req.path, timestamp, nonce, body: req.rawBody }),
          );
    if (!signaturesEqual(expected, signature)) {
      const hint = client.mode === 'strong' ? '；本机构须使用强签名 (this institution must sign in strong mode)' : '';
      throw new HisAuthError('signature-mismatch', `签名校验失败 (signature mismatch)${hint}`);
    }
    if (typeof req.fixmedinsCode !== 'string' || req.fixmedinsCode.toUpperCase() !== client.institutionCode) {
      throw new HisAuthError(
        'institution-mismatch',
        `fixmedins_code 与接入凭证所属机构 ${client.institutionCode} 不一致 (fixmedins_code does not match the credential)`,
      );
    }
    if (!this.limiter.take(client.paasId, client.ratePerMinute, nowMs)) {
      throw new DomainError('RATE_LIMITED', `请求过于频繁，超过每分钟 ${client.ratePerMinute} 次 (rate limit exceeded)`, { reason: 'rate-limit' });
    }
    // Last: remember the nonce. Only signed requests get here, so strangers cannot fill the table.
    // Concurrent requests share one insert and one commit (group commit); each learns whether its nonce was new.
    const fresh = await this.nonces.add({ paasId: client.paasId, nonce, at: new Date(nowMs) });
    if (!fresh) throw new HisAuthError('replay', '重复请求：x-tif-nonce 已使用 (replayed request: nonce already used)');
    if (Math.random() < 0.001) {
      await this.orm.em.fork().execute(`delete from gateway.his_nonce where seen_at < ?`, [new Date(nowMs - 2 * this.config.HIS_TIMESTAMP_WINDOW_S * 1000)]);
    }
    return { kind: 'his', id: client.id, institutionCode: client.institutionCode, scope: client.admdvs };
  }

  /** Credentials are cached 5 s (a revocation reaches other replicas within that time). */
  private async lookup(paasId: string, nowMs: number): Promise<{ client: HisClientEntity | null; secret?: string }> {
    const hit = this.cache.get(paasId);
    if (hit && hit.until > nowMs) return hit;
    const client = await this.clients.findActiveByPaasId(paasId);
    const entry = { client, secret: client ? this.clients.decryptSecret(client) : undefined, until: nowMs + 5000 };
    this.cache.set(paasId, entry);
    if (this.cache.size > 20_000) this.cache.clear();
    return entry;
  }
}
