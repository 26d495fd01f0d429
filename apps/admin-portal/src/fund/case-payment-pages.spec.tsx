import type { CaseGroupingReply, CasePaymentSchemeProposal, CasePaymentSchemeView, GroupedCasePage, GroupedCaseView } from '@mi/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { translate } from '../i18n/messages';
import { ApprovalsPage } from '../pages/approvals-page';
import { fakeFetch, problem } from '../test/fake-fetch';
import { okButton, renderAt } from '../test/render';
import { anApproval, signInAs } from '../test/review-fixtures';
import { atLines, parseGroupings, parseGroups } from './case-payment-lines';
import { CaseGroupingPage } from './case-grouping-page';
import { CaseSchemePage } from './case-scheme-page';

jest.setTimeout(90_000);
const slow = { timeout: 10_000 };

const schemePath = '/api/v1/fund/case-payment/schemes/430100/2026/DRG';
const scheme: CasePaymentSchemeView = {
  id: '0190a0b0-0000-7000-8000-0000000005c1',
  approvalId: '0190a0b0-0000-7000-8000-0000000005a1',
  approvedBy: 'cs.checker',
  approvedAt: '2026-01-05T02:00:00Z',
  admdvs: '430100',
  year: 2026,
  method: 'DRG',
  version: 3,
  rateFen: '1200000',
  dipBudgetFen: null,
  dipReserveFen: null,
  dipExpectedPoints: null,
  rate: '基础费率 ¥12,000.00（权重 1.0）',
  specialCasePermille: 50,
  institutions: 2,
  groups: 120,
  institutionList: [
    { institutionCode: 'H43010200001', coefficientPercent: '100' },
    { institutionCode: 'H43010200002', coefficientPercent: '95.5' },
  ],
  groupPage: {
    items: [
      { code: 'ES23', name: '呼吸系统感染/炎症，伴并发症', weight: '1.2345' },
      { code: 'FR21', name: '急性心肌梗死', weight: '2.1' },
    ],
    total: 120,
    limit: 50,
    offset: 0,
  },
};

const proposal: CasePaymentSchemeProposal = {
  admdvs: '430100',
  year: 2026,
  method: 'DRG',
  version: 1,
  rateFen: '1200050',
  dipBudgetFen: null,
  dipReserveFen: null,
  dipExpectedPoints: null,
  rate: '基础费率 ¥12,000.50（权重 1.0）',
  specialCasePermille: 30,
  institutions: 2,
  groups: 2,
  digest: 'ab'.repeat(32),
  reason: '2026 年 DRG 付费方案',
};

