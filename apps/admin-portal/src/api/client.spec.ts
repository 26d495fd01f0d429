import { fakeFetch, problem } from '../test/fake-fetch';
import { api, buildUrl, setSessionEndedHandler } from './client';
import { ApiError } from './problem';
import { sessionStore } from './session';

const user = { id: 'u1', username: 'cs.officer', displayName: '长沙经办', roles: ['city-officer' as const], scope: '430100', mustChangePassword: false };

describe('api client', () => {
  beforeEach(() => sessionStore.write({ accessToken: 'old-access', refreshToken: 'old-refresh', user }));

  it('fills path parameters (encoded) and drops empty query values', () => {
    expect(buildUrl('/api/v1/agreements/{code}', { path: { code: 'H4301 02' } })).toBe('/api/v1/agreements/H4301%2002');
    expect(buildUrl('/api/v1/agreements', { query: { status: 'ACTIVE', admdvs: undefined, type: '', limit: 20 } })).toBe(
      '/api/v1/agreements?status=ACTIVE&limit=20',
    );
  });

  it('sends the bearer token and returns the body', async () => {
    const { calls } = fakeFetch([{ method: 'GET', path: '/api/v1/agreements/H43010200001', status: 200, body: { institutionCode: 'H43010200001' } }]);
    const sut = await api.get('/api/v1/agreements/{code}', { path: { code: 'H43010200001' } });
    expect(sut.institutionCode).toBe('H43010200001');
    expect(calls[0].headers.authorization).toBe('Bearer old-access');
  });

  it('renews an expired access token once and retries', async () => {
    let first = true;
    const { calls, fn } = fakeFetch([
      { method: 'POST', path: '/api/v1/auth/refresh', status: 200, body: { accessToken: 'new-access', refreshToken: 'new-refresh', user } },
    ]);
    const inner = fn.getMockImplementation();
    fn.mockImplementation(async (url, init) => {
      if (url.startsWith('/api/v1/auth/me') && first) {
        first = false;
        return {
          ok: false,
          status: 401,
          statusText: '401',
          text: async () => JSON.stringify(problem(401, 'UNAUTHENTICATED', 'access token expired; refresh it')),
          json: async () => ({}),
        };
      }
      if (url.startsWith('/api/v1/auth/me')) return { ok: true, status: 200, statusText: '200', text: async () => '', json: async () => user };
      return inner!(url, init);
    });
    await expect(api.get('/api/v1/auth/me')).resolves.toEqual(user);
    expect(calls.find((c) => c.url === '/api/v1/auth/refresh')?.body).toEqual({ refreshToken: 'old-refresh' });
    expect(sessionStore.read()?.accessToken).toBe('new-access');
  });

  it('ends the session when it cannot be renewed, and tells the shell', async () => {
    fakeFetch([
      { method: 'GET', path: '/api/v1/auth/me', status: 401, body: problem(401, 'UNAUTHENTICATED', 'session has ended; log in again') },
      { method: 'POST', path: '/api/v1/auth/refresh', status: 401, body: problem(401, 'UNAUTHENTICATED', 'session has ended; log in again') },
    ]);
    const ended = jest.fn();
    setSessionEndedHandler(ended);
    await expect(api.get('/api/v1/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(ended).toHaveBeenCalledWith('expired');
    expect(sessionStore.read()).toBeUndefined();
  });

  it('keeps the session on a 401 that names a field (wrong current password)', async () => {
    fakeFetch([
      {
        method: 'POST',
        path: '/api/v1/auth/change-password',
        status: 401,
        body: problem(401, 'UNAUTHENTICATED', 'current password is wrong', { field: 'oldPassword' }),
      },
    ]);
    const e = await api.post('/api/v1/auth/change-password', { body: { oldPassword: 'x', newPassword: 'y' } }).catch((x: unknown) => x);
    expect((e as ApiError).fieldErrors()).toEqual([{ field: 'oldPassword', reason: 'current password is wrong' }]);
    expect(sessionStore.read()).toBeDefined();
  });

  it('turns a non-JSON failure into an INTERNAL problem', async () => {
    const { fn } = fakeFetch([]);
    fn.mockResolvedValueOnce({ ok: false, status: 502, statusText: 'Bad Gateway', text: async () => '<html>bad gateway</html>', json: async () => ({}) });
    const e = (await api.get('/api/v1/auth/me').catch((x: unknown) => x)) as ApiError;
    expect(e.problem).toMatchObject({ status: 502, code: 'INTERNAL' });
  });
});
