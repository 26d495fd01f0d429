import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, of } from 'rxjs';
import { ErrorReply } from './error-reply';
import { toErrorBody } from './to-error-body';

/** The single translation point of the NATS transport: every error becomes an ErrorReply. */
@Catch()
export class MiRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('rpc');

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorReply> {
    const { body, expected } = toErrorBody(exception);
    if (!expected) {
      const pattern = host.switchToRpc().getContext<{ getSubject?: () => string }>()?.getSubject?.();
      this.logger.error({ msg: 'unhandled error in handler', subject: pattern, error: String((exception as Error)?.stack ?? exception) });
    }
    return of(new ErrorReply(body));
  }
}
