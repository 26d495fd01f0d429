import { defineDictionary, type CodeOf } from '../dictionaries/define-dictionary';

/**
 * 角色 — what a portal user may do. Roles say *what*; the region scope (see `region-scope.ts`)
 * says *where*. A user holds one or more roles and exactly one scope.
 */
export const Role = defineDictionary('role', {
  'province-admin': { zh: '省级管理员', en: 'Provincial administrator' },
  'city-officer': { zh: '市级经办人员', en: 'City officer' },
  'county-officer': { zh: '县级经办人员', en: 'County officer' },
  reviewer: { zh: '审核人员', en: 'Reviewer' },
  /** Read-only: sees everything in scope, changes nothing. */
  auditor: { zh: '审计员', en: 'Auditor (read-only)' },
  /** 卫健 (health commission) liaison: handles referrals (移送) only. */
  'health-liaison': { zh: '卫健联络员', en: 'Health commission liaison (referrals only)' },
  'system-operator': { zh: '系统运维', en: 'System operator' },
});
export type Role = CodeOf<typeof Role>;
