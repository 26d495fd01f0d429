import { Controller, HttpCode, Inject, Logger, type OnModuleInit, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Clock, DomainError } from '@mi/domain';
import {
  type CasePageView,
  CaseSubjects,
  type CaseSummaryView,
  INTAKE_MAX_BATCH,
  type IntakeResult,
  ReviewIntakeSubjects,
  type SettlementIntakeReply,
} from '@mi/contracts';
import { CLOCK, MiNatsClient, RequestScope, SERVICE_CONFIG } from '@mi/platform';
import type { GatewayConfig } from '../config';
import { Public } from '../identity/auth.guard';
import { HisAuthService } from '../his/his-auth.service';
import { nhsaError, nhsaOk, type NhsaResponse } from '../his/nhsa-envelope';

type RawRequest = FastifyRequest & { rawBody?: Buffer };

export const NDJSON = 'application/x-ndjson';
/** Records per request a HIS may send (NDJSON: thousands per request). */
export const UPLOAD_MAX_RECORDS = 20_000;
/** Keeps each NATS message well under the server's max payload (1 MB by default). */
const MAX_MESSAGE_BYTES = 512 * 1024;

/** An NDJSON body kept as text until the handler splits it (so a bad line names its line number). */
class NdjsonBody {
  constructor(readonly text: string) {}
}

/** `{ settlements: [...] }`, an array, or one record → the records. */
function recordsOf(body: unknown): unknown[] {
  if (body instanceof NdjsonBody) {
    const out: unknown[] = [];
    body.text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line));
      } catch {
        throw new DomainError('VALIDATION', `第 ${i + 1} 行不是合法的JSON (line ${i + 1} is not JSON)`, { field: `line ${i + 1}` });
      }
    });
    return out;
  }
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) {
    const o = body as Record<string, unknown>;
    if (Array.isArray(o.settlements)) return o.settlements;
    if (o.settlements !== undefined) throw new DomainError('VALIDATION', 'settlements: 必须是数组 (must be an array)', { field: 'settlements' });
    return [o];
  }
  throw new DomainError('VALIDATION', '请求体缺失或不是JSON (body is required)', { field: 'body' });
}

/** Splits the records into messages of at most {@link INTAKE_MAX_BATCH} records and ~512 KB. */
function chunks(records: unknown[]): { start: number; records: unknown[] }[] {
  const out: { start: number; records: unknown[] }[] = [];
  let current: unknown[] = [];
  let bytes = 0;
  let start = 0;
  records.forEach((r, i) => {
    const size = Buffer.byteLength(JSON.stringify(r) ?? 'null');
    if (current.length > 0 && (current.length >= INTAKE_MAX_BATCH || bytes + size > MAX_MESSAGE_BYTES)) {
      out.push({ start, records: current });
      current = [];
      bytes = 0;
      start = i;
    }
    current.push(r);
    bytes += size;
  });
  if (current.length > 0) out.push({ start, records: current });
  return out;
}

/** Shifts `settlements[3]` in reasons by the chunk's offset so paths point into the whole upload. */
function shift(result: IntakeResult, offset: number): IntakeResult {
  if (offset === 0 || !result.reasons) return result;
  const fix = (s: string): string => s.replace(/^settlements\[(\d+)\]/, (_m, n: string) => `settlements[${Number(n) + offset}]`);
  return { ...result, reasons: result.reasons.map((r) => ({ ...r, message: fix(r.message), ...(r.field ? { field: fix(r.field) } : {}) })) };
}

/**
 * 结算数据上传 — `POST /his/v1/settlements`: a HIS uploads its settlements (NHSA `setl_d` +
 * `fee_list[]`) as `application/json` (one record, an array, or `{ settlements: [...] }`) or as
 * `application/x-ndjson` (one record per line), signed with the same `x-tif-*` headers as the
 * national interface. claims-review stores and reviews them; the answer is the NHSA envelope with
 * one result per record (`ACCEPTED` / `DUPLICATE` / `REFUSED` with reasons), always HTTP 200.
 */
@ApiExcludeController()
@Public()
@Controller('his/v1')
export class HisUploadController implements OnModuleInit {
  private readonly log = new Logger('his-upload');

