import { ValidationPipe } from '@nestjs/common';
import { ErrorCodes, flattenValidationErrors, STRICT_VALIDATION_OPTIONS } from '@mi/contracts';
import { DomainError } from '@mi/domain';
import { installValidationMetadataCache } from './validation-metadata-cache';

/** Global pipe for HTTP and NATS: unknown fields rejected, errors name every field. */
export function createValidationPipe(): ValidationPipe {
  installValidationMetadataCache();
  return new ValidationPipe({
    ...STRICT_VALIDATION_OPTIONS,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const first = fields[0];
      return new DomainError(ErrorCodes.VALIDATION, first ? `${first.field}: ${first.reason}` : 'invalid input', {
        fields,
        field: first?.field,
        reason: first?.reason,
      });
    },
  });
}
