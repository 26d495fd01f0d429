import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { sessionStore } from '../api/session';
import { I18nProvider } from '../i18n/i18n';
import { fakeFetch, problem } from '../test/fake-fetch';
import { AuthProvider } from './auth';
import { ChangePasswordPage } from './change-password-page';

const user = { id: 'u1', username: 'cs.maker', displayName: '长沙经办', roles: ['city-officer' as const], scope: '430100', mustChangePassword: true };

function renderPage() {
  return render(
    <I18nProvider lang="zh-CN">
      <MemoryRouter initialEntries={['/change-password']}>
        <AuthProvider>
          <Routes>
            <Route path="/change-password" element={<ChangePasswordPage />} />
            <Route path="/dashboard" element={<div>dashboard</div>} />
          </Routes>
        </AuthProvider>
      </MemoryRouter>
    </I18nProvider>,
  );
}

function fill(oldPassword: string, newPassword: string, confirm = newPassword) {
  fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: oldPassword } });
  fireEvent.change(screen.getByLabelText('新密码'), { target: { value: newPassword } });
  fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: confirm } });
  fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
}

describe('change of the initial password', () => {
  beforeEach(() => sessionStore.write({ accessToken: 'initial-access', refreshToken: 'initial-refresh', user }));

  // The access token issued at login says "must change password"; without new tokens every other
  // call after the change was refused with 403 (found trying the portal).
  it('changes it, takes new tokens, and opens the dashboard', async () => {
    const { calls } = fakeFetch([
      { method: 'POST', path: '/api/v1/auth/change-password', status: 204 },
      {
        method: 'POST',
        path: '/api/v1/auth/refresh',
        status: 200,
        body: { accessToken: 'fresh-access', refreshToken: 'fresh-refresh', user: { ...user, mustChangePassword: false } },
      },
      { method: 'GET', path: '/api/v1/auth/me', status: 200, body: { ...user, mustChangePassword: false } },
    ]);
    renderPage();
    fill('Initial-Pass-1', 'Brand-New-Pass-2');
    expect(await screen.findByText('dashboard')).toBeTruthy();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/v1/auth/change-password', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me']);
    expect(calls[2].headers.authorization).toBe('Bearer fresh-access');
    expect(sessionStore.read()?.user.mustChangePassword).toBe(false);
  });

  it('checks the confirmation before sending', async () => {
    const { fn } = fakeFetch([]);
    renderPage();
    fill('Initial-Pass-1', 'Brand-New-Pass-2', 'Brand-New-Pass-3');
    expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
    expect(fn).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal next to the field it names', async () => {
    fakeFetch([
      {
        method: 'POST',
        path: '/api/v1/auth/change-password',
        status: 400,
        body: problem(400, 'VALIDATION', 'newPassword: must not contain the username', { field: 'newPassword', reason: 'must not contain the username' }),
      },
    ]);
    renderPage();
    fill('Initial-Pass-1', 'cs.maker-2026-Pass');
    expect(await screen.findByText('must not contain the username')).toBeTruthy();
  });
});