describe('病种付费方案', () => {
  it('shows the scheme in force — version, rate in words, special-case cap, coefficients — and pages its groups from the server; an auditor cannot propose', async () => {
    signInAs('au.auditor', ['auditor']);
    const { calls } = fakeFetch([{ method: 'GET', path: schemePath, status: 200, body: scheme }]);
    renderAt(<CaseSchemePage />, '/fund/case-payment/schemes?admdvs=430100&year=2026&method=DRG', '/fund/case-payment/schemes');
    const figures = await screen.findByTestId('scheme-figures', {}, slow);
    expect(within(figures).getByTestId('scheme-version').textContent).toBe('第 3 版');
    expect(within(figures).getByTestId('scheme-rate').textContent).toBe('基础费率 ¥12,000.00（权重 1.0）');
    expect(within(figures).getByTestId('scheme-special-cap').textContent).toBe('50‰（5%）');
    expect(figures.textContent).toContain('¥12,000.00');
    expect(figures.textContent).toContain('120');
    const institutions = screen.getByTestId('scheme-institutions');
    expect(within(institutions).getByText('H43010200002').closest('tr')?.textContent).toContain('95.5%');
    const groups = screen.getByTestId('scheme-groups');
    expect(within(groups).getByText('ES23').closest('tr')?.textContent).toContain('1.2345');
    expect(groups.textContent).toContain('相对权重');
    expect(calls[0].url).toBe(`${schemePath}?limit=50&offset=0`);
    expect(screen.queryByTestId('propose-scheme')).toBeNull();

    // Only the groups are paged (120 of them, 50 a page).
    fireEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe(`${schemePath}?limit=50&offset=50`), slow);
  });

  it('says plainly when the city has no scheme of the year and method (404)', async () => {
    signInAs('au.auditor', ['auditor']);
    fakeFetch([
      {
        method: 'GET',
        path: '/api/v1/fund/case-payment/schemes/430100/2026/DIP',
        status: 404,
        body: problem(404, 'NOT_FOUND', 'DRG/DIP scheme 430100/2026/DIP not found'),
      },
    ]);
    renderAt(<CaseSchemePage />, '/fund/case-payment/schemes?admdvs=430100&year=2026&method=DIP', '/fund/case-payment/schemes');
    expect((await screen.findByTestId('no-scheme', {}, slow)).textContent).toBe('该统筹区 2026 年尚无已批准的 DIP 付费方案');
    expect(screen.queryByTestId('scheme-figures')).toBeNull();
  });

  it('proposes a DRG scheme: the rate in yuan sent as fen, groups read from pasted CSV — a bad line named by number and nothing sent — server errors at their line', async () => {
    signInAs('cs.officer', ['city-officer']);
    const post = {
      method: 'POST',
      path: '/api/v1/fund/case-payment/schemes',
      status: 400,
      body: problem(400, 'VALIDATION', 'groups[1].name: name must be 1–100 characters', {
        fields: [{ field: 'groups[1].name', reason: 'name must be 1–100 characters' }],
      }) as unknown,
    };
    const { calls } = fakeFetch([{ method: 'GET', path: schemePath, status: 404, body: problem(404, 'NOT_FOUND', 'not found') }, post]);
    renderAt(<CaseSchemePage />, '/fund/case-payment/schemes?admdvs=430100&year=2026&method=DRG', '/fund/case-payment/schemes');
    await screen.findByTestId('no-scheme', {}, slow);
    fireEvent.click(screen.getByTestId('propose-scheme'));
    const form = within(await screen.findByTestId('scheme-form'));
    fireEvent.change(form.getByLabelText('基础费率（元，权重 1.0 的支付标准）'), { target: { value: '12,000.5' } });
    fireEvent.change(form.getByLabelText('特例单议上限（‰，默认 50）'), { target: { value: '30' } });
    fireEvent.change(form.getAllByLabelText('定点机构')[0], { target: { value: 'h43010200001' } });
    fireEvent.change(form.getAllByLabelText('机构系数（%）')[0], { target: { value: '95.5' } });
    fireEvent.click(screen.getByTestId('add-scheme-institution'));
    fireEvent.change(form.getAllByLabelText('定点机构')[1], { target: { value: 'H43010200002' } });
    const groups = form.getByLabelText('分组（每行“编码,名称,权重”；DIP 填分值）');
    fireEvent.change(groups, { target: { value: 'ES23,呼吸系统感染/炎症，伴并发症,1.2345\nFR21,急性心肌梗死\n\nXX01,其他,abc' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '2026 年 DRG 付费方案' } });
    fireEvent.click(okButton(screen));
    expect(await form.findByText('第 2 行：应为“编码,名称,权重”三项，用逗号分隔', {}, slow)).toBeTruthy();
    expect(form.getByText('第 4 行：权重“abc”须为大于 0 的数，最多 4 位小数')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(groups, { target: { value: 'ES23,呼吸系统感染/炎症，伴并发症,1.2345\n# 急性心肌梗死\nFR21\t急性心肌梗死\t2.1' } });
    await form.findByText('已识别 2 个分组', {}, slow);
    fireEvent.click(okButton(screen));
    // The server's error of the second group is shown at the text, at the line it was read from.
    const error = await form.findByText('第 3 行：name must be 1–100 characters', {}, slow);
    expect(error.closest('.ant-form-item')?.textContent).toContain('分组（每行');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      admdvs: '430100',
      year: 2026,
      method: 'DRG',
      rateFen: '1200050',
      specialCasePermille: 30,
      institutions: [
        { institutionCode: 'H43010200001', coefficientPercent: '95.5' },
        { institutionCode: 'H43010200002', coefficientPercent: '100' },
      ],
      groups: [
        { code: 'ES23', name: '呼吸系统感染/炎症，伴并发症', weight: '1.2345' },
        { code: 'FR21', name: '急性心肌梗死', weight: '2.1' },
      ],
      reason: '2026 年 DRG 付费方案',
    });

    post.status = 201;
    post.body = anApproval({
      action: 'fund.case-payment-scheme',
      targetType: 'case-payment-scheme',
      targetId: '430100/2026/DRG',
      admdvs: '430100',
      summary: '病种付费方案 430100 2026 DRG 第 1 版',
      proposedBy: { kind: 'user', id: 'id-cs.officer', name: 'cs.officer', roles: ['city-officer'], scope: '430100' },
      payload: proposal,
    });
    fireEvent.click(okButton(screen));
    const proposed = await screen.findByTestId('scheme-proposed', {}, slow);
    expect(proposed.textContent).toContain('第 1 版方案已提交，须由另一名市级经办人员在“待我审批”（基金结算）中批准后生效');
    expect(within(proposed).getByTestId('scheme-rate').textContent).toBe('基础费率 ¥12,000.50（权重 1.0）');
    expect(within(proposed).getByTestId('scheme-special-cap').textContent).toBe('30‰（3%）');
    expect(within(proposed).getByRole('link', { name: '待我审批' }).getAttribute('href')).toBe('/approvals?context=fund');
  });

  it('proposes a DIP scheme with its budget, reserve and expected points instead of a base rate; the cap left to the server’s default', async () => {
    signInAs('cs.officer', ['city-officer']);
    const dip = { ...proposal, method: 'DIP' as const, rateFen: null, dipBudgetFen: '50000000000', dipReserveFen: '2500000000', dipExpectedPoints: '4750000' };
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/fund/case-payment/schemes/430100/2026/DIP', status: 404, body: problem(404, 'NOT_FOUND', 'not found') },
      {
        method: 'POST',
        path: '/api/v1/fund/case-payment/schemes',
        status: 201,
        body: anApproval({
          action: 'fund.case-payment-scheme',
          admdvs: '430100',
          payload: { ...dip, rate: '预算点值 = (¥500,000,000.00 − ¥25,000,000.00) ÷ 4750000 分 ≈ ¥100.00/分', specialCasePermille: 5 },
        }),
      },
    ]);
    renderAt(<CaseSchemePage />, '/fund/case-payment/schemes?admdvs=430100&year=2026&method=DIP', '/fund/case-payment/schemes');
    fireEvent.click(await screen.findByTestId('propose-scheme', {}, slow));
    const form = within(await screen.findByTestId('scheme-form'));
    expect(form.queryByLabelText('基础费率（元，权重 1.0 的支付标准）')).toBeNull();
    fireEvent.change(form.getByLabelText('DIP 年度预算（元）'), { target: { value: '500,000,000' } });
    fireEvent.change(form.getByLabelText('调节金（元，默认 0）'), { target: { value: '25000000.00' } });
    fireEvent.change(form.getByLabelText('预计总分值（根据上年病例测算，正整数）'), { target: { value: '4750000' } });
    fireEvent.change(form.getByLabelText('定点机构'), { target: { value: 'H43010200001' } });
    fireEvent.change(form.getByLabelText('分组（每行“编码,名称,权重”；DIP 填分值）'), { target: { value: 'J18.9,肺炎,850' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '2026 年 DIP 付费方案' } });
    fireEvent.click(okButton(screen));
    const proposed = await screen.findByTestId('scheme-proposed', {}, slow);
    expect(within(proposed).getByTestId('scheme-special-cap').textContent).toBe('5‰（0.5%）');
    expect(proposed.textContent).toContain('¥500,000,000.00');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      admdvs: '430100',
      year: 2026,
      method: 'DIP',
      dipBudgetFen: '50000000000',
      dipReserveFen: '2500000000',
      dipExpectedPoints: '4750000',
      institutions: [{ institutionCode: 'H43010200001', coefficientPercent: '100' }],
      groups: [{ code: 'J18.9', name: '肺炎', weight: '850' }],
      reason: '2026 年 DIP 付费方案',
    });
  });

  it('proposes a bed-day scheme (按床日付费) with its daily rate in yuan sent as fen; the figures show it as the daily rate', async () => {
    signInAs('cs.officer', ['city-officer']);
    const bed = { ...proposal, method: 'BED_DAY' as const, rateFen: '33333', rate: '床日费率 ¥333.33（权重 1.0，每床日）', specialCasePermille: 50 };
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/fund/case-payment/schemes/430100/2026/BED_DAY', status: 404, body: problem(404, 'NOT_FOUND', 'not found') },
      {
        method: 'POST',
        path: '/api/v1/fund/case-payment/schemes',
        status: 201,
        body: anApproval({ action: 'fund.case-payment-scheme', admdvs: '430100', payload: bed }),
      },
    ]);
    renderAt(<CaseSchemePage />, '/fund/case-payment/schemes?admdvs=430100&year=2026&method=BED_DAY', '/fund/case-payment/schemes');
    fireEvent.click(await screen.findByTestId('propose-scheme', {}, slow));
    const form = within(await screen.findByTestId('scheme-form'));
    expect(form.queryByLabelText('DIP 年度预算（元）')).toBeNull();
    fireEvent.change(form.getByLabelText('床日费率（元，权重 1.0 每床日的支付标准）'), { target: { value: '333.33' } });
    fireEvent.change(form.getByLabelText('定点机构'), { target: { value: 'H43010200003' } });
    fireEvent.change(form.getByLabelText('分组（每行“编码,名称,权重”；DIP 填分值）'), { target: { value: 'CD-PSY,精神疾病住院,1.5' } });
    fireEvent.change(form.getByLabelText('理由'), { target: { value: '2026 年精神疾病按床日付费' } });
    fireEvent.click(okButton(screen));
    const proposed = await screen.findByTestId('scheme-proposed', {}, slow);
    expect(proposed.textContent).toContain('床日费率（权重 1.0，每床日）');
    expect(proposed.textContent).toContain('¥333.33');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      admdvs: '430100',
      year: 2026,
      method: 'BED_DAY',
      rateFen: '33333',
      institutions: [{ institutionCode: 'H43010200003', coefficientPercent: '100' }],
      groups: [{ code: 'CD-PSY', name: '精神疾病住院', weight: '1.5' }],
      reason: '2026 年精神疾病按床日付费',
    });
  });

  it('shows a scheme proposal in the approvals inbox: its figures and its groups and institutions from the server', async () => {
    signInAs('cs.checker', ['city-officer']);
    const approval = anApproval({
      id: '0190a0b0-0000-7000-8000-0000000005a2',
      action: 'fund.case-payment-scheme',
      targetType: 'case-payment-scheme',
      targetId: '430100/2026/DRG',
      admdvs: '430100',
      summary: '病种付费方案 430100 2026 DRG 第 1 版',
      reason: proposal.reason,
      proposedBy: { kind: 'user', id: 'id-cs.officer', name: 'cs.officer', roles: ['city-officer'], scope: '430100' },
      payload: proposal,
    });
    const { calls } = fakeFetch([
      { method: 'GET', path: '/api/v1/approvals/fund', status: 200, body: { items: [approval], total: 1, limit: 20, offset: 0 } },
      {
        method: 'GET',
        path: `/api/v1/approvals/fund/${approval.id}/items`,
        status: 200,
        body: {
          approvalId: approval.id,
          items: [
            { key: 'group/ES23', item: { kind: 'group', code: 'ES23', name: '呼吸系统感染/炎症，伴并发症', weight: '1.2345' } },
            { key: 'institution/H43010200001', item: { kind: 'institution', institutionCode: 'H43010200001', coefficientPercent: '95.5' } },
          ],
          total: 4,
          limit: 20,
          offset: 0,
        },
      },
    ]);
    renderAt(<ApprovalsPage />, '/approvals?context=fund', '/approvals');
    const table = await screen.findByTestId('approvals-table');
    const row = (await within(table).findByText('病种付费方案', {}, slow)).closest('tr') as HTMLElement;
    fireEvent.click(row.querySelector('.ant-table-row-expand-icon') as HTMLElement);
    const payload = await screen.findByTestId('approval-payload', {}, slow);
    expect(within(payload).getByTestId('scheme-rate').textContent).toBe('基础费率 ¥12,000.50（权重 1.0）');
    const items = within(payload).getByTestId('scheme-items');
    expect((await within(items).findByText('ES23', {}, slow)).closest('tr')?.textContent).toContain('分组');
    expect(within(items).getByText('ES23').closest('tr')?.textContent).toContain('1.2345');
    expect(within(items).getByText('H43010200001').closest('tr')?.textContent).toContain('95.5%');
    expect(calls.find((c) => c.url.includes('/items'))?.url).toBe(`/api/v1/approvals/fund/${approval.id}/items?limit=20&offset=0`);
  });
});

