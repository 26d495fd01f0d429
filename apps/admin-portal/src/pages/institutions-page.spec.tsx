import type { InstitutionListItem } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeFetch } from '../test/fake-fetch';
import { renderAt, typeDate } from '../test/render';
import { signInAs } from '../test/review-fixtures';
import { InstitutionsPage } from './institutions-page';

jest.setTimeout(60_000);
const slow = { timeout: 10_000 };

const anInstitution = (over: Partial<InstitutionListItem> = {}): InstitutionListItem => ({
  id: '0190a0b0-0000-7000-8000-0000000001a1',
  code: 'H43010200001',
  name: '长沙芙蓉医院',
  type: 'hospital',
  level: '3A',
  admdvs: '430102',
  poolarea: '430100',
  uscc: '91430102MA4L000001',
  registeredAt: '2026-01-02T02:00:00Z',
  status: 'ACTIVE',
  firstLicenceExpiry: '2027-06-30',
  ...over,
});

describe('institution registry list', () => {
  it('shows the server’s page of the registry with type, level, status and licence expiry, links to the stock, and asks again with the filters', async () => {
    signInAs('cs.officer', ['city-officer']);
    const items = [
      anInstitution(),
      anInstitution({
        id: 'x2',
        code: 'P43010200009',
        name: '芙蓉大药房',
        type: 'pharmacy',
        level: '0',
        status: 'UNDESIGNATED',
        firstLicenceExpiry: '2025-12-31',
      }),
    ];
    const { calls } = fakeFetch([{ method: 'GET', path: '/api/v1/institutions', status: 200, body: { items, total: 42, limit: 20, offset: 0 } }]);
    renderAt(<InstitutionsPage />, '/institutions');
    const table = await screen.findByTestId('institutions-table');
    await within(table).findByText('长沙芙蓉医院');
    expect(calls[0].url).toBe('/api/v1/institutions?admdvs=430100&limit=20&offset=0');
    const rows = [...table.querySelectorAll('tbody tr[data-row-key]')].map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('三级甲等');
    expect(rows[0]).toContain('协议有效');
    expect(rows[0]).toContain('2027-06-30');
    expect(rows[1]).toContain('零售药店');
    expect(rows[1]).toContain('未定点');
    expect(table.querySelector('.ant-typography-danger')?.textContent).toBe('2025-12-31');
    expect(screen.getByText('共 42 条')).toBeTruthy();
    expect(within(table).getAllByRole('link', { name: '进销存' })[1].getAttribute('href')).toBe('/kb/inventory/P43010200009');

    const filters = within(screen.getByTestId('institution-filters'));
    fireEvent.mouseDown(filters.getByLabelText('等级'));
    fireEvent.click(await screen.findByTitle('二级甲等', {}, slow));
    fireEvent.mouseDown(filters.getByLabelText('定点状态'));
    fireEvent.click(await screen.findByTitle('协议暂停', {}, slow));
    typeDate(filters.getByLabelText('许可证到期早于'), '2027-01-01');
    fireEvent.click(screen.getByTestId('institution-filter-submit'));
    await waitFor(
      () => expect(calls.at(-1)?.url).toBe('/api/v1/institutions?level=2A&status=SUSPENDED&licenceExpiringBefore=2027-01-01&admdvs=430100&limit=20&offset=0'),
      slow,
    );
  });
});
