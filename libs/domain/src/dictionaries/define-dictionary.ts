import { ValidationError } from '../errors/domain-error';

/** Label language: Chinese (the legal text) or English (for the API and tests). */
export type Language = 'zh' | 'en';

/** Every dictionary entry carries a Chinese and an English label; more fields are allowed. */
export interface DictionaryEntry {
  readonly zh: string;
  readonly en: string;
}

export interface DictionaryOptions {
  /**
   * Codes are zero-padded to this width when given as a number (NHSA clients send `1` for
   * `'01'`). Without it a number is read as its plain decimal text.
   */
  readonly numericWidth?: number;
}

/** A closed code list (字典) with labels; methods are plain closures, safe to destructure. */
export interface Dictionary<C extends string, E extends DictionaryEntry> {
  /** Dictionary id, the NHSA field name where there is one (`insutype`); the default error field. */
  readonly name: string;
  readonly entries: Readonly<Record<C, E>>;
  /**
   * All codes. All-digit code lists in ascending numeric order (`01`…`14`, `1`…`10`); others
   * in JS property order (declaration order, except integer-like keys come first).
   */
  readonly codes: readonly C[];
  /** True when `value` is a known code (strings only). */
  readonly has: (value: unknown) => value is C;
  /** Returns the code, or throws `VALIDATION` naming `field` for anything unknown. */
  readonly parse: (value: unknown, field?: string) => C;
  readonly entry: (code: C) => E;
  readonly label: (code: C, language: Language) => string;
}

/** The code type of a dictionary: `type InsuranceType = CodeOf<typeof InsuranceType>`. */
export type CodeOf<D> = D extends Dictionary<infer C, DictionaryEntry> ? C : never;

/**
 * Builds a {@link Dictionary} from a literal map of code → entry, so each dictionary is a few
 * lines of data. Strings and integer numbers are accepted by `parse` (NHSA treats them alike);
 * the text is matched exactly — no trimming, no case folding.
 */
export function defineDictionary<const T extends Record<string, DictionaryEntry>>(
  name: string,
  entries: T,
  options: DictionaryOptions = {},
): Dictionary<Extract<keyof T, string>, T[Extract<keyof T, string>]> {
  type C = Extract<keyof T, string>;
  const frozen = Object.freeze({ ...entries }) as Readonly<Record<C, T[C]>>;
  const keys = Object.keys(frozen);
  // JS lists integer-like keys first ('10' before '01'); numeric code lists are sorted by value instead.
  if (keys.every((k) => /^\d+$/.test(k))) keys.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const codes = Object.freeze(keys) as readonly C[];
  const known = new Set<string>(codes);

  const has = (value: unknown): value is C => typeof value === 'string' && known.has(value);

  const parse = (value: unknown, field: string = name): C => {
    let text: string;
    if (typeof value === 'string') {
      text = value;
    } else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      text = options.numericWidth ? String(value).padStart(options.numericWidth, '0') : String(value);
    } else if (value === null || value === undefined) {
      throw new ValidationError(field, `is required (${name})`);
    } else {
      throw new ValidationError(field, `must be a ${name} code`);
    }
    if (text === '') throw new ValidationError(field, `is required (${name})`);
    if (!known.has(text)) {
      throw new ValidationError(field, `unknown ${name} code; expected one of ${codes.join(', ')}`, {
        dictionary: name,
      });
    }
    return text as C;
  };

  const entry = (code: C): T[C] => {
    if (!known.has(code)) throw new ValidationError(name, `unknown ${name} code`, { dictionary: name });
    return frozen[code];
  };

  const label = (code: C, language: Language): string => entry(code)[language];

  return { name, entries: frozen, codes, has, parse, entry, label };
}
