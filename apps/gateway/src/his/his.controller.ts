import { randomBytes } from 'node:crypto';
import { Controller, HttpCode, Inject, Logger, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Clock, DomainError } from '@mi/domain';
import { INVENTORY_TRANSACTIONS, type InventoryUploadReply, InventorySubjects, type PrecheckReply, ReviewSubjects } from '@mi/contracts';
import { AuditService, CLOCK, MiNatsClient, RequestScope, SERVICE_CONFIG } from '@mi/platform';
import { MikroORM } from '@mikro-orm/postgresql';
import type { GatewayConfig } from '../config';
import { Public } from '../identity/auth.guard';
import { HisAuthService } from './his-auth.service';
import { nhsaDateTime, nhsaError, nhsaOk, type NhsaResponse } from './nhsa-envelope';

type RawRequest = FastifyRequest & { rawBody?: Buffer };

/** `input.data` of the envelope (some clients send `input` as a JSON string). */
function inputData(body: Record<string, unknown>): Record<string, unknown> {
  let input = body.input;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      throw new DomainError('VALIDATION', 'input: 不是合法的JSON (input is not JSON)', { field: 'input' });
    }
  }
  const data = (input as { data?: unknown } | undefined)?.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DomainError('VALIDATION', 'input.data: 缺失或不是对象 (input.data is required)', { field: 'input.data' });
  return data as Record<string, unknown>;
}

/**
 * The records of a 35xx (进销存) upload: `input.<key>` as the national interface names it
 * (`invinfo`, `purcinfo`, `selinfo`) or `input.data`; one object or an array of them.
 */
function inputRecords(body: Record<string, unknown>, key: string): { inputKey: string; records: Record<string, unknown>[] } {
  let input = body.input;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      throw new DomainError('VALIDATION', 'input: 不是合法的JSON (input is not JSON)', { field: 'input' });
    }
  }
  const obj = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const inputKey = obj[key] !== undefined ? key : 'data';
  const raw = obj[inputKey];
  const records = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]) as unknown[];
  if (records.length === 0 || records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new DomainError('VALIDATION', `input.${key}: 缺失或不是对象/对象数组 (input.${key} is required: an object or an array of objects)`, {
      field: `input.${key}`,
    });
  }
  if (records.length > 5000)
    throw new DomainError('VALIDATION', `input.${key}: 一次最多 5000 条 (at most 5000 records per request)`, { field: `input.${key}` });
  return { inputKey, records: records as Record<string, unknown>[] };
}

/**
 * The national HIS interface (NHSA-INTERFACES.md): `POST /fsi/api/rsfComIfsService/callService`
 * with `infno` in the body or as a trailing path segment. Every answer is HTTP 200 with the NHSA
 * envelope; a refusal is `infcode: -1` with an `err_msg` naming the problem.
 */
@ApiExcludeController()
@Public()
@Controller('fsi/api/rsfComIfsService')
export class HisController {
  private readonly log = new Logger('his');

