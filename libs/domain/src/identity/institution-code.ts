import { ValidationError } from '../errors/domain-error';
import { Admdvs } from '../region/admdvs';

/** Kind encoded in the first letter of a national 定点医药机构 code. */
export type InstitutionCodeKind = 'hospital' | 'pharmacy';

const SHAPE = /^([HP])(\d{11})$/;

/**
 * 定点医药机构编码 (`fixmedins_code`) — the national code of a designated medical institution
 * (`H…`, hospitals and every other medical institution) or pharmacy (`P…`): the letter, the
 * 6-digit admdvs where it is registered, and a 5-digit serial, e.g. `H43010200001`.
 * A lower-case letter is normalised to upper case.
 */
export class InstitutionCode {
  private constructor(
    readonly value: string,
    readonly kind: InstitutionCodeKind,
    readonly admdvs: Admdvs,
  ) {}

  static parse(value: unknown, field = 'fixmedins_code'): InstitutionCode {
    if (typeof value !== 'string') throw new ValidationError(field, 'must be a string such as H43010200001');
    const normalised = value.toUpperCase();
    const match = SHAPE.exec(normalised);
    if (!match) throw new ValidationError(field, 'must be H or P followed by 11 digits');
    let admdvs: Admdvs;
    try {
      admdvs = Admdvs.parse(match[2].slice(0, 6), field);
    } catch (error: unknown) {
      const reason = error instanceof ValidationError ? String(error.details.reason) : 'is not a region code';
      throw new ValidationError(field, `characters 2–7 are not a valid admdvs: ${reason}`);
    }
    return new InstitutionCode(normalised, match[1] === 'H' ? 'hospital' : 'pharmacy', admdvs);
  }

  /** Five-digit serial within the region. */
  get serial(): string {
    return this.value.slice(7);
  }

  equals(other: InstitutionCode): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}
