/**
 * 省级行政区划代码 — the first two digits of every GB/T 2260 code: 31 mainland provinces,
 * autonomous regions and municipalities, plus 71 Taiwan, 81 Hong Kong and 82 Macao.
 */
// prettier-ignore
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** 直辖市 — municipalities whose "city" level code is `xx0100` (市辖区). */
export const MUNICIPALITY_PROVINCE_CODES: ReadonlySet<string> = new Set(['11', '12', '31', '50']);
