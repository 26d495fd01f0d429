import { crumbsFor, itemOf, mayOpen, navFor } from './nav';
import { translate } from '../i18n/messages';
import { childrenOf } from './regions';

describe('navigation by role', () => {
  it('shows a city officer the agreement work but not the audit trail', () => {
    const sut = navFor(['city-officer']).map((i) => i.path);
    expect(sut).toEqual([
      '/dashboard',
      '/institutions',
      '/agreements',
      '/review',
      '/review/manual-claims',
      '/approvals',
      '/credit',
      '/credit/referrals',
      '/credit/referrals/annual-report',
      '/credit/lists',
      '/credit/penalties',
      '/fund',
      '/fund/budgets',
      '/fund/prepayments',
      '/fund/clearing',
      '/fund/reports',
      '/fund/use-plans',
      '/fund/payment-deadlines',
      '/fund/counties',
      '/fund/holds',
      '/fund/case-payment/schemes',
      '/fund/case-payment/cases',
      '/fund/case-payment/dip-settlements',
      '/kb/alerts',
      '/kb/inventory',
      '/kb/rules',
      '/kb/simulations',
      '/kb/catalogue',
      '/kb/coding-tables',
      '/kb/thresholds',
    ]);
    expect(mayOpen(['city-officer'], '/audit')).toBe(false);
  });

  it('shows an auditor the audit trail and the registers, but no approvals inbox', () => {
    const sut = navFor(['auditor']).map((i) => i.path);
    expect(sut).toEqual([
      '/dashboard',
      '/institutions',
      '/agreements',
      '/review',
      '/review/manual-claims',
      '/credit',
      '/credit/referrals',
      '/credit/referrals/annual-report',
      '/credit/lists',
      '/credit/penalties',
      '/fund',
      '/fund/budgets',
      '/fund/prepayments',
      '/fund/clearing',
      '/fund/reports',
      '/fund/use-plans',
      '/fund/payment-deadlines',
      '/fund/counties',
      '/fund/case-payment/schemes',
      '/fund/case-payment/cases',
      '/fund/case-payment/dip-settlements',
      '/kb/alerts',
      '/kb/inventory',
      '/kb/rules',
      '/kb/thresholds',
      '/audit',
    ]);
  });

  it('offers rule simulation to officers and reviewers but not auditors; clearing statements sit under 年终清算 with a zh/en crumb', () => {
    expect(mayOpen(['reviewer'], '/kb/simulations/0190a0b0-0000-7000-8000-00000000b001')).toBe(true);
    expect(mayOpen(['auditor'], '/kb/simulations')).toBe(false);
    expect(itemOf('/fund/clearing/430100/2026/310/statements/H43010200001')?.label).toBe('nav.clearing');
    const crumbs = crumbsFor('/fund/clearing/430100/2026/310/statements/H43010200001');
    expect(crumbs.map((c) => translate('zh-CN', c.label, c.vars))).toEqual(['月度结算', '年终清算', '清算单 H43010200001 · 2026']);
    expect(crumbs.map((c) => translate('en', c.label, c.vars)).at(-1)).toBe('Clearing statement H43010200001 · 2026');
  });

  it('shows a reviewer the review cases and the approvals inbox; the auditor reads cases but has no inbox', () => {
    expect(navFor(['reviewer']).map((i) => i.path)).toEqual(expect.arrayContaining(['/review', '/approvals']));
    expect(mayOpen(['auditor'], '/review/cases/0190a0b0-0000-7000-8000-000000000001')).toBe(true);
    expect(mayOpen(['health-liaison'], '/review/cases')).toBe(false);
  });

  it('puts a manual claim under 大额手工报销, not under 审核案件; the health liaison may not open it', () => {
    expect(itemOf('/review/manual-claims/0190a0b0-0000-7000-8000-0000000000c1')?.label).toBe('nav.manualClaims');
    expect(itemOf('/review/cases')?.label).toBe('nav.review');
    expect(mayOpen(['county-officer'], '/review/manual-claims')).toBe(true);
    expect(mayOpen(['health-liaison'], '/review/manual-claims')).toBe(false);
  });

  it('shows the health-commission liaison the referrals and lists (the other side of a referral) but no credit files', () => {
    expect(navFor(['health-liaison']).map((i) => i.path)).toEqual([
      '/dashboard',
      '/credit/referrals',
      '/credit/referrals/annual-report',
      '/credit/lists',
      '/credit/penalties',
    ]);
    expect(mayOpen(['health-liaison'], '/credit/referrals/0190a0b0-0000-7000-8000-0000000000e1')).toBe(true);
    expect(mayOpen(['health-liaison'], '/credit/H43010200001')).toBe(false);
  });

  it('shows a system operator only the dashboard and the audit trail', () => {
    expect(navFor(['system-operator']).map((i) => i.path)).toEqual(['/dashboard', '/audit']);
    expect(mayOpen(['system-operator'], '/agreements/H43010200001')).toBe(false);
    expect(mayOpen(['reviewer'], '/fund/statements/430100/2026-10/H43010200001')).toBe(false);
  });

  it('shows a county officer the county’s fund-use plan and county fund, but not the city’s payment deadlines or held money', () => {
    const sut = navFor(['county-officer']).map((i) => i.path);
    expect(sut).toEqual(expect.arrayContaining(['/fund/use-plans', '/fund/counties']));
    expect(sut).not.toContain('/fund/payment-deadlines');
    expect(sut).not.toContain('/fund/holds');
    expect(mayOpen(['county-officer'], '/fund/payment-deadlines')).toBe(false);
    expect(mayOpen(['auditor'], '/fund/holds')).toBe(false);
    expect(crumbsFor('/fund/use-plans').map((c) => translate('zh-CN', c.label, c.vars))).toEqual(['月度结算', '资金使用计划']);
    expect(crumbsFor('/fund/payment-deadlines').map((c) => translate('en', c.label, c.vars))).toEqual(['Monthly settlement', 'Payment deadlines']);
  });

  it('shows the DRG/DIP screens to the city’s readers but not a county officer, with zh/en crumbs', () => {
    expect(navFor(['county-officer']).map((i) => i.path)).not.toContain('/fund/case-payment/schemes');
    expect(mayOpen(['county-officer'], '/fund/case-payment/cases')).toBe(false);
    expect(mayOpen(['province-admin'], '/fund/case-payment/schemes')).toBe(true);
    expect(crumbsFor('/fund/case-payment/schemes').map((c) => translate('zh-CN', c.label, c.vars))).toEqual(['月度结算', '病种付费方案']);
    expect(crumbsFor('/fund/case-payment/cases').map((c) => translate('en', c.label, c.vars))).toEqual(['Monthly settlement', 'DRG/DIP grouped cases']);
  });

  it('shows the DIP year-end settlement to the city’s readers, not a county officer, under 月度结算 with zh/en crumbs', () => {
    expect(navFor(['auditor']).map((i) => i.path)).toContain('/fund/case-payment/dip-settlements');
    expect(navFor(['county-officer']).map((i) => i.path)).not.toContain('/fund/case-payment/dip-settlements');
    expect(mayOpen(['county-officer'], '/fund/case-payment/dip-settlements')).toBe(false);
    expect(mayOpen(['reviewer'], '/fund/case-payment/dip-settlements')).toBe(false);
    expect(itemOf('/fund/case-payment/dip-settlements')?.label).toBe('nav.dipSettlements');
    expect(crumbsFor('/fund/case-payment/dip-settlements').map((c) => translate('zh-CN', c.label, c.vars))).toEqual(['月度结算', 'DIP 年终结算']);
    expect(crumbsFor('/fund/case-payment/dip-settlements').map((c) => translate('en', c.label, c.vars))).toEqual([
      'Monthly settlement',
      'DIP year-end settlement',
    ]);
  });

  it('offers coding table import to those who import the catalogue (province admin, city officers), not to readers', () => {
    expect(navFor(['province-admin']).map((i) => i.path)).toEqual(expect.arrayContaining(['/kb/catalogue', '/kb/coding-tables']));
    for (const role of ['auditor', 'reviewer', 'county-officer'] as const) {
      expect(navFor([role]).map((i) => i.path)).not.toContain('/kb/coding-tables');
      expect(mayOpen([role], '/kb/coding-tables')).toBe(false);
    }
    expect(crumbsFor('/kb/coding-tables').map((c) => translate('zh-CN', c.label, c.vars))).toEqual(['编码表导入']);
    expect(crumbsFor('/kb/coding-tables').map((c) => translate('en', c.label, c.vars))).toEqual(['Coding table import']);
  });

  it('unions the items of several roles', () => {
    expect(navFor(['health-liaison', 'auditor']).map((i) => i.path)).toContain('/audit');
  });
});

