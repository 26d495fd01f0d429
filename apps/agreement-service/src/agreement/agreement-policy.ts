import { type AgreementStatus, type SuspensionKind, type TerminationGround } from '@mi/contracts';
import { ConflictError, LocalDate, ValidationError } from '@mi/domain';

/** Numbers of the agreement lifecycle (DOMAIN-RULES AGR-08/09/11); a city may configure its own later. */
export const LIFECYCLE_POLICY = {
  /** AGR-09: a voluntary suspension lasts at most 180 days. */
  maxVoluntarySuspensionDays: 180,
  /** AGR-11 ground 1: this many suspensions in the validity period. */
  suspensionsForGround1: 2,
  /** AGR-08: a voluntary suspension or termination is asked this many months ahead. */
  voluntaryNoticeMonths: 3,
  /**
   * AGR-11 ground 1 applied by itself: the suspension that would be the `suspensionsForGround1`-th
   * of these kinds in one agreement's term terminates the agreement instead (2号令 Art. 43(1)).
   * Counted: the bureau's suspensions (中止协议). Not counted: the institution's own (VOLUNTARY), and
   * 12-point suspensions (POINTS), which have their own ladder (6 → 3 months, 9 → 6 months, 12 →
   * cancellation) that counting them would cut short at 9 points.
   */
  automaticGround1: { enabled: true, kinds: ['MANDATORY'] as readonly SuspensionKind[] },
} as const;

/** AGR-07: months before the end of the term from which the institution may apply to renew; a city may set its own (data, by pooling region). */
export const RENEWAL_WINDOW_MONTHS: { default: number; cities: Record<string, number> } = { default: 3, cities: {} };

/** The renewal window of a term ending on `validTo`: from `months` before its end to its last day (both inclusive). */
export function renewalWindow(validTo: LocalDate, poolarea: string): { opensOn: LocalDate; closesOn: LocalDate } {
  const months = RENEWAL_WINDOW_MONTHS.cities[poolarea] ?? RENEWAL_WINDOW_MONTHS.default;
  return { opensOn: addMonths(validTo.plusDays(1), -months), closesOn: validTo };
}

/** AGR-07: a renewal is applied for inside the window; outside it the error names the window. */
export function checkRenewalWindow(agreement: { validTo: string; poolarea: string; institutionCode: string }, today: LocalDate): void {
  const { opensOn, closesOn } = renewalWindow(LocalDate.parse(agreement.validTo), agreement.poolarea);
  if (today.isBefore(opensOn) || today.isAfter(closesOn)) {
    throw new ConflictError(
      'AGREEMENT.RENEWAL_WINDOW',
      `the agreement of ${agreement.institutionCode} ending ${closesOn} is renewed from ${opensOn} to ${closesOn}; today is ${today}${today.isAfter(closesOn) ? ' (the window has closed; apply for designation again)' : ''}`,
      {
        field: 'applicationId',
        reason: 'outside the renewal window (2号令 Art. 41: apply 3 months before expiry)',
        rule: 'AGR-07',
        opensOn: opensOn.toString(),
        closesOn: closesOn.toString(),
      },
    );
  }
}

/** The natural-year term (003_…): from `validFrom` (pro rata in the first year) to 31 December. */
export function naturalYearTerm(validFrom: LocalDate): { validFrom: LocalDate; validTo: LocalDate } {
  return { validFrom, validTo: LocalDate.of(validFrom.year, 12, 31) };
}

/** The instant a period ending on `lastDay` (inclusive) is over: 00:00 Asia/Shanghai the next day. */
export function endInstant(lastDay: LocalDate): Date {
  return lastDay.plusDays(1).startOfDayInstant();
}

/** Statuses from which a bureau decision (suspend, extend) may still be taken. */
export function assertNotFinal(status: AgreementStatus, institutionCode: string): void {
  if (status === 'TERMINATED') {
    throw new ConflictError('AGREEMENT.TERMINATED', `the agreement of ${institutionCode} is terminated; termination is final`, {
      field: 'institutionCode',
      reason: 'a terminated agreement cannot be suspended, resumed or extended',
    });
  }
  if (status === 'EXPIRED') {
    throw new ConflictError('AGREEMENT.NOT_ACTIVE', `the agreement of ${institutionCode} has expired`, { field: 'institutionCode', reason: 'expired' });
  }
}

