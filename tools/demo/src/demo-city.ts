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
