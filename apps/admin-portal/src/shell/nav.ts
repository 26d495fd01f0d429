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

/** The portal's menu, in order. Screens for review, rules, alerts, fund and referrals come with their APIs. */
export const NAV: readonly NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', roles: ALL },
  { path: '/institutions', label: 'nav.institutions', roles: READERS },
  { path: '/agreements', label: 'nav.agreements', roles: READERS },
  { path: '/review', label: 'nav.review', roles: ['reviewer', 'city-officer', 'county-officer', 'province-admin', 'auditor'] },
  { path: '/approvals', label: 'nav.approvals', roles: [...OFFICERS, 'reviewer'] },
  { path: '/credit', label: 'nav.credit', roles: READERS },
  { path: '/audit', label: 'nav.audit', roles: ['auditor', 'province-admin', 'system-operator'] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((r) => roles.includes(r)));
}

/** Whether a user with `roles` may open `pathname` (the first path segment decides). */
export function mayOpen(roles: readonly Role[], pathname: string): boolean {
  const item = NAV.find((n) => pathname === n.path || pathname.startsWith(`${n.path}/`));
  return item ? item.roles.some((r) => roles.includes(r)) : true;
}
