import { ValidationError } from '../errors/domain-error';
import { LocalDate } from '../calendar/local-date';
import { PROVINCE_CODES } from '../region/province-codes';

/** ISO 7064 MOD 11-2 weights for positions 1–17 (2^(18-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;
const EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
/**
 * 港澳台居民居住证 — residence permits for Hong Kong, Macao and Taiwan residents use the same
 * 18-character format with prefixes 81/82/83; 83 is not a GB/T 2260 province, so it is added here.
 */
const ID_PREFIXES: ReadonlySet<string> = new Set([...PROVINCE_CODES, '83']);

/** NHSA `gend` code derived from an ID number: `'1'` male, `'2'` female. */
export type IdCardGender = '1' | '2';

export interface IdCardParseOptions {
  /** When given, a birth date after this day is refused. */
  readonly today?: LocalDate;
}

/**
 * ISO 7064 MOD 11-2 check character of the first 17 digits of a GB 11643 number. Exported for
 * test-data builders; refuses anything but 17 digits.
 */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new ValidationError('certno', 'the first 17 characters must be digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS.charAt(sum % 11);
}

/** `4301**********1234`: first 4 and last 4 characters, the rest starred (logs, messages, UI). */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/**
 * 居民身份证号码 (`certno`) — an 18-character GB 11643 citizen identification number:
 * 6-digit region of first registration, 8-digit birth date, 3-digit sequence (odd male, even
 * female) and an ISO 7064 MOD 11-2 check character (0–9 or X).
 *
 * The full number never appears in error messages; `toString()` is masked. `toJSON()` is the
 * full number because persistence and the NHSA wire need it; mask before logging.
 * Old 15-digit numbers are refused (they were retired and carry no check character).
 */
export class IdCard {
  private constructor(
    readonly value: string,
    readonly birthDate: LocalDate,
    readonly gender: IdCardGender,
  ) {}

  /**
   * Parses and validates: 17 digits plus a check character (a lower-case `x` is accepted and
   * normalised to `X`), a plausible province prefix, a real birth date not before 1900-01-01
   * and not after `options.today`, and the check character.
   */
  static parse(value: unknown, field = 'certno', options: IdCardParseOptions = {}): IdCard {
    if (typeof value !== 'string') throw new ValidationError(field, 'must be an 18-character ID number string');
    if (value.length !== 18) throw new ValidationError(field, 'must be 18 characters long');
    const normalised = value.toUpperCase();
    if (!SHAPE.test(normalised)) throw new ValidationError(field, 'must be 17 digits followed by a digit or X');
    if (!ID_PREFIXES.has(normalised.slice(0, 2))) {
      throw new ValidationError(field, 'region prefix is not a known province code');
    }
    const year = Number(normalised.slice(6, 10));
    const month = Number(normalised.slice(10, 12));
    const day = Number(normalised.slice(12, 14));
    let birthDate: LocalDate;
    try {
      birthDate = LocalDate.of(year, month, day, field);
    } catch {
      throw new ValidationError(field, 'birth date (characters 7–14) is not a valid calendar date');
    }
    if (birthDate.isBefore(EARLIEST_BIRTH)) throw new ValidationError(field, 'birth date is before 1900-01-01');
    if (options.today && birthDate.isAfter(options.today)) {
      throw new ValidationError(field, 'birth date is in the future');
    }
    if (idCardCheckChar(normalised.slice(0, 17)) !== normalised.charAt(17)) {
      throw new ValidationError(field, 'check character does not match (ISO 7064 MOD 11-2)');
    }
    const gender: IdCardGender = Number(normalised.charAt(16)) % 2 === 1 ? '1' : '2';
    return new IdCard(normalised, birthDate, gender);
  }

  /** Six-digit region of first registration (may be a retired code, so not an `Admdvs`). */
  get regionCode(): string {
    return this.value.slice(0, 6);
  }

  /**
   * 周岁 — age in full years on `date`. The birthday counts from its own day; someone born on
   * 29 February turns a year older on 1 March in common years. Refuses a date before birth.
   */
  ageOn(date: LocalDate, field = 'date'): number {
    if (date.isBefore(this.birthDate)) throw new ValidationError(field, 'is before the birth date');
    const b = this.birthDate;
    let age = date.year - b.year;
    if (date.month < b.month || (date.month === b.month && date.day < b.day)) age -= 1;
    return age;
  }

  /** `4301**********1234`. */
  masked(): string {
    return maskIdNumber(this.value);
  }

  equals(other: IdCard): boolean {
    return this.value === other.value;
  }

  /** Masked, so string interpolation in logs never leaks the number. */
  toString(): string {
    return this.masked();
  }

  toJSON(): string {
    return this.value;
  }
}
