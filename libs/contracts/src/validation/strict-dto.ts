import type { ValidationError as ClassValidatorError } from 'class-validator';

/**
 * DTO conventions: every request and event DTO is a class with class-validator decorators;
 * the global ValidationPipe runs with `whitelist + forbidNonWhitelisted + transform`, so an
 * unknown field is an error, not silently dropped. {@link flattenValidationErrors} turns
 * class-validator's tree into `{ field, reason }[]` with dotted paths (`lines[2].cnt`).
 */
export interface FieldError {
  field: string;
  reason: string;
}

export const STRICT_VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
} as const;

export function flattenValidationErrors(errors: ClassValidatorError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const path = parent === '' ? e.property : isIndex ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    for (const reason of Object.values(e.constraints ?? {})) {
      out.push({ field: path, reason: reason.replace(/^property [^ ]+ should not exist$/, 'unknown field') });
    }
    if (e.children && e.children.length > 0) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}