const steps = [
  '权重 1.2345 × 基础费率 ¥12,000.00 × 系数 100% = 支付标准 ¥14,814.00（四舍五入到分）',
  '医疗总费用 ¥15,000.00，统筹基金按项目已付 ¥10,500.00，其余 ¥4,500.00 由个人及其他基金负担',
  '统筹基金按病种应付 = 支付标准 − 其余负担 = ¥10,314.00',
  '与按项目已付之差 扣回 ¥186.00',
];
function aCase(over: Partial<GroupedCaseView> = {}): GroupedCaseView {
  return {
    setlId: 'Y430100000001',
    institutionCode: 'H43010200001',
    insutype: '310',
    setlDate: '2026-10-12',
    method: 'DRG',
    schemeVersion: 3,
    bedDays: 1,
    groupCode: 'ES23',
    groupName: '呼吸系统感染/炎症，伴并发症',
    specialCase: false,
    medfeeSumamtFen: '1500000',
    hifpPayFen: '1050000',
    standardFen: '1481400',
    casePaymentFen: '1031400',
    adjustmentFen: '-18600',
    reversed: false,
    steps,
    entryId: '0190a0b0-0000-7000-8000-0000000005e1',
    ...over,
  };
}
const special = aCase({
  setlId: 'Y430100000003',
  groupCode: null,
  groupName: null,
  specialCase: true,
  standardFen: '0',
  casePaymentFen: '1050000',
  adjustmentFen: '0',
  steps: ['特例单议：按项目付费，统筹基金支付 ¥10,500.00，列入人工审核（本年第 1 例，上限 2 例）'],
  entryId: null,
});
const casesPage: GroupedCasePage = {
  admdvs: '430100',
  period: '2026-10',
  items: [aCase(), special],
  total: 2,
  limit: 20,
  offset: 0,
  totalAdjustmentFen: '-18600',
};
const casesPath = '/api/v1/fund/case-payment/cases';

