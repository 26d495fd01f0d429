import type { ApprovalItemPage } from '@mi/contracts';
import type { TablePaginationConfig } from 'antd';
import { api } from '../api/client';
import { useLoad } from '../shell/use-load';
import { useServerPaging } from '../shell/use-server-paging';

/**
 * A page of a proposal's line items (明细), e.g. the statements of a monthly run: a big city's
 * proposal keeps its summary in the payload and its thousands of items on the server.
 */
export function useProposalItems<T>(context: string, id: string, pageSize = 20) {
  const paging = useServerPaging(pageSize);
  const loaded = useLoad(
    () => api.get('/api/v1/approvals/{context}/{id}/items', { path: { context, id }, query: paging.query }) as Promise<ApprovalItemPage<T>>,
    [context, id, paging.page],
  );
  const pagination: TablePaginationConfig = { ...paging.pagination(loaded.data?.total), hideOnSinglePage: true };
  return { items: loaded.data?.items.map((i) => i.item) ?? [], loading: loaded.loading, error: loaded.error, pagination };
}
