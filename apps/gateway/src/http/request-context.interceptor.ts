import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@mi/platform';
import { Observable } from 'rxjs';
import { Headers } from '@mi/contracts';
import { RequestScope } from '@mi/platform';

/**
 * Opens the request scope for each HTTP request: the request id (Fastify's `req.id`: the caller's
 * sane `x-request-id`, else a new UUIDv7) and the actor the guards authenticated. Both travel to
 * every service in NATS headers (the actor signed); the id comes back in the response header.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const requestId = String(req.id);
    void reply.header(Headers.requestId, requestId);
    return new Observable((subscriber) => RequestScope.run({ requestId, actor: req.actor }, () => next.handle().subscribe(subscriber)));
  }
}