  constructor(
    private readonly auth: HisAuthService,
    private readonly nats: MiNatsClient,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** NDJSON bodies: the exact bytes kept for the signature, parsed line by line in the handler. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser(NDJSON)) return;
    fastify.addContentTypeParser(NDJSON, { parseAs: 'buffer' }, (req, body: Buffer, done) => {
      (req as unknown as { rawBody: Buffer }).rawBody = body;
      done(null, new NdjsonBody(body.toString('utf8')));
    });
  }

  @Post('settlements')
  @HttpCode(200)
  async upload(@Req() req: RawRequest): Promise<NhsaResponse> {
    const received = this.clock.now();
    const receiver = this.config.PROVINCE_ADMDVS;
    try {
      const records = recordsOf(req.body);
      const first = records[0] as Record<string, unknown> | undefined;
      const actor = await this.auth.authenticate({
        method: req.method,
        path: req.url.split('?')[0],
        headers: req.headers,
        rawBody: req.rawBody ?? Buffer.from(''),
        fixmedinsCode: first && typeof first === 'object' ? first.fixmedins_code : undefined,
      });
      if (records.length === 0) throw new DomainError('VALIDATION', 'settlements: 至少一条结算 (at least one settlement)', { field: 'settlements' });
      if (records.length > UPLOAD_MAX_RECORDS)
        throw new DomainError('VALIDATION', `settlements: 每次最多 ${UPLOAD_MAX_RECORDS} 条 (at most ${UPLOAD_MAX_RECORDS} per request)`, {
          field: 'settlements',
        });
      const results = await RequestScope.run({ requestId: String(req.id), actor }, async () => {
        const out: IntakeResult[] = [];
        for (const c of chunks(records)) {
          const reply = await this.nats.request<SettlementIntakeReply>(
            ReviewIntakeSubjects.intake,
            { settlements: c.records },
            { timeoutMs: this.config.HIS_UPLOAD_TIMEOUT_MS },
          );
          out.push(...reply.results.map((r) => shift(r, c.start)));
        }
        return out;
      });
      return nhsaOk(receiver, received, this.clock.now(), { results });
    } catch (e) {
      const message = e instanceof DomainError ? e.message : '系统内部错误 (internal error)';
      if (!(e instanceof DomainError)) this.log.error({ msg: 'settlement upload failed', error: String((e as Error)?.stack ?? e) });
      else this.log.warn({ msg: 'settlement upload refused', code: e.code, reason: e.details.reason, paasId: req.headers['x-tif-paasid'] });
      return nhsaError(receiver, received, this.clock.now(), message);
    }
  }

  /**
   * 审核案件查询 — the institution's own review cases (e.g. `{"fixmedins_code": "…", "stage": "APPEAL"}`
   * for the suspect findings it may still appeal), signed like the settlement upload.
   */
  @Post('review-cases/query')
  @HttpCode(200)
  queryCases(@Req() req: RawRequest): Promise<NhsaResponse> {
    return this.signed(req, 'review cases query', (body) => {
      const { fixmedins_code: _code, ...filters } = body;
      return this.nats.request<CasePageView>(CaseSubjects.list, filters);
    });
  }

  /**
   * 申诉 — the institution appeals a case it was notified of, within the appeal window:
   * `{"fixmedins_code", "statement", "attachments": [{fileName, contentType, contentBase64}]}`.
   */
  @Post('review-cases/:id/appeal')
  @HttpCode(200)
  appealCase(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: RawRequest): Promise<NhsaResponse> {
    return this.signed(req, 'appeal', (body) =>
      this.nats.request<CaseSummaryView>(CaseSubjects.appeal, { caseId: id, statement: body.statement, attachments: body.attachments }),
    );
  }

  /** Authenticates a signed JSON request, runs `work` as the institution and wraps the answer in the NHSA envelope. */
  private async signed(req: RawRequest, what: string, work: (body: Record<string, unknown>) => Promise<unknown>): Promise<NhsaResponse> {
    const received = this.clock.now();
    const receiver = this.config.PROVINCE_ADMDVS;
    try {
      const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : undefined;
      if (!body) throw new DomainError('VALIDATION', '请求体必须是JSON对象 (body must be a JSON object)', { field: 'body' });
      const actor = await this.auth.authenticate({
        method: req.method,
        path: req.url.split('?')[0],
        headers: req.headers,
        rawBody: req.rawBody ?? Buffer.from(''),
        fixmedinsCode: body.fixmedins_code,
      });
      const output = await RequestScope.run({ requestId: String(req.id), actor }, () => work(body));
      return nhsaOk(receiver, received, this.clock.now(), output as Record<string, unknown>);
    } catch (e) {
      const message = e instanceof DomainError ? e.message : '系统内部错误 (internal error)';
      if (!(e instanceof DomainError)) this.log.error({ msg: `${what} failed`, error: String((e as Error)?.stack ?? e) });
      else this.log.warn({ msg: `${what} refused`, code: e.code, reason: e.details.reason, paasId: req.headers['x-tif-paasid'] });
      return nhsaError(receiver, received, this.clock.now(), message);
    }
  }
}
