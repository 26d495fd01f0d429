/** A field the server refused, as the validation pipe reports it. */
export interface FieldError {
  field: string;
  reason: string;
}

/** RFC 9457 problem+json as the gateway's ProblemDetailsFilter writes it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  details?: { fields?: FieldError[]; field?: string; reason?: string; remainingAttempts?: number; lockedUntil?: string; [k: string]: unknown };
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }

  /** Field errors to show next to the form fields (`{ reason }` by field name). */
  fieldErrors(): FieldError[] {
    const d = this.problem.details;
    if (d?.fields && d.fields.length > 0) return d.fields;
    if (d?.field) return [{ field: d.field, reason: d.reason ?? this.message }];
    return [];
  }
}

export async function problemOf(res: Response): Promise<Problem> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body.code === 'string') return { ...body, status: res.status, code: body.code };
  } catch {
    // not JSON: a proxy or a crash page
  }
  return { status: res.status, code: res.status >= 500 ? 'INTERNAL' : `HTTP_${res.status}`, detail: text.slice(0, 200) || res.statusText };
}

/** The server's message of a failed call (or the error as text). */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e);
}
