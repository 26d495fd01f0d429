/**
 * Domain errors are data: a stable machine-readable `code` (e.g. `AGREEMENT.NOT_ACTIVE`,
 * `MONEY.INVALID`), a human message, and structured `details`. No HTTP or RPC types here;
 * each transport translates `code` once (see @mi/platform exception filters).
 */
export interface DomainErrorDetails {
  /** Path of the offending input, e.g. `input.data.patient_dtos[0].brdy`. */
  field?: string;
  /** Why it was refused, in plain words. */
  reason?: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toJSON(): { code: string; message: string; details: DomainErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Input that fails a kernel parser: names the field and the reason. */
export class ValidationError extends DomainError {
  constructor(field: string, reason: string, extra: Record<string, unknown> = {}) {
    super('VALIDATION', `${field}: ${reason}`, { field, reason, ...extra });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} not found`, { what, id });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details: DomainErrorDetails = {}) {
    super(code, message, details);
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, details: DomainErrorDetails = {}) {
    super('FORBIDDEN', message, details);
    this.name = 'ForbiddenError';
  }
}
