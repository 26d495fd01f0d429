import type { FormInstance } from 'antd';
import { ApiError } from '../api/problem';

/** `invoices[0].amountFen` → `['invoices', 0, 'amountFen']`, each name renamed by `renames` (server name → form name). */
export function fieldPath(field: string, renames: Record<string, string> = {}): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : (renames[s] ?? s)));
}

/**
 * Puts the server's field errors (problem+json `details.fields`) next to the form's fields; a
 * nested field (`invoices[0].amountFen`) goes to the list item's field. `renames` maps server
 * field names to the form's (e.g. `amountFen` → `amount` where the form asks for yuan).
 * Returns false when none of them names a field of this form (the caller shows the message).
 */
export function applyFieldErrors(form: FormInstance, e: unknown, renames: Record<string, string> = {}): boolean {
  if (!(e instanceof ApiError)) return false;
  const values = form.getFieldsValue(true) as Record<string, unknown>;
  const fields = e
    .fieldErrors()
    .map((f) => ({ name: shownAt(values, fieldPath(f.field, renames)), errors: [f.reason] }))
    .filter((f) => f.name.length > 0);
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}

/**
 * The part of `path` the form has: `evidence[0].title` goes to the `evidence` field when the form
 * asks for the evidence as one text; [] when the form has no such field at all.
 */
function shownAt(values: Record<string, unknown>, path: (string | number)[]): (string | number)[] {
  if (!(String(path[0]) in values)) return [];
  let at: unknown = values[String(path[0])];
  let n = 1;
  while (n < path.length && at !== null && typeof at === 'object' && path[n] in at) {
    at = (at as Record<string | number, unknown>)[path[n]];
    n++;
  }
  return path.slice(0, n);
}
