import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes, httpStatusForCode, type ErrorBody } from '@mi/contracts';
import { toErrorBody } from '@mi/platform';
import { nhsaError } from '../his/nhsa-envelope';

/**
 * The gateway's one translation point for `/api/v1`: every error becomes RFC 9457
 * `application/problem+json` with the stable `code`, the request id and field details.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  /** @param hisReceiver admdvs answering on the HIS path, which always gets the NHSA envelope. */
  constructor(private readonly hisReceiver: string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const req = http.getRequest<FastifyRequest>();
    let status: number;
    let body: ErrorBody;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const code = status === 404 ? ErrorCodes.NOT_FOUND : status === 400 ? ErrorCodes.VALIDATION : status >= 500 ? ErrorCodes.INTERNAL : `HTTP_${status}`;
      body = { code, message: exception.message };
    } else {
      const { body: b, expected } = toErrorBody(exception);
      body = b;
      status = httpStatusForCode(b.code);
      if (!expected) this.log.error({ msg: 'unhandled error', path: req.url, error: String((exception as Error)?.stack ?? exception) });
    }
    const requestId = String(req.id);
    if (req.url.startsWith('/fsi/') || (req.url.startsWith('/his/') && status !== 404)) {
      // HIS clients read only the JSON body: even a body we could not parse gets infcode -1
      // (the national interface and the /his/v1 routes alike; found by tools/faults' fuzzing).
      // An unknown /his/ path stays a 404, so a misconfigured client sees it is not a route.
      const now = new Date();
      void reply
        .status(200)
        .header('x-request-id', requestId)
        .send(nhsaError(this.hisReceiver, now, now, body.message));
      return;
    }
    void reply
      .status(status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('x-request-id', requestId)
      .send({
        type: `https://mi.example.gov.cn/problems/${body.code.toLowerCase().replace(/[._]/g, '-')}`,
        title: body.message,
        status,
        code: body.code,
        detail: body.message,
        instance: req.url,
        requestId,
        ...(body.details ? { details: body.details } : {}),
      });
  }
}
