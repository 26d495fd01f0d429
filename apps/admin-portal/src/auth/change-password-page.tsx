import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { applyFieldErrors } from '../shell/form-errors';
import { useAuth } from './auth';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** 等保: an account on an initial password may do nothing else until it changes it. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { reload } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();

  async function submit(v: Values) {
    setError(undefined);
    try {
      await api.post('/api/v1/auth/change-password', { body: { oldPassword: v.oldPassword, newPassword: v.newPassword } });
      await reload();
      navigate('/dashboard', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e instanceof ApiError ? e.message : t('error.500'));
    }
  }

  return (
    <div className="mi-center">
      <Card style={{ width: 440 }} title={t('password.title')}>
        <Alert type="info" title={t('password.hint')} style={{ marginBottom: 16 }} showIcon />
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} showIcon />}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="oldPassword" label={t('password.old')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
