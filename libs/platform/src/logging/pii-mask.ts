/**
 * Masks personal data before anything is logged (PIPL; house style 13): 18-character ID numbers
 * keep the first 4 and last 4 characters, mobile numbers the first 3 and last 4, and the values of
 * name fields keep their first character.
 */
const ID_CARD = /(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const NAME_KEYS = new Set(['psn_name', 'patn_name', 'name_of_person', 'opter_name', 'drord_dr_name', 'bilg_dr_name', 'personName', 'patientName', 'realName']);
const SECRET_KEYS = /pass(word)?|secret|token|signature|authorization|cookie/i;

export function maskText(text: string): string {
  return text.replace(ID_CARD, (_m, a: string, b: string) => `${a}${'*'.repeat(10)}${b}`).replace(MOBILE, '$1****$2');
}

export function maskValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: maskText(value.message), stack: value.stack ? maskText(value.stack) : undefined };
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.test(k)) out[k] = '[redacted]';
      else if (NAME_KEYS.has(k) && typeof v === 'string' && v.length > 0) out[k] = `${[...v][0]}${'*'.repeat(Math.max(1, [...v].length - 1))}`;
      else out[k] = maskValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
