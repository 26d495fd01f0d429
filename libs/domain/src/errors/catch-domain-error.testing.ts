import { DomainError } from './domain-error';

/**
 * Test helper (exported for the other libraries' specs; not for production code): runs `fn`, expects it to throw a
 * {@link DomainError}, and returns it so the test can assert `code` and `details.field`.
 */
export function catchDomainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error: unknown) {
    if (error instanceof DomainError) return error;
    throw new Error(`expected a DomainError, got ${String(error)}`);
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
