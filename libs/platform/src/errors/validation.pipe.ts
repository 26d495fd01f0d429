import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { validate } from 'class-validator';
import { carriesRawRecords, ErrorCodes, flattenValidationErrors, STRICT_VALIDATION_OPTIONS } from '@mi/contracts';
import { DomainError } from '@mi/domain';
import { installValidationMetadataCache } from './validation-metadata-cache';

type ValidationErrors = Parameters<typeof flattenValidationErrors>[0];

/** Keys Nest's pipe strips before validating (prototype pollution), left out here the same way. */
const PROTO_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** What the pipe hands class-validator (its own options without `transform`). */
const VALIDATOR_OPTIONS = {
  whitelist: STRICT_VALIDATION_OPTIONS.whitelist,
  forbidNonWhitelisted: STRICT_VALIDATION_OPTIONS.forbidNonWhitelisted,
  forbidUnknownValues: STRICT_VALIDATION_OPTIONS.forbidUnknownValues,
  validationError: { target: false, value: false },
};

function validationError(errors: ValidationErrors): DomainError {
  const fields = flattenValidationErrors(errors);
  const first = fields[0];
  return new DomainError(ErrorCodes.VALIDATION, first ? `${first.field}: ${first.reason}` : 'invalid input', {
    fields,
    field: first?.field,
    reason: first?.reason,
  });
}

/**
 * Nest's ValidationPipe, except for DTOs marked `@CarriesRawRecords()` (@mi/contracts): their own
 * fields are validated with the same rules and options, so the errors are the same, but the value
 * is not walked and copied by class-transformer — the records inside are handed on as they came.
 */
class MiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const cls = metadata.metatype;
    const plainObject = typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
    if (!carriesRawRecords(cls) || !plainObject || !this.toValidate(metadata)) return super.transform(value, metadata);
    const entity = new (cls as new () => Record<string, unknown>)();
    for (const [k, v] of Object.entries(value)) if (!PROTO_KEYS.has(k)) entity[k] = v;
    const errors = await validate(entity, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw validationError(errors);
    return entity;
  }
}

/** Global pipe for HTTP and NATS: unknown fields rejected, errors name every field. */
export function createValidationPipe(): ValidationPipe {
  installValidationMetadataCache();
  return new MiValidationPipe({
    ...STRICT_VALIDATION_OPTIONS,
    exceptionFactory: validationError,
  });
}
