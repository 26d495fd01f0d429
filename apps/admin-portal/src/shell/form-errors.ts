import type { FormInstance } from 'antd';
import { ApiError } from '../api/problem';

/**
 * Puts the server's field errors (problem+json `details.fields`) next to the form's fields.
 * Returns false when none of them names a field of this form (the caller shows the message).
 */
export function applyFieldErrors(form: FormInstance, e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = e.fieldErrors().filter((f) => known.has(f.field));
  if (fields.length === 0) return false;
  form.setFields(fields.map((f) => ({ name: f.field, errors: [f.reason] })));
  return true;
}
