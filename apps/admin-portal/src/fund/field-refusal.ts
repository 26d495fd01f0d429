import { ApiError } from '../api/problem';

/**
 * A domain refusal that names one field (`details.field`, e.g. `FUND.PERIOD_ENDED` at `period`)
 * carries a short reason ("month ended") and a sentence with the figures; the form shows the
 * sentence at the field, without its `field:` prefix. Validation errors (`details.fields`) pass as they are.
 */
export function sentenceAtField(e: unknown): unknown {
  const d = e instanceof ApiError ? e.problem.details : undefined;
  if (!(e instanceof ApiError) || !d?.field || d.fields?.length) return e;
  const prefix = `${d.field}:`;
  const sentence = e.message.startsWith(prefix) ? e.message.slice(prefix.length).trim() : e.message;
  return new ApiError({ ...e.problem, details: { ...d, reason: sentence } });
}

/** Awaits a call whose refusal is shown in a form, with the server's sentence at the field it names. */
export async function refusedAtField<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    throw sentenceAtField(e);
  }
}
