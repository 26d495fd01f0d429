import type { Role } from '@mi/domain';
import type { MessageKey } from '../i18n/messages';

export interface NavItem {
  path: string;
  label: MessageKey;
  /** Roles that see the item (the gateway enforces the same roles on the API). */
  roles: readonly Role[];
}

const OFFICERS: readonly Role[] = ['province-admin', 'city-officer', 'county-officer'];
const READERS: readonly Role[] = [...OFFICERS, 'reviewer', 'auditor'];
const ALL: readonly Role[] = [...READERS, 'health-liaison', 'system-operator'];

/** Who reads referrals and red/black lists: the bureau, the health-commission liaison (the other side of a referral), reviewers and auditors. */
const CREDIT_READERS: readonly Role[] = [...READERS, 'health-liaison'];

/** Who reads review cases and manual claims (the gateway allows the same). */
const REVIEW_READERS: readonly Role[] = ['reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor'];

/** Who changes rules, catalogues, coding tables and thresholds (the gateway allows the same). */
const KB_EDITORS: readonly Role[] = ['province-admin', 'city-officer'];

/** Who reads the fund (the gateway allows the same). */
const FUND_READERS: readonly Role[] = ['province-admin', 'city-officer', 'county-officer', 'auditor'];

/** Who reads a city's payment deadlines: a county's scope does not reach its city's months (the service answers 404). */
const DEADLINE_READERS: readonly Role[] = ['province-admin', 'city-officer', 'auditor'];

/** Who reads what the fund keeps per city (DRG/DIP schemes, grouped cases, DIP settlements): as the deadlines, not a county. */
const CITY_FUND_READERS: readonly Role[] = DEADLINE_READERS;

/** Who runs and reads rule simulations (the gateway allows the same). */
const SIMULATORS: readonly Role[] = ['city-officer', 'reviewer', 'province-admin'];

/** The portal's menu, in order. */
export const NAV: readonly NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', roles: ALL },
  { path: '/institutions', label: 'nav.institutions', roles: READERS },
  { path: '/agreements', label: 'nav.agreements', roles: READERS },
  { path: '/review', label: 'nav.review', roles: REVIEW_READERS },
  { path: '/review/manual-claims', label: 'nav.manualClaims', roles: REVIEW_READERS },
  { path: '/approvals', label: 'nav.approvals', roles: [...OFFICERS, 'reviewer'] },
  { path: '/credit', label: 'nav.credit', roles: READERS },
  { path: '/credit/referrals', label: 'nav.referrals', roles: CREDIT_READERS },
  { path: '/credit/referrals/annual-report', label: 'nav.referralReport', roles: CREDIT_READERS },
  { path: '/credit/lists', label: 'nav.listDecisions', roles: CREDIT_READERS },
  { path: '/credit/penalties', label: 'nav.penalties', roles: CREDIT_READERS },
  { path: '/fund', label: 'nav.fund', roles: FUND_READERS },
  { path: '/fund/budgets', label: 'nav.fundBudgets', roles: FUND_READERS },
  { path: '/fund/prepayments', label: 'nav.prepayments', roles: FUND_READERS },
  { path: '/fund/clearing', label: 'nav.clearing', roles: FUND_READERS },
  { path: '/fund/reports', label: 'nav.fundReport', roles: FUND_READERS },
  // County officers submit their county's plan here; city officers review them and request the money.
  { path: '/fund/use-plans', label: 'nav.fundUsePlans', roles: FUND_READERS },
  { path: '/fund/payment-deadlines', label: 'nav.paymentDeadlines', roles: DEADLINE_READERS },
  { path: '/fund/counties', label: 'nav.countyFund', roles: FUND_READERS },
  // Only a proposal can be made here (there is no list to read): city officers only, as the gateway.
  { path: '/fund/holds', label: 'nav.terminatedHolds', roles: ['city-officer'] },
  // 按病种付费 is kept per city: a county officer's scope does not reach it (the service answers 404). City officers propose, group and settle.
  { path: '/fund/case-payment/schemes', label: 'nav.caseSchemes', roles: CITY_FUND_READERS },
  { path: '/fund/case-payment/cases', label: 'nav.caseGroupings', roles: CITY_FUND_READERS },
  { path: '/fund/case-payment/dip-settlements', label: 'nav.dipSettlements', roles: CITY_FUND_READERS },
  { path: '/kb/alerts', label: 'nav.alerts', roles: READERS },
  { path: '/kb/inventory', label: 'nav.inventory', roles: READERS },
  { path: '/kb/rules', label: 'nav.rules', roles: READERS },
  { path: '/kb/simulations', label: 'nav.simulations', roles: SIMULATORS },
  { path: '/kb/catalogue', label: 'nav.catalogue', roles: KB_EDITORS },
  { path: '/kb/coding-tables', label: 'nav.codingTables', roles: KB_EDITORS },
  // Thresholds are kept per city: a county officer's scope does not reach them.
  { path: '/kb/thresholds', label: 'nav.thresholds', roles: [...KB_EDITORS, 'reviewer', 'auditor'] },
  { path: '/audit', label: 'nav.audit', roles: ['auditor', 'province-admin', 'system-operator'] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((r) => roles.includes(r)));
}

