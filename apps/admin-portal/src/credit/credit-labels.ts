import type { PenaltyMeasure } from '@mi/contracts';
import type { Role } from '@mi/domain';
import { isMessageKey, type MessageKey } from '../i18n/messages';

/** As @mi/contracts' PENALTY_MEASURES / MONEY_MEASURES (the portal imports types only). */
export const PENALTY_MEASURES: readonly PenaltyMeasure[] = ['WARNING', 'ORDER_REFUND', 'CONFISCATION', 'FINE', 'SUSPEND_SERVICE', 'REVOKE'];
/** 责令退回, 没收违法所得 and 罚款 are sums of money: the form asks for the amount; the others carry none. */
export const MONEY_MEASURES: readonly PenaltyMeasure[] = ['ORDER_REFUND', 'CONFISCATION', 'FINE'];

/** Who records penalty decisions (the gateway allows the same). */
const PENALTY_RECORDERS: readonly Role[] = ['province-admin', 'city-officer', 'county-officer'];

export function mayRecordPenalties(roles: readonly Role[]): boolean {
  return roles.some((r) => PENALTY_RECORDERS.includes(r));
}

/** The label key of a credit-file entry kind (PENALTY, BLACKLISTED, …), or undefined for a kind the portal does not name yet (shown by its code). */
export function entryKindKey(kind: string): MessageKey | undefined {
  const key = `credit.kind.${kind}`;
  return isMessageKey(key) ? key : undefined;
}
