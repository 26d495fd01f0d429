import { ErrorCodes, type ErrorBody } from '@mi/contracts';
import { DomainError } from '@mi/domain';

/**
 * The one translation from a thrown value to the wire error body. Domain errors keep their code,
 * message and details; anything else is a bug and becomes INTERNAL with no detail on the wire.
 */
export function toErrorBody(error: unknown): { body: ErrorBody; expected: boolean } {
  if (error instanceof DomainError) {
    return { body: { code: error.code, message: error.message, details: error.details }, expected: true };
  }
  return { body: { code: ErrorCodes.INTERNAL, message: 'internal error' }, expected: false };
}
