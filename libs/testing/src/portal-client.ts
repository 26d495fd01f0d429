/** A portal user's HTTP session against the gateway (login, then bearer calls). */
export class PortalTestClient {
  private token = '';

  constructor(private readonly baseUrl: string) {}

  /** Current passwords of the accounts this test file has logged into (initial ones get changed). */
  private static readonly passwords = new Map<string, string>();

  /**
   * Logs in; an account still on its initial password changes it first (`<password>-new`), as the
   * portal forces a user to, and later logins use the new one.
   */
  async login(username: string, password: string): Promise<this> {
    const current = PortalTestClient.passwords.get(username) ?? password;
    const res = await this.call('POST', '/api/v1/auth/login', { username, password: current });
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = String(res.body.accessToken);
    if ((res.body.user as { mustChangePassword?: boolean } | undefined)?.mustChangePassword) {
      const next = `${current}-new`;
      const changed = await this.call('POST', '/api/v1/auth/change-password', { oldPassword: current, newPassword: next });
      if (changed.status !== 204) throw new Error(`password change of ${username} failed: ${changed.status} ${JSON.stringify(changed.body)}`);
      PortalTestClient.passwords.set(username, next);
      return this.login(username, next);
    }
    PortalTestClient.passwords.set(username, current);
    return this;
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.call('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.call('POST', path, body ?? {}, headers);
  }
}

/** The password the e2e tests give the bootstrap administrator and the users they create. */
export const TEST_ADMIN_PASSWORD = 'Xq7!vR2#mK9$pL';
export const TEST_USER_PASSWORD = 'Tr0ub4dor&3xyz';
