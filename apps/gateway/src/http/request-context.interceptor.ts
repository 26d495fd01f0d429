import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { Headers } from '@mi/contracts';
import { RequestScope } from '@mi/platform';

/**
 * Opens the request scope for each HTTP request. The request id is Fastify's `req.id` (the
 * caller's sane `x-request-id`, else a new UUIDv7, see the bootstrap); it travels to every
 * service in NATS headers and comes back in the response header.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const requestId = String(req.id);
    void reply.header(Headers.requestId, requestId);
    return new Observable((subscriber) => RequestScope.run({ requestId }, () => next.handle().subscribe(subscriber)));
  }
}
