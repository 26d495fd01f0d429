import type { LoggerService, LogLevel } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { RequestScope } from '../context/request-context';
import { maskValue } from './pii-mask';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * One JSON object per line on stdout: time, level, service, context, request and trace ids,
 * and the message (object messages are merged). Personal data is masked first.
 */
export class JsonLogger implements LoggerService {
  private readonly max: number;

  constructor(
    private readonly service: string,
    level: LogLevel = 'log',
    private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  ) {
    this.max = ORDER.indexOf(level);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (ORDER.indexOf(level) > this.max) return;
    // Nest passes the context as the last string argument.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const span = trace.getActiveSpan()?.spanContext();
    const base: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      ...(RequestScope.current()?.requestId ? { requestId: RequestScope.current()?.requestId } : {}),
      ...(span ? { traceId: span.traceId } : {}),
    };
    const body = typeof message === 'object' && message !== null && !(message instanceof Error) ? (message as Record<string, unknown>) : { msg: message };
    const extra = rest.length > 0 ? { extra: rest } : {};
    this.write(JSON.stringify(maskValue({ ...base, ...body, ...extra })));
  }
}