describe('region switcher choices', () => {
  it('offers a province user its cities and a city user its counties; a county user none', () => {
    expect(childrenOf('430000')).toEqual(expect.arrayContaining(['430100', '430200']));
    expect(childrenOf('430000')).not.toContain('430102');
    expect(childrenOf('430100')).toEqual(expect.arrayContaining(['430102', '430181']));
    expect(childrenOf('430100')).not.toContain('430200');
    expect(childrenOf('430102')).toEqual([]);
  });
});

describe('breadcrumb', () => {
  const texts = (path: string, lang: 'zh-CN' | 'en' = 'zh-CN') => crumbsFor(path).map((c) => translate(lang, c.label, c.vars));

  it('labels every level of a route, never the raw path', () => {
    expect(texts('/review/cases/0190a0b0-0000-7000-8000-000000000001')).toEqual(['审核案件', '案件详情']);
    expect(texts('/review/manual-claims/0190a0b0-0000-7000-8000-0000000000c1')).toEqual(['大额手工报销', '报销档案']);
    expect(texts('/agreements/H43010200001')).toEqual(['协议管理', '协议 H43010200001']);
    expect(texts('/fund/statements/430100/2026-10/H43010200001')).toEqual(['月度结算', '结算单 H43010200001 · 2026-10']);
    expect(texts('/credit/referrals/0190a0b0-0000-7000-8000-0000000000e1', 'en')).toEqual(['Credit files', 'Referrals', 'Referral']);
    expect(texts('/kb/alerts/0190a0b0-0000-7000-8000-00000000a1e1')).toEqual(['智能监控预警', '预警详情']);
    expect(texts('/kb/rules/430100/GZ10000204002000', 'en')).toEqual(['Rule base', 'Rule GZ10000204002000']);
    expect(texts('/kb/inventory/P43010200009')).toEqual(['进销存', '进销存 P43010200009']);
  });

  it('prefers a static route over a parameter, as the router does', () => {
    expect(texts('/credit/lists')).toEqual(['信用档案', '红黑名单']);
    expect(texts('/credit/penalties', 'en')).toEqual(['Credit files', 'Penalty decisions']);
    expect(texts('/credit/referrals/annual-report')).toEqual(['信用档案', '线索移送', '年度移送报告']);
    expect(texts('/credit/H43010200001')).toEqual(['信用档案', '信用档案 H43010200001']);
  });
});
