import { Alert } from 'antd';
import { ApiError } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { ErrorPage } from './error-page';

/** A failed load: 403/404 as their pages, a server fault as 500 with the request id, else the server's message. */
export function ApiErrorView({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError) {
    if (error.status === 403) return <ErrorPage status={403} />;
    if (error.status === 404) return <ErrorPage status={404} />;
    if (error.status >= 500) return <ErrorPage status={500} requestId={error.problem.requestId} />;
    return <Alert type="error" showIcon title={error.message} />;
  }
  return <Alert type="error" showIcon title={t('error.500')} />;
}
