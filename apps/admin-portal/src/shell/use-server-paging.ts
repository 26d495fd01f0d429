import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Server-side paging of a table: the `limit`/`offset` to send and the Table's pagination props. */
export function useServerPaging(pageSize = 20) {
  const { t } = useI18n();
  const [page, setPage] = useState({ current: 1, pageSize });
  return {
    page,
    query: { limit: page.pageSize, offset: (page.current - 1) * page.pageSize },
    toFirstPage: () => setPage((p) => ({ ...p, current: 1 })),
    pagination: (total: number | undefined): TablePaginationConfig => ({
      ...page,
      total,
      showTotal: (n) => t('common.total', { n }),
      onChange: (current, size) => setPage({ current, pageSize: size }),
    }),
  };
}
