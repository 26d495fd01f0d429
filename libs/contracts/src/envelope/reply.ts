/**
 * Reply envelope of every NATS request/reply (ARCHITECTURE.md §Messaging).
 * A service never throws across the wire: it answers `{ ok: false, error }`.
 */
export interface ErrorBody {
  /** Stable machine code, e.g. `VALIDATION`, `AGREEMENT.NOT_ACTIVE`. See {@link ErrorCodes}. */
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function okReply<T>(data: T): Reply<T> {
  return { ok: true, data };
}

export function errorReply(error: ErrorBody): Reply<never> {
  return { ok: false, error };
}

export function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; data?: unknown; error?: unknown };
  return (v.ok === true && 'data' in v) || (v.ok === false && typeof v.error === 'object' && v.error !== null);
}
