/**
 * A PostgreSQL array literal of text (NULL for null), passed as one parameter and cast in SQL
 * (`?::text[]`, `?::bigint[]`, `?::timestamptz[]`): raw `em.execute` would otherwise expand a JS
 * array into a list of parameters. With `unnest` it inserts many rows in one statement.
 */
export function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
