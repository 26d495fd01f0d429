import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/problem';
import { formatDateTime } from '../format/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { LangSwitch } from '../shell/lang-switch';
import { type LoginNotice, useAuth } from './auth';

const NOTICES: Record<LoginNotice, MessageKey> = { expired: 'login.expired', logout: 'login.loggedOut', 'password-changed': 'password.done' };

/** Why the server refused the login, in the user's language (lockout with its end, attempts left). */
export function loginErrorText(e: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (!(e instanceof ApiError)) return t('error.500');
  const d = e.problem.details;
  switch (e.code) {
    case 'UNAUTHENTICATED':
      return d?.remainingAttempts !== undefined ? `${t('login.invalid')}；${t('login.remaining', { n: d.remainingAttempts })}` : t('login.invalid');
    case 'AUTH.LOCKED':
      return t('login.locked', { until: formatDateTime(typeof d?.lockedUntil === 'string' ? d.lockedUntil : undefined) });
    case 'AUTH.DISABLED':
      return t('login.disabled');
    default:
      return e.status >= 500 ? t('error.500') : e.message;
  }
}

export function LoginPage() {
  const { t } = useI18n();
  const { login, notice } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(v: { username: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      const user = await login(v.username, v.password);
      navigate(user.mustChangePassword ? '/change-password' : '/dashboard', { replace: true });
    } catch (e) {
      setError(loginErrorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mi-center">
      <Card style={{ width: 400 }} title={t('app.title')} extra={<LangSwitch />}>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {notice && !error && <Alert type={notice === 'expired' ? 'warning' : 'info'} title={t(NOTICES[notice])} style={{ marginBottom: 16 }} showIcon />}
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} showIcon data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('login.username') }) }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