describe('病种分组结果', () => {
  it('reads pasted grouping lines — a bad line named by number and nothing sent — then shows each case’s result, a refusal with its reason', async () => {
    signInAs('cs.officer', ['city-officer']);
    const reply: CaseGroupingReply = {
      admdvs: '430100',
      grouped: 1,
      special: 1,
      replays: 0,
      refused: 1,
      adjustmentFen: '-18600',
      results: [
        { setlId: 'Y430100000001', status: 'GROUPED', case: aCase() },
        { setlId: 'Y430100000003', status: 'SPECIAL_CASE', case: special },
        {
          setlId: 'Y430100000004',
          status: 'REFUSED',
          error: { code: 'CASE.UNKNOWN_GROUP', message: "ZZ99 is not a group of 430100's 2026 DRG scheme (version 3)", field: 'cases[2].groupCode' },
        },
      ],
    };
    const { calls } = fakeFetch([
      { method: 'GET', path: casesPath, status: 200, body: { ...casesPage, items: [], total: 0, totalAdjustmentFen: '0' } },
      { method: 'POST', path: '/api/v1/fund/case-payment/groupings', status: 200, body: reply },
    ]);
    renderAt(<CaseGroupingPage />, '/fund/case-payment/cases?admdvs=430100&period=2026-10', '/fund/case-payment/cases');
    const card = within(await screen.findByTestId('grouping-card', {}, slow));
    const lines = card.getByLabelText('分组结果');
    fireEvent.change(lines, { target: { value: 'Y430100000001,ES23\nY430100000002\nY430100000003,特例\nY430100000001,FR21' } });
    fireEvent.click(card.getByTestId('grouping-submit'));
    expect(await card.findByText('第 2 行：应为“结算编号,分组编码”或“结算编号,特例”两项', {}, slow)).toBeTruthy();
    expect(card.getByText('第 4 行：结算编号 Y430100000001 与第 1 行重复')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(lines, { target: { value: 'Y430100000001,ES23\n\nY430100000003，特例\nY430100000004\tZZ99' } });
    await card.findByText('已识别 3 个病例', {}, slow);
    fireEvent.click(card.getByTestId('grouping-submit'));
    const results = await card.findByTestId('grouping-results-table', {}, slow);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      admdvs: '430100',
      cases: [
        { setlId: 'Y430100000001', groupCode: 'ES23' },
        { setlId: 'Y430100000003', specialCase: true },
        { setlId: 'Y430100000004', groupCode: 'ZZ99' },
      ],
    });
    const row = (setlId: string) => within(results).getByText(setlId).closest('tr') as HTMLElement;
    expect(row('Y430100000001').textContent).toContain('已分组');
    expect(row('Y430100000001').textContent).toContain('-¥186.00');
    expect(row('Y430100000003').textContent).toContain('特例单议');
    const refused = row('Y430100000004');
    expect(refused.textContent).toContain('拒绝');
    expect(within(refused).getByTestId('refusal-reason').textContent).toBe("方案中没有该分组ZZ99 is not a group of 430100's 2026 DRG scheme (version 3)");
    // Each result keeps the line it was pasted on.
    expect(refused.textContent).toContain('4');
    expect(card.getByTestId('grouping-summary').textContent).toBe('已分组 1 · 特例单议 1 · 重复提交 0 · 拒绝 1 · 本次调整合计 -¥186.00');
    // The month's list is read again after the grouping.
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.url.startsWith(casesPath))).toHaveLength(2), slow);
  });

  it('puts the server’s refusal of a case at the text, with its line', async () => {
    signInAs('cs.officer', ['city-officer']);
    fakeFetch([
      { method: 'GET', path: casesPath, status: 200, body: { ...casesPage, items: [], total: 0, totalAdjustmentFen: '0' } },
      {
        method: 'POST',
        path: '/api/v1/fund/case-payment/groupings',
        status: 400,
        body: problem(400, 'VALIDATION', 'cases[1].groupCode: a case that is not a special case needs its group', {
          field: 'cases[1].groupCode',
          reason: 'missing group',
        }),
      },
    ]);
    renderAt(<CaseGroupingPage />, '/fund/case-payment/cases?admdvs=430100&period=2026-10', '/fund/case-payment/cases');
    const card = within(await screen.findByTestId('grouping-card', {}, slow));
    fireEvent.change(card.getByLabelText('分组结果'), { target: { value: '# 10 月\nY1,ES23\nY2,FR21' } });
    fireEvent.click(card.getByTestId('grouping-submit'));
    expect(await card.findByText('第 3 行：a case that is not a special case needs its group', {}, slow)).toBeTruthy();
  });

  it('lists the month’s grouped cases with their working and the total adjustment; filters by institution and to the special cases', async () => {
    signInAs('au.auditor', ['auditor']);
    const { calls } = fakeFetch([{ method: 'GET', path: casesPath, status: 200, body: casesPage }]);
    renderAt(<CaseGroupingPage />, '/fund/case-payment/cases?admdvs=430100&period=2026-10', '/fund/case-payment/cases');
    const table = await screen.findByTestId('cases-table', {}, slow);
    const row = (await within(table).findByText('Y430100000001', {}, slow)).closest('tr') as HTMLElement;
    expect(screen.queryByTestId('grouping-card')).toBeNull();
    expect(calls[0].url).toBe(`${casesPath}?admdvs=430100&period=2026-10&limit=20&offset=0`);
    expect(row.textContent).toContain('ES23 呼吸系统感染/炎症，伴并发症');
    expect(row.textContent).toContain('¥15,000.00');
    expect(row.textContent).toContain('¥14,814.00');
    expect(row.textContent).toContain('-¥186.00');
    expect(within(table).getByText('Y430100000003').closest('tr')?.textContent).toContain('特例单议');
    expect(screen.getByTestId('cases-total-adjustment').textContent).toBe('-¥186.00');

    fireEvent.click(row.querySelector('.ant-table-row-expand-icon') as HTMLElement);
    const working = await screen.findByTestId('case-steps-Y430100000001', {}, slow);
    expect([...working.querySelectorAll('li')].map((li) => li.textContent)).toEqual(steps);
    expect(working.textContent).toContain('记账凭证 0190a0b0-0000-7000-8000-0000000005e1');

    fireEvent.click(screen.getByTestId('cases-special-only'));
    await waitFor(() => expect(calls.at(-1)?.url).toBe(`${casesPath}?admdvs=430100&period=2026-10&specialOnly=true&limit=20&offset=0`), slow);
    const search = screen.getByPlaceholderText('机构编码');
    fireEvent.change(search, { target: { value: 'h43010200001' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(
      () => expect(calls.at(-1)?.url).toBe(`${casesPath}?admdvs=430100&period=2026-10&institutionCode=H43010200001&specialOnly=true&limit=20&offset=0`),
      slow,
    );
  });
});

describe('pasted lines', () => {
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('zh-CN', key, vars);

  it('reads groups with commas in the name, tabs, a header and comments; each bad line once per problem', () => {
    const sut = parseGroups('编码,名称,权重\nES23,呼吸系统感染/炎症，伴并发症,1.2345\n#\nFR21\t急性心肌梗死\t850\nES23,重复,1\nX,短,0');
    expect(sut.items).toEqual([
      { code: 'ES23', name: '呼吸系统感染/炎症，伴并发症', weight: '1.2345' },
      { code: 'FR21', name: '急性心肌梗死', weight: '850' },
    ]);
    expect(sut.lines).toEqual([2, 4]);
    expect(sut.errors.map((e) => t(e.key, e.vars))).toEqual([
      '第 5 行：分组编码 ES23 与第 2 行重复',
      '第 6 行：分组编码“X”须为 2–30 位字母、数字或 . + _ -',
      '第 6 行：权重“0”须为大于 0 的数，最多 4 位小数',
    ]);
    expect(parseGroups(' \n').errors.map((e) => t(e.key, e.vars))).toEqual(['请粘贴至少一行分组']);
  });

  it('reads grouping lines, 特例 and 特例单议 as a special case', () => {
    const sut = parseGroupings('setlId,groupCode\nA1,ES23\nA2,特例单议\nA3,特例');
    expect(sut.items).toEqual([
      { setlId: 'A1', groupCode: 'ES23' },
      { setlId: 'A2', specialCase: true },
      { setlId: 'A3', specialCase: true },
    ]);
    expect(sut.errors).toEqual([]);
    expect(parseGroupings('A1,ES23,extra').errors.map((e) => t(e.key, e.vars))).toEqual(['第 1 行：应为“结算编号,分组编码”或“结算编号,特例”两项']);
  });

  it('leaves errors of other fields as they are', () => {
    const e = new Error('x');
    expect(atLines(e, 'groups', 'groupsText', [1], t)).toBe(e);
  });
});
