/**
 * Error codes shared by every service. Service-specific codes are `<CONTEXT>.<REASON>` and are
 * mapped to HTTP by their generic prefix class (see {@link httpStatusForCode}).
 */
export const ErrorCodes = {
  /** Input refused: `details.fields[]` lists `{ field, reason }`. */
  VALIDATION: 'VALIDATION',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The callee did not answer in time; the caller's deadline passed. */
  TIMEOUT: 'TIMEOUT',
  /** Nobody is listening on the subject (service down). */
  UNAVAILABLE: 'UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A bug or an unexpected failure; details only in the callee's log. */
  INTERNAL: 'INTERNAL',
} as const;

export type GenericErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

const STATUS: Record<string, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
};

/**
 * HTTP status for an error code. Context codes (`AGREEMENT.NOT_ACTIVE`) are business-rule
 * refusals: 409 unless their prefix or suffix names a generic class (`FORBIDDEN.REGION` → 403,
 * `X.NOT_FOUND` → 404, `X.FORBIDDEN` → 403, `X.INVALID` → 400; `AUTH.LOCKED` → 423).
 */
export function httpStatusForCode(code: string): number {
  const direct = STATUS[code];
  if (direct !== undefined) return direct;
  if (code.startsWith('FORBIDDEN.') || code === 'AUTH.DISABLED') return 403;
  if (code.startsWith('UNAUTHENTICATED.')) return 401;
  if (code === 'AUTH.LOCKED') return 423;
  if (code.endsWith('.NOT_FOUND')) return 404;
  if (code.endsWith('.FORBIDDEN')) return 403;
  if (code.endsWith('.INVALID') || code.endsWith('.VALIDATION')) return 400;
  if (code.includes('.')) return 409;
  return 500;
}