  constructor(
    private readonly auth: HisAuthService,
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly nats: MiNatsClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('callService')
  @HttpCode(200)
  call(@Req() req: RawRequest): Promise<NhsaResponse> {
    return this.handle(req, undefined);
  }

  @Post('callService/:infno')
  @HttpCode(200)
  callWithInfno(@Req() req: RawRequest, @Param('infno') infno: string): Promise<NhsaResponse> {
    return this.handle(req, infno);
  }

  private async handle(req: RawRequest, pathInfno: string | undefined): Promise<NhsaResponse> {
    const received = this.clock.now();
    const receiver = this.config.PROVINCE_ADMDVS;
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    try {
      const actor = await this.auth.authenticate({
        method: req.method,
        path: req.url.split('?')[0],
        headers: req.headers,
        rawBody: req.rawBody ?? Buffer.from(''),
        fixmedinsCode: body.fixmedins_code,
      });
      const infno = String(pathInfno ?? body.infno ?? '').trim();
      if (!infno) throw new DomainError('VALIDATION', 'infno 缺失 (infno is required in the body or the path)', { field: 'infno' });
      if (pathInfno && body.infno !== undefined && String(body.infno) !== pathInfno) {
        throw new DomainError('VALIDATION', `infno 不一致：路径 ${pathInfno}，报文 ${String(body.infno)} (infno in path and body differ)`, { field: 'infno' });
      }
      return await RequestScope.run({ requestId: String(req.id), actor }, async () => {
        switch (infno) {
          case '9001':
            return nhsaOk(receiver, received, this.clock.now(), await this.signIn(actor.institutionCode, actor.scope, body));
          case '3101':
          case '3102': {
            const data = inputData(body);
            const reply = await this.nats.request<PrecheckReply>(
              ReviewSubjects.precheck,
              { infno, data, ...(typeof body.msgid === 'string' ? { msgid: body.msgid.slice(0, 60) } : {}) },
              { timeoutMs: this.config.PRECHECK_DEADLINE_MS },
            );
            return nhsaOk(receiver, received, this.clock.now(), { result: reply.result });
          }
          case '3103':
            await this.nats.request(ReviewSubjects.precheckFeedback, { data: inputData(body) }, { timeoutMs: this.config.PRECHECK_DEADLINE_MS });
            return nhsaOk(receiver, received, this.clock.now(), {});
          case '3501':
          case '3503':
          case '3504':
          case '3505':
          case '3506': {
            const { inputKey, records } = inputRecords(body, INVENTORY_TRANSACTIONS[infno].inputKey);
            await this.nats.request<InventoryUploadReply>(InventorySubjects.upload, {
              infno,
              inputKey,
              records,
              ...(typeof body.msgid === 'string' ? { msgid: body.msgid.slice(0, 60) } : {}),
            });
            return nhsaOk(receiver, received, this.clock.now(), {});
          }
          default:
            throw new DomainError('VALIDATION', `不支持的交易编号 infno=${infno} (unsupported transaction)`, { field: 'infno' });
        }
      });
    } catch (e) {
      const code = e instanceof DomainError ? e.code : 'INTERNAL';
      // Never a hang: when review cannot answer in time the HIS is told plainly it was not reviewed.
      const message =
        code === 'TIMEOUT'
          ? `未审核：审核服务未在 ${this.config.PRECHECK_DEADLINE_MS} ms 内应答 (not reviewed: review did not answer in time)`
          : code === 'UNAVAILABLE'
            ? '未审核：审核服务暂不可用 (not reviewed: review service unavailable)'
            : e instanceof DomainError
              ? e.message
              : '系统内部错误 (internal error)';
      if (!(e instanceof DomainError)) this.log.error({ msg: 'HIS request failed', error: String((e as Error)?.stack ?? e) });
      else this.log.warn({ msg: 'HIS request refused', code: e.code, reason: e.details.reason, paasId: req.headers['x-tif-paasid'], msgid: body.msgid });
      return nhsaError(receiver, received, this.clock.now(), message);
    }
  }

  /** 【9001】签到: opens the operator's business day; answers `sign_no` and `sign_time`. */
  private async signIn(institutionCode: string, admdvs: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const input = (body.input ?? {}) as { signIn?: { opter_no?: unknown; mac?: unknown; ip?: unknown } };
    const opterNo = input.signIn?.opter_no ?? body.opter;
    if (typeof opterNo !== 'string' && typeof opterNo !== 'number')
      throw new DomainError('VALIDATION', 'input.signIn.opter_no 缺失 (operator number is required)', { field: 'input.signIn.opter_no' });
    const now = this.clock.now();
    const signNo = `${institutionCode}${nhsaDateTime(now).replace(/\D/g, '').slice(2)}${randomBytes(3).toString('hex')}`.slice(0, 30);
    await this.orm.em.fork().transactional((em) =>
      this.audit.record(em, {
        action: 'his.sign-in',
        targetType: 'institution',
        targetId: institutionCode,
        admdvs,
        detail: { signNo, opterNo: String(opterNo), mac: input.signIn?.mac ?? null, ip: input.signIn?.ip ?? null },
      }),
    );
    return { signinoutb: { sign_time: nhsaDateTime(now), sign_no: signNo } };
  }
}
