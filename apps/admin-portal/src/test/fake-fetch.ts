/** A fetch stand-in answering from a list of (method path → status, body) routes; records calls. */
export interface FakeRoute {
  method: string;
  path: string | RegExp;
  status: number;
  body?: unknown;
}

export function fakeFetch(routes: FakeRoute[]) {
  const calls: { method: string; url: string; headers: Record<string, string>; body?: unknown }[] = [];
  const fn = jest.fn(async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    const method = init.method ?? 'GET';
    calls.push({ method, url, headers: init.headers ?? {}, body: init.body ? JSON.parse(init.body) : undefined });
    const path = url.split('?')[0];
    const route = routes.find((r) => r.method === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)));
    const status = route?.status ?? 404;
    const text = route?.body === undefined ? '' : JSON.stringify(route.body);
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: String(status),
      text: async () => text,
      json: async () => JSON.parse(text),
    };
  });
  (globalThis as unknown as { fetch: unknown }).fetch = fn;
  return { fn, calls };
}

export function problem(status: number, code: string, detail: string, details?: Record<string, unknown>) {
  return { type: 'about:blank', title: detail, status, code, detail, requestId: 'req-1', ...(details ? { details } : {}) };
}
