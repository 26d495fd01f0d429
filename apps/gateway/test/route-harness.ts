import type { Msg, MsgHdrs, Subscription } from '@nats-io/transport-node';
import type { Reply } from '@mi/contracts';
import { ManualClock } from '@mi/domain';
import type { RunningHttp } from '@mi/platform';
import { createTestInfra, TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, type TestInfra } from '@mi/testing';
import type { GatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';
import { persistence } from '../src/persistence';

/** A portal user the harness creates (as the administrator) and signs in before the tests. */
export interface RouteUser {
  roles: string[];
  scope: string;
}

export interface RouteHarnessOptions<U extends string> {
  /** The ManualClock's start, e.g. `2026-05-02T01:00:00.000Z`. */
  now: string;
  /** PROVINCE_ADMDVS, the administrator's scope; 430000 unless given. */
  province?: string;
  /** More users, by the name `tokenFor` takes; each changes its initial password so its token is usable. */
  users?: Record<U, RouteUser>;
  /** More gateway env (NATS_REQUEST_TIMEOUT_MS is 2000 unless given here). */
  env?: Record<string, string | number>;
}

/** What a stand-in service saw: the request body as the gateway sent it, and its NATS headers. */
export interface StubRequest {
  subject: string;
  body: Record<string, unknown>;
  headers: MsgHdrs | undefined;
}

/** Answers a request with the reply envelope the real service would send (`okReply`, `errorReply`). */
export type StubResponder = (request: StubRequest) => Reply<unknown>;

export interface RouteCall {
  status: number;
  /** The JSON body, `{}` when empty. */
  body: Record<string, unknown>;
  headers: Headers;
}

/** `infra`, `sut` and `base` exist once the harness has started: read them inside tests, as `h.base`. */
export interface RouteHarness<U extends string> {
  readonly infra: TestInfra;
  readonly sut: RunningHttp<GatewayConfig>;
  /** `http://127.0.0.1:<port>` of the running gateway. */
  readonly base: string;
  clock: ManualClock;
  /** Request bodies each stubbed subject received, in order, by subject. */
  received: Record<string, Record<string, unknown>[]>;
  /** The signed-in user's access token: `admin` (the bootstrap administrator) or a name from `users`. */
  tokenFor(user: 'admin' | U): string;
  /**
   * A JSON request to the gateway as `token` (the administrator's unless given; `''` sends no
   * authorization header).
   */
  call(method: string, path: string, body?: unknown, token?: string): Promise<RouteCall>;
  /** The raw response, for downloads (CSV, XLSX): GET unless `init` says otherwise. */
  fetch(path: string, token?: string, init?: RequestInit): Promise<Response>;
  /**
   * A stand-in service answering `subject`: with what the responder returns, or with
   * `{ ok: true, data: reply }` for any other value. Declared in the `describe` body; subscribed
   * before the tests run. Returns the bodies that subject receives.
   */
  stub(subject: string, reply: StubResponder): Record<string, unknown>[];
  stub(subject: string, reply: unknown): Record<string, unknown>[];
  /** The same for several subjects: returns what they receive, in order, with the subject. */
  stub(subjects: readonly string[], reply: StubResponder): { subject: string; body: Record<string, unknown> }[];
  stub(subjects: readonly string[], reply: unknown): { subject: string; body: Record<string, unknown> }[];
}

const CHANGED_PASSWORD = 'N3w!Route#Harness9';

/**
 * Starts the gateway against its own database and subject prefix for the enclosing `describe`,
 * with the services behind it replaced by stubs, and signs in the administrator and `users`.
 * The services' own int-specs cover what the stubs stand in for; route specs check what the
 * gateway refuses at the edge and what it forwards.
 */
export function routeHarness<U extends string = never>(options: RouteHarnessOptions<U>): RouteHarness<U> {
  const clock = new ManualClock(options.now);
  const received: Record<string, Record<string, unknown>[]> = {};
  const declared: { subjects: readonly string[]; answer: StubResponder; log: (r: StubRequest) => void }[] = [];
  const subscriptions: Subscription[] = [];
  const tokens = new Map<string, string>();
  let started = false;
  let infra: TestInfra | undefined;
  let sut: RunningHttp<GatewayConfig> | undefined;
  const running = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} exists once the gateway runs: read it inside tests, as h.${name}`);
    return value;
  };

  const h = {
    get infra() {
      return running(infra, 'infra');
    },
    get sut() {
      return running(sut, 'sut');
    },
    get base() {
      return `http://127.0.0.1:${running(sut, 'base').httpPort}`;
    },
    clock,
    received,
    tokenFor(user: 'admin' | U): string {
      const token = tokens.get(user);
      if (token === undefined) throw new Error(`no token for ${user}: tokenFor works inside tests, for admin and the users declared`);
      return token;
    },
    async fetch(path: string, token?: string, init: RequestInit = {}): Promise<Response> {
      const bearer = token ?? h.tokenFor('admin');
      return fetch(`${h.base}${path}`, {
        ...init,
        headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(init.headers as Record<string, string> | undefined) },
      });
    },
    async call(method: string, path: string, body?: unknown, token?: string): Promise<RouteCall> {
      const res = await h.fetch(path, token, {
        method,
        headers: body !== undefined ? { 'content-type': 'application/json' } : {},
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
    },
    stub(subjects: string | readonly string[], reply: unknown) {
      if (started) throw new Error('declare stubs in the describe body, before the harness starts');
      for (const subject of typeof subjects === 'string' ? [subjects] : subjects)
        if (subject in received) throw new Error(`${subject} is stubbed twice: both stubs would answer`);
      const answer: StubResponder = typeof reply === 'function' ? (reply as StubResponder) : () => ({ ok: true, data: reply });
      if (typeof subjects === 'string') {
        const bodies = (received[subjects] = []);
        declared.push({ subjects: [subjects], answer, log: () => undefined });
        return bodies;
      }
      const log: { subject: string; body: Record<string, unknown> }[] = [];
      declared.push({ subjects, answer, log: ({ subject, body }) => log.push({ subject, body }) });
      for (const subject of subjects) received[subject] = [];
      return log;
    },
  } as RouteHarness<U>;

  const login = async (username: string, password: string): Promise<string> => {
    const res = await h.call('POST', '/api/v1/auth/login', { username, password }, '');
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return String(res.body.accessToken);
  };

  beforeAll(async () => {
    started = true;
    infra = await createTestInfra([persistence]);
    sut = await startGateway({
      env: infra.env('gateway', {
        NATS_REQUEST_TIMEOUT_MS: 2000,
        ...options.env,
        BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        PROVINCE_ADMDVS: options.province ?? '430000',
      }),
      logger: false,
      clock,
    });
    const { nc, resolver } = infra.nats;
    for (const { subjects, answer, log } of declared) {
      for (const subject of subjects) {
        subscriptions.push(
          nc.subscribe(resolver.subject(subject), {
            callback: (_e, m: Msg) => {
              const request = { subject, body: m.json<Record<string, unknown>>(), headers: m.headers };
              received[subject].push(request.body);
              log(request);
              m.respond(JSON.stringify(answer(request)));
            },
          }),
        );
      }
    }
    await nc.flush();
    tokens.set('admin', await login('admin', TEST_ADMIN_PASSWORD));
    for (const [username, user] of Object.entries<RouteUser>(options.users ?? {})) {
      const created = await h.call('POST', '/api/v1/users', {
        username,
        displayName: username,
        roles: user.roles,
        scope: user.scope,
        password: TEST_USER_PASSWORD,
      });
      if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`);
      const first = await login(username, TEST_USER_PASSWORD);
      const changed = await h.call('POST', '/api/v1/auth/change-password', { oldPassword: TEST_USER_PASSWORD, newPassword: CHANGED_PASSWORD }, first);
      if (changed.status !== 204) throw new Error(`password change of ${username} failed: ${changed.status} ${JSON.stringify(changed.body)}`);
      tokens.set(username, await login(username, CHANGED_PASSWORD));
    }
  });

  afterAll(async () => {
    for (const s of subscriptions) s.unsubscribe();
    await sut?.close();
    await infra?.close();
  });

  return h;
}
