import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n';

export function ErrorPage({ status, requestId }: { status: 403 | 404 | 500; requestId?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const key = status === 403 ? 'error.403' : status === 404 ? 'error.404' : 'error.500';
  return (
    <Result
      status={status === 500 ? '500' : status === 403 ? '403' : '404'}
      title={status}
      subTitle={
        <>
          {t(key)}
          {requestId && <div>{t('error.request', { id: requestId })}</div>}
        </>
      }
      extra={
        <Button type="primary" onClick={() => navigate('/dashboard')}>
          {t('error.back')}
        </Button>
      }
    />
  );
}
