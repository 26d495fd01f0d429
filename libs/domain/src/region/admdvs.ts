import { DomainError, ValidationError } from '../errors/domain-error';
import { MUNICIPALITY_PROVINCE_CODES, PROVINCE_CODES } from './province-codes';

/** Level of a region code: 省 province, 市 city (prefecture), 县 county (district, county-level city). */
export type AdmdvsLevel = 'province' | 'city' | 'county';

const SIX_DIGITS = /^\d{6}$/;

/**
 * 行政区划 (`admdvs`) — a 6-digit GB/T 2260 administrative division code.
 *
 * Level is read from the shape alone: `xx0000` province, `xxxx00` city, anything else county.
 * The city is the pooling region (统筹区 `poolarea`, 市级统筹).
 *
 * Known simplifications (the shape rule, not a lookup table, so no code list must be shipped):
 * - Municipalities (直辖市 11 Beijing, 12 Tianjin, 31 Shanghai, 50 Chongqing) have no real
 *   prefecture; their districts sit under the `xx0100` 市辖区 code (and Chongqing's counties
 *   under `500200` 县). These codes act as the "city", so `110105` pools in `110100`. A
 *   municipality that pools province-wide configures that outside this type.
 * - 省直辖县级行政区划 (`xx90xx`, e.g. Hubei `429004` Xiantao) read as counties of the
 *   placeholder "city" `xx9000`.
 * - Whether a code is currently assigned is not checked (codes are retired and reissued);
 *   only the province prefix is checked against {@link PROVINCE_CODES}.
 */
export class Admdvs {
  private constructor(readonly code: string) {}

  /**
   * Parses a 6-digit code given as a string or a number (NHSA sends either). Refuses anything
   * else, an unknown province prefix (`000000`, `990000`), and a county code whose city digits
   * are `00` (`110001`), which no GB/T 2260 code has.
   */
  static parse(value: unknown, field = 'admdvs'): Admdvs {
    let text: string;
    if (typeof value === 'string') {
      text = value;
    } else if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw new ValidationError(field, 'must be a 6-digit region code');
      text = String(value);
    } else {
      throw new ValidationError(field, 'must be a 6-digit region code (string or number)');
    }
    if (!SIX_DIGITS.test(text)) throw new ValidationError(field, 'must be exactly 6 digits');
    if (!PROVINCE_CODES.has(text.slice(0, 2))) {
      throw new ValidationError(field, `unknown province code ${text.slice(0, 2)}`);
    }
    if (text.slice(2, 4) === '00' && text.slice(4) !== '00') {
      throw new ValidationError(field, 'county code with city digits 00 is malformed');
    }
    return new Admdvs(text);
  }

  /** True when `value` would parse. */
  static isValid(value: unknown): boolean {
    try {
      Admdvs.parse(value);
      return true;
    } catch {
      return false;
    }
  }

  get level(): AdmdvsLevel {
    if (this.code.endsWith('0000')) return 'province';
    if (this.code.endsWith('00')) return 'city';
    return 'county';
  }

  /** Two-digit province prefix, e.g. `'43'`. */
  get provinceCode(): string {
    return this.code.slice(0, 2);
  }

  /** True for Beijing, Tianjin, Shanghai and Chongqing (see the class note). */
  isMunicipality(): boolean {
    return MUNICIPALITY_PROVINCE_CODES.has(this.provinceCode);
  }

  /** County → its city, city → its province, province → `null`. */
  parent(): Admdvs | null {
    switch (this.level) {
      case 'county':
        return new Admdvs(`${this.code.slice(0, 4)}00`);
      case 'city':
        return new Admdvs(`${this.code.slice(0, 2)}0000`);
      case 'province':
        return null;
    }
  }

  /** The province this code belongs to (itself for a province). */
  province(): Admdvs {
    return this.level === 'province' ? this : new Admdvs(`${this.code.slice(0, 2)}0000`);
  }

  /** The city this code belongs to (itself for a city); `null` for a province. */
  city(): Admdvs | null {
    switch (this.level) {
      case 'county':
        return new Admdvs(`${this.code.slice(0, 4)}00`);
      case 'city':
        return this;
      case 'province':
        return null;
    }
  }

  /**
   * 统筹区 — the pooling region: the city of a county, a city itself. A province has none and
   * is refused with `ADMDVS.NO_POOLING_REGION`.
   */
  poolingRegion(): Admdvs {
    const city = this.city();
    if (city === null) {
      throw new DomainError('ADMDVS.NO_POOLING_REGION', `province ${this.code} is not inside a pooling region`, {
        field: 'admdvs',
        reason: 'a province code has no pooling region (市级统筹)',
        admdvs: this.code,
      });
    }
    return city;
  }

  /** Scope check: a province contains its cities and counties, a city its counties; every code contains itself. */
  contains(other: Admdvs): boolean {
    switch (this.level) {
      case 'province':
        return other.code.startsWith(this.code.slice(0, 2));
      case 'city':
        return other.code.startsWith(this.code.slice(0, 4));
      case 'county':
        return other.code === this.code;
    }
  }

  equals(other: Admdvs): boolean {
    return this.code === other.code;
  }

  toString(): string {
    return this.code;
  }

  toJSON(): string {
    return this.code;
  }
}
