import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { api } from '../api/client';
import { sessionStore } from '../api/session';
import { I18nProvider } from '../i18n/i18n';
import type { Lang } from '../i18n/messages';
import { fakeFetch, problem } from '../test/fake-fetch';
import { AuthProvider } from './auth';
import { LoginPage } from './login-page';

function renderLogin(lang: Lang = 'zh-CN') {
  return render(
    <I18nProvider lang={lang}>
      <MemoryRouter initialEntries={['/login']}>
        <AuthProvider>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/dashboard" element={<div>dashboard</div>} />
            <Route path="/change-password" element={<div>change-password</div>} />
          </Routes>
        </AuthProvider>
      </MemoryRouter>
    </I18nProvider>,
  );
}

async function submit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
}

describe('login page', () => {
  beforeEach(() => sessionStore.clear());

  it('shows the attempts left after a wrong password', async () => {
    fakeFetch([
      { method: 'POST', path: '/api/v1/auth/login', status: 401, body: problem(401, 'UNAUTHENTICATED', 'bad credentials', { remainingAttempts: 2 }) },
    ]);
    renderLogin();
    await submit('cs.officer', 'wrong');
    expect(await screen.findByText('用户名或密码错误；还可尝试 2 次，之后账户将被锁定')).toBeTruthy();
    expect(sessionStore.read()).toBeUndefined();
  });

  it('shows until when a locked account stays locked, in Shanghai time', async () => {
    fakeFetch([
      {
        method: 'POST',
        path: '/api/v1/auth/login',
        status: 423,
        body: problem(423, 'AUTH.LOCKED', 'locked', { lockedUntil: '2026-11-23T02:15:00.000Z' }),
      },
    ]);
    renderLogin();
    await submit('cs.officer', 'whatever');
    expect(await screen.findByText('账户已锁定，请于 2026-11-23 10:15 后重试')).toBeTruthy();
  });

  it('validates before sending: no request without a username', async () => {
    const { fn } = fakeFetch([]);
    renderLogin('en');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Please enter Username')).toBeTruthy();
    expect(fn).not.toHaveBeenCalled();
  });

  it('keeps the session in sessionStorage and sends a new user to change the initial password', async () => {
    const user = { id: 'u1', username: 'new.officer', displayName: '新经办', roles: ['city-officer'], scope: '430100', mustChangePassword: true };
    const { calls } = fakeFetch([
      {
        method: 'POST',
        path: '/api/v1/auth/login',
        status: 200,
        body: { accessToken: 'a'.repeat(40), refreshToken: 'r'.repeat(40), tokenType: 'Bearer', expiresIn: 900, user },
      },
    ]);
    renderLogin();
    await submit('new.officer', 'Initial-Pass-1');
    expect(await screen.findByText('change-password')).toBeTruthy();
    expect(calls[0].body).toEqual({ username: 'new.officer', password: 'Initial-Pass-1' });
    await waitFor(() => expect(sessionStore.read()?.user.username).toBe('new.officer'));
  });
});

describe('login page after a session ended', () => {
  it('says the session expired when a call could not renew it', async () => {
    sessionStore.write({
      accessToken: 'old',
      refreshToken: 'old-refresh',
      user: { id: 'u1', username: 'cs.officer', displayName: '长沙经办', roles: ['city-officer'], scope: '430100', mustChangePassword: false },
    });
    fakeFetch([
      { method: 'GET', path: '/api/v1/auth/me', status: 401, body: problem(401, 'UNAUTHENTICATED', 'session has ended; log in again') },
      { method: 'POST', path: '/api/v1/auth/refresh', status: 401, body: problem(401, 'UNAUTHENTICATED', 'session has ended; log in again') },
    ]);
    render(
      <I18nProvider lang="zh-CN">
        <MemoryRouter initialEntries={['/somewhere']}>
          <AuthProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/somewhere" element={<CallsMe />} />
            </Routes>
          </AuthProvider>
        </MemoryRouter>
      </I18nProvider>,
    );
    expect(await screen.findByText('登录已过期，请重新登录')).toBeTruthy();
  });
});

function CallsMe() {
  useEffect(() => {
    api.get('/api/v1/auth/me').catch(() => undefined);
  }, []);
  return <div>page</div>;
}
