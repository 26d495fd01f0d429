import type { StockLineView } from '@mi/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeFetch, problem } from '../test/fake-fetch';
import { renderAt } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { InventoryPage } from './inventory-page';

jest.setTimeout(60_000);

const line = (over: Partial<StockLineView> = {}): StockLineView => ({
  medListCodg: 'XA01BCA001A001010100001',
  name: '阿莫西林胶囊',
  stocktakeAt: '2026-10-31T16:00:00.000Z',
  stocktake: '20',
  purchased: '30',
  purchaseReturned: '2.5',
  sold: '62',
  saleReturned: '0',
  balance: '-14.5',
  lowest: '-16',
  ...over,
});

describe('进销存 of an institution', () => {
  it('lists the server’s page of items with the stocktake date, the movements and the balances, negative ones in red; the switch asks for short items only', async () => {
    signInAs('cs.officer', ['city-officer']);
    const items = [line(), line({ medListCodg: 'ZB02', name: '板蓝根颗粒', stocktakeAt: null, stocktake: null, balance: '8', lowest: '3' })];
    const { calls } = fakeFetch([{ method: 'GET', path: '/api/v1/kb/inventory/P43010200009', status: 200, body: { items, total: 2, limit: 20, offset: 0 } }]);
    renderAt(<InventoryPage />, '/kb/inventory/P43010200009', '/kb/inventory/:code');
    const table = await screen.findByTestId('inventory-table');
    await screen.findByText('阿莫西林胶囊');
    expect(calls[0].url).toBe('/api/v1/kb/inventory/P43010200009?limit=20&offset=0');
    const rows = [...table.querySelectorAll('tbody tr[data-row-key]')];
    expect([...rows[0].querySelectorAll('td')].map((c) => c.textContent)).toEqual([
      'XA01BCA001A001010100001',
      '阿莫西林胶囊',
      '2026-11-01',
      '20',
      '30',
      '2.5',
      '62',
      '0',
      '-14.5',
      '-16',
    ]);
    expect([...rows[0].querySelectorAll('.mi-negative')].map((c) => c.textContent)).toEqual(['-14.5', '-16']);
    expect(rows[0].className).toContain('mi-flagged');
    expect(rows[1].textContent).toContain('未盘存');
    expect(rows[1].querySelectorAll('.mi-negative')).toHaveLength(0);
    fireEvent.click(screen.getByTestId('short-only'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/kb/inventory/P43010200009?shortOnly=true&limit=20&offset=0'));
  });

  it('opens with short items only when an alert links there', async () => {
    signInAs('auditor', ['auditor']);
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/kb/inventory/P43010200009', status: 200, body: { items: [line()], total: 1, limit: 20, offset: 0 } },
    ]);
    renderAt(<InventoryPage />, '/kb/inventory/P43010200009?shortOnly=true', '/kb/inventory/:code');
    await screen.findByText('阿莫西林胶囊');
    expect(calls[0].url).toBe('/api/v1/kb/inventory/P43010200009?shortOnly=true&limit=20&offset=0');
    expect(screen.getByTestId('short-only').getAttribute('aria-checked')).toBe('true');
  });

  it('says plainly that an institution has no stock records (the service’s 404) instead of a missing page', async () => {
    signInAs('cs.officer', ['city-officer']);
    fakeFetch([
      {
        method: 'GET',
        path: '/api/v1/kb/inventory/H43010200005',
        status: 404,
        body: problem(404, 'NOT_FOUND', '进销存 of institution H43010200005 not found'),
      },
    ]);
    renderAt(<InventoryPage />, '/kb/inventory/H43010200005', '/kb/inventory/:code');
    expect((await screen.findByTestId('inventory-none')).textContent).toContain('H43010200005 没有进销存上传记录，或不在您的辖区内。');
    expect(screen.queryByTestId('inventory-table')).toBeNull();
  });
});
