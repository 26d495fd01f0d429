import { ValidationError } from '../errors/domain-error';

/** GB 32100 code characters in value order (0–30); I, O, S, V and Z are never used. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * GB 32100 check character of the first 17 characters: `31 − (Σ value×weight mod 31)`, with 31
 * written as `0`. Exported for test-data builders.
 */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new ValidationError('uscc', 'the first 17 characters must come from the GB 32100 character set');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CHARSET.indexOf(first17.charAt(i)) * WEIGHTS[i];
  const check = 31 - (sum % 31);
  return CHARSET.charAt(check === 31 ? 0 : check);
}

/**
 * 统一社会信用代码 — an 18-character GB 32100 unified social credit code: registration
 * authority (1), organisation type (1), registering authority's admdvs (6 digits), the
 * organisation code (9) and a check character.
 *
 * Lower-case input is normalised to upper case. The first two characters are not checked
 * against the authority/type tables (they grow over time). Some very early pilot codes (Fujian,
 * 2015) fail their own check character; they are refused here, like every other bad check.
 */
export class Uscc {
  private constructor(readonly value: string) {}

  static parse(value: unknown, field = 'uscc'): Uscc {
    if (typeof value !== 'string') throw new ValidationError(field, 'must be an 18-character string');
    if (value.length !== 18) throw new ValidationError(field, 'must be 18 characters long');
    const normalised = value.toUpperCase();
    if (!SHAPE.test(normalised)) {
      throw new ValidationError(field, 'contains a character outside 0-9 A-H J-N P-R T U W-Y');
    }
    if (!/^\d{6}$/.test(normalised.slice(2, 8))) {
      throw new ValidationError(field, 'characters 3–8 must be the 6-digit region code');
    }
    if (usccCheckChar(normalised.slice(0, 17)) !== normalised.charAt(17)) {
      throw new ValidationError(field, 'check character does not match (GB 32100)');
    }
    return new Uscc(normalised);
  }

  /** 登记管理部门代码 — e.g. `9` market regulation (工商), `5` civil affairs, `1` institutional establishment. */
  get registrationAuthority(): string {
    return this.value.charAt(0);
  }

  /** 机构类别代码 — e.g. `1` enterprise under authority `9`, `2` private non-enterprise unit under `5`. */
  get organisationType(): string {
    return this.value.charAt(1);
  }

  /** 登记管理机关行政区划码 — six digits, the registering authority's region (not re-validated). */
  get registrationRegionCode(): string {
    return this.value.slice(2, 8);
  }

  /** 主体标识码 — the 9-character organisation code (GB 11714). */
  get organisationCode(): string {
    return this.value.slice(8, 17);
  }

  equals(other: Uscc): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}