/** The menu item `pathname` is under: the longest path that is it or a prefix of it (`/review/manual-claims/x` → 大额手工报销, not 审核案件). */
export function itemOf(pathname: string, items: readonly NavItem[] = NAV): NavItem | undefined {
  return items.filter((n) => pathname === n.path || pathname.startsWith(`${n.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
}

/** Whether a user with `roles` may open `pathname` (its menu item decides). */
export function mayOpen(roles: readonly Role[], pathname: string): boolean {
  const item = itemOf(pathname);
  return item ? item.roles.some((r) => roles.includes(r)) : true;
}

/** A readable label for every portal route (`:name` parts fill the label's `{name}`); the breadcrumb shows no raw paths. */
const ROUTE_LABELS: readonly [pattern: string, label: MessageKey][] = [
  ['/dashboard', 'nav.dashboard'],
  ['/institutions', 'nav.institutions'],
  ['/institutions/:code', 'crumb.institution'],
  ['/agreements', 'nav.agreements'],
  ['/agreements/:code', 'crumb.agreement'],
  ['/review/cases', 'nav.review'],
  ['/review/cases/:id', 'crumb.case'],
  ['/review/manual-claims', 'nav.manualClaims'],
  ['/review/manual-claims/:id', 'crumb.manualClaim'],
  ['/approvals', 'nav.approvals'],
  ['/credit', 'nav.credit'],
  ['/credit/referrals', 'nav.referrals'],
  ['/credit/referrals/:id', 'crumb.referral'],
  ['/credit/referrals/annual-report', 'nav.referralReport'],
  ['/credit/lists', 'nav.listDecisions'],
  ['/credit/penalties', 'nav.penalties'],
  ['/credit/:code', 'crumb.creditFile'],
  ['/fund', 'nav.fund'],
  ['/fund/statements/:admdvs/:period/:code', 'crumb.statement'],
  ['/fund/budgets', 'nav.fundBudgets'],
  ['/fund/prepayments', 'nav.prepayments'],
  ['/fund/clearing', 'nav.clearing'],
  ['/fund/clearing/:admdvs/:year/:insutype/statements/:code', 'crumb.clearingStatement'],
  ['/fund/reports', 'nav.fundReport'],
  ['/fund/use-plans', 'nav.fundUsePlans'],
  ['/fund/payment-deadlines', 'nav.paymentDeadlines'],
  ['/fund/counties', 'nav.countyFund'],
  ['/fund/holds', 'nav.terminatedHolds'],
  ['/fund/case-payment/schemes', 'nav.caseSchemes'],
  ['/fund/case-payment/cases', 'nav.caseGroupings'],
  ['/fund/case-payment/dip-settlements', 'nav.dipSettlements'],
  ['/kb/alerts', 'nav.alerts'],
  ['/kb/alerts/:id', 'crumb.alert'],
  ['/kb/inventory', 'nav.inventory'],
  ['/kb/inventory/:code', 'crumb.inventory'],
  ['/kb/rules', 'nav.rules'],
  ['/kb/rules/:region/:ruleId', 'crumb.rule'],
  ['/kb/simulations', 'nav.simulations'],
  ['/kb/simulations/:id', 'crumb.simulation'],
  ['/kb/catalogue', 'nav.catalogue'],
  ['/kb/coding-tables', 'nav.codingTables'],
  ['/kb/thresholds', 'nav.thresholds'],
  ['/audit', 'nav.audit'],
  ['/500', 'crumb.error'],
];

export interface Crumb {
  path: string;
  label: MessageKey;
  vars: Record<string, string>;
}

function match(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const vars: Record<string, string> = {};
  for (const [i, p] of parts.entries()) {
    if (p.startsWith(':')) vars[p.slice(1)] = decodeURIComponent(segments[i]);
    else if (p !== segments[i]) return undefined;
  }
  return vars;
}

/** The breadcrumb of `pathname` below 首页: each prefix that is a portal route, labelled (static routes win over `:param` ones, as in the router). */
export function crumbsFor(pathname: string): Crumb[] {
  const segments = pathname.split('/').filter(Boolean);
  const crumbs: Crumb[] = [];
  for (let n = 1; n <= segments.length; n++) {
    const prefix = segments.slice(0, n);
    const candidates = ROUTE_LABELS.map(([pattern, label]) => ({ pattern, label, vars: match(pattern, prefix) })).filter((c) => c.vars !== undefined);
    const best = candidates.sort((a, b) => a.pattern.split(':').length - b.pattern.split(':').length)[0];
    if (best?.vars) crumbs.push({ path: `/${prefix.join('/')}`, label: best.label, vars: best.vars });
  }
  return crumbs;
}
