/**
 * Chinese conventions for what the portal shows: money is integer fen (分) from the API and is
 * shown as yuan with a ¥ sign and thousands separators; dates are yyyy-MM-dd in Asia/Shanghai.
 * No floating point touches money.
 */

/** `123456` (fen) → `¥1,234.56`; accepts the API's string/bigint fen; negative amounts keep their sign. */
export function formatFen(fen: string | number | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  let v: bigint;
  try {
    v = typeof fen === 'bigint' ? fen : BigInt(typeof fen === 'number' ? Math.trunc(fen) : fen.trim());
  } catch {
    return '—';
  }
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** A business date (`2026-11-23`) stays as it is; an instant is shown as its date in Asia/Shanghai. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as `yyyy-MM-dd HH:mm` in Asia/Shanghai. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  const iso = new Date(t + SHANGHAI_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Today in Asia/Shanghai as yyyy-MM-dd, optionally shifted by whole days. */
export function shanghaiToday(now: Date = new Date(), offsetDays = 0): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `today` to the business date `to` (negative when past). */
export function daysUntil(to: string, today: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** `1,234.5` / `¥12.30` (yuan, as typed) → `'123450'` fen, by string arithmetic; undefined when it is not an amount with at most 2 decimals. */
export function yuanToFen(yuan: string | number | null | undefined): string | undefined {
  if (yuan === null || yuan === undefined) return undefined;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(yuan).trim().replace(/^¥/, '').replace(/,/g, ''));
  if (!m) return undefined;
  return BigInt(`${m[1]}${(m[2] ?? '').padEnd(2, '0')}`).toString();
}