export interface Period {
  startsOn: LocalDate;
  endsOn: LocalDate;
}

/** Checks a suspension period against the term and the other suspensions (no overlaps). */
export function checkSuspensionPeriod(
  p: Period,
  term: { validFrom: string; validTo: string },
  others: { id: string; startsOn: string; endsOn: string }[],
): void {
  if (p.endsOn.isBefore(p.startsOn)) throw new ValidationError('endsOn', 'must not be before startsOn');
  const from = LocalDate.parse(term.validFrom);
  const to = LocalDate.parse(term.validTo);
  if (p.startsOn.isBefore(from) || p.startsOn.isAfter(to)) {
    throw new ValidationError('startsOn', `must lie within the agreement's term ${term.validFrom}–${term.validTo}`);
  }
  const clash = others.find((o) => !(p.endsOn.isBefore(LocalDate.parse(o.startsOn)) || p.startsOn.isAfter(LocalDate.parse(o.endsOn))));
  if (clash) {
    throw new ConflictError('AGREEMENT.SUSPENSION_OVERLAP', `the period ${p.startsOn}–${p.endsOn} overlaps suspension ${clash.startsOn}–${clash.endsOn}`, {
      field: 'startsOn',
      reason: 'overlaps an existing suspension',
      suspensionId: clash.id,
    });
  }
}

/** AGR-09: voluntary suspension ≤ 180 days (both ends inclusive). */
export function checkVoluntaryLength(p: Period): void {
  const days = p.startsOn.daysUntil(p.endsOn) + 1;
  if (days > LIFECYCLE_POLICY.maxVoluntarySuspensionDays) {
    throw new ConflictError(
      'AGREEMENT.VOLUNTARY_TOO_LONG',
      `a voluntary suspension lasts at most ${LIFECYCLE_POLICY.maxVoluntarySuspensionDays} days, not ${days}`,
      {
        field: 'endsOn',
        reason: `at most ${LIFECYCLE_POLICY.maxVoluntarySuspensionDays} days (2号令 Art. 42)`,
        days,
      },
    );
  }
}

/**
 * AGR-11 ground 1: ≥ 2 suspensions in the validity period, or failure to rectify during a
 * suspension (so the agreement must be suspended now); the other grounds are the officers' finding.
 */
export function checkTerminationGround(ground: TerminationGround, suspensionsInTerm: number, suspendedNow = false): void {
  if (ground === 1 && suspensionsInTerm < LIFECYCLE_POLICY.suspensionsForGround1 && !suspendedNow) {
    throw new ConflictError(
      'AGREEMENT.GROUND_NOT_MET',
      `ground 1 needs ≥ ${LIFECYCLE_POLICY.suspensionsForGround1} suspensions in the validity period, or a running suspension not rectified; found ${suspensionsInTerm}`,
      {
        field: 'ground',
        reason: 'fewer than 2 suspensions in the validity period and not suspended now',
        rule: 'AGR-11.1',
        suspensions: suspensionsInTerm,
      },
    );
  }
}

/** Agreement number: `<poolarea>-<year>-<institution code>`. */
export function agreementNumber(poolarea: string, year: number, institutionCode: string): string {
  return `${poolarea}-${year}-${institutionCode}`;
}

/** `date` plus whole calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = LocalDate.of(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1).minusDays(1).day;
  return LocalDate.of(year, month, Math.min(date.day, lastDay));
}

/**
 * The days an agreement was in force: its term, cut at a termination (which takes effect at
 * `terminatedAt`: the last day in force is that day, or the day before when it struck at 00:00
 * Beijing time). Null when it was terminated before it began.
 */
export function daysInForce(a: { validFrom: string; validTo: string; terminatedAt?: Date | null }): { from: LocalDate; to: LocalDate } | null {
  const from = LocalDate.parse(a.validFrom);
  let to = LocalDate.parse(a.validTo);
  if (a.terminatedAt) {
    const lastDay = LocalDate.fromInstant(new Date(a.terminatedAt.getTime() - 1));
    if (lastDay.isBefore(to)) to = lastDay;
  }
  return to.isBefore(from) ? null : { from, to };
}
