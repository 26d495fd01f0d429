import { Money } from '@mi/domain';
import type { GeneratedCity } from '@mi/testing';

/** 演示 — put before every demo institution's name, so nobody takes the synthetic city for a real one. */
export const DEMO_MARK = '【演示】';

/** Wall-clock time in Asia/Shanghai as datagen writes it (`yyyy-MM-dd HH:mm:ss`), so the two compare as strings. */
export function shanghaiTime(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The generated city as the demo loads it: every institution's name marked {@link DEMO_MARK} (in
 * the registry and in the settlements its HIS sends), and only the settlements already settled at
 * `now` (Asia/Shanghai) — a HIS cannot upload a visit that has not happened — with their ground truth.
 */
export function asDemoCity(city: GeneratedCity, now: string): GeneratedCity {
  const mark = (name: unknown) => (String(name).startsWith(DEMO_MARK) ? String(name) : `${DEMO_MARK}${String(name)}`);
  const settlements = city.settlements
    .filter((s) => String(s.setl_time) < now)
    .map((s): Record<string, unknown> => ({ ...s, fixmedins_name: mark(s.fixmedins_name) }));
  const kept = new Set(settlements.map((s) => String(s.setl_id)));
  return {
    ...city,
    institutions: city.institutions.map((i) => ({ ...i, fixmedins_name: mark(i.fixmedins_name) })),
    settlements,
    truth: city.truth.filter((t) => kept.has(t.setl_id)),
  };
}

/** An initial password that meets the portal's policy (≥ 12 characters, 4 classes, no run of 4). */
export function initialPassword(random: (bytes: number) => Buffer): string {
  for (;;) {
    const p = `Demo-${random(6).toString('hex')}-Kq7!`;
    if (!/(.)\1{3}/u.test(p)) return p;
  }
}

/** A county's remittance of one month and insurance type to the city fund (收入上解), in fen. */
export interface DemoRemittance {
  county: string;
  insutype: string;
  period: string;
  amountFen: bigint;
}

/** The months of `now`'s year that have ended (`yyyy-MM`), oldest first; none in January. */
export function endedMonths(now: string): string[] {
  const year = now.slice(0, 4);
  const month = Number(now.slice(5, 7));
  return Array.from({ length: month - 1 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * What each county remits to the city fund in each ended month, per insurance type: the same
 * amount every month (contributions are steady while claims vary), 130 % of the county's average
 * monthly fund payment so far rounded up to the yuan — enough for the fund to build a reserve of a
 * few months, as a real one does. A county and insurance type without any payment remits nothing.
 */
export function demoRemittances(city: GeneratedCity, now: string): DemoRemittance[] {
  const months = endedMonths(now);
  if (months.length === 0) return [];
  const countyOf = new Map(city.institutions.map((i) => [String(i.fixmedins_code), String(i.admdvs)]));
  const paid = new Map<string, bigint>();
  const last = months[months.length - 1];
  for (const s of city.settlements) {
    if (String(s.setl_time).slice(0, 7) > last) continue;
    const county = countyOf.get(String(s.fixmedins_code));
    if (!county) continue;
    const key = `${county}|${String(s.insutype)}`;
    paid.set(key, (paid.get(key) ?? 0n) + Money.parseYuan(s.hifp_pay, 'hifp_pay').fenBigInt);
  }
  const out: DemoRemittance[] = [];
  for (const [key, total] of [...paid].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (total <= 0n) continue;
    const [county, insutype] = key.split('|');
    const monthly = (total * 130n + BigInt(months.length) * 100n * 100n - 1n) / (BigInt(months.length) * 100n * 100n); // yuan, rounded up
    for (const period of months) out.push({ county, insutype, period, amountFen: monthly * 100n });
  }
  return out;
}
