import { createHash } from 'node:crypto';
import { canonicalJson, contentHash } from './content-hash';
import { parseSettlement } from './settlement.mapper';

/** The content hash as it was first written (until 2026-12): stored rows carry its digests. */
function originalCanonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Date) return v.toISOString();
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}

const institution = { code: 'H43010200001', level: 3, type: 'hospital', admdvs: '430102', poolarea: '430100' };

/** An inpatient settlement with one fee line (as in settlement.mapper.spec.ts). */
function inpatient(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...{ setl_id: 'ST0001', mdtrt_id: 'MD0001', psn_no: 'P0001', certno: '430102198005061238', gend: '1', brdy: '1980-05-06', insutype: '310' },
    ...{ med_type: '21', med_mdtrt_type: '2', setl_time: '2026-03-06 10:00:00', begndate: '2026-03-01', enddate: '2026-03-06' },
    ...{ fixmedins_code: 'H43010200001', dscg_maindiag_code: 'K80.100', diseinfo: [{ diag_code: 'K80.100', maindiag_flag: '1' }] },
    ...{ medfee_sumamt: '1800.00', hifp_pay: '1500.00', acct_pay: '0.00', psn_cash_pay: '300.00' },
    fee_list: [
      {
        feedetl_sn: '1',
        fee_ocur_time: '2026-03-01 09:30:00',
        hilist_code: '003310000010000',
        list_type: '201',
        cnt: '1',
        pric: '1800.00',
        det_item_fee_sumamt: '1800.00',
      },
    ],
    ...over,
  };
}

/** Every optional part present: operations, credential, other fund payers, region codes, odd text. */
function everything(): Record<string, unknown> {
  return inpatient({
    insu_admdvs: '430102',
    medins_admdvs: '430102',
    poolarea: '430100',
    adm_dept_codg: 'A03',
    atddr_no: 'D430102000001',
    mdtrt_cert_type: '02',
    real_name_vrf_way: 'face',
    psam_no: '0123456789AB',
    medfee_sumamt: '1800.00',
    hifp_pay: 1000,
    hifmi_pay: '300.5',
    maf_pay: '100.00',
    acct_pay: '100.00',
    psn_cash_pay: '299.50',
    oprninfo: [
      { oprn_oprt_code: '51.2300', oprn_oprt_name: '腹腔镜下胆囊切除术', main_oprn_flag: '1', oprn_oprt_date: '2026-03-02 10:15:00' },
      { oprn_code: '53.0000', oprn_name: '单侧 "腹股沟" 疝\\修补' },
    ],
    diseinfo: [{ diag_code: 'K80.100' }, { diag_code: 'I10.x00' }],
    fee_list: [
      {
        ...{ feedetl_sn: '1', fee_ocur_time: '2026-03-01 09:30:00', hilist_code: '003310000010000', hilist_name: '麻醉 "全麻" \\ 项目' },
        ...{ list_type: '201', med_chrgitm_type: '07', cnt: '1', pric: '1000.00', det_item_fee_sumamt: '1000.00', bilg_dept_codg: 'A03', bilg_dr_codg: 'D1' },
      },
      {
        ...{ feedetl_sn: '2', fee_ocur_time: '2026-03-02', hilist_code: 'XA01', hilist_name: '床位费', list_type: '201', cnt: '4.5' },
        ...{ pric: '177.78', det_item_fee_sumamt: '800.00', bilg_dr_code: 'D2', prd_days: 5 },
      },
    ],
  });
}

/** A reversal (冲正) of ST0001. */
function reversal(): Record<string, unknown> {
  return inpatient({
    setl_id: 'ST0002',
    refd_setl_flag: '1',
    init_setl_id: 'ST0001',
    medfee_sumamt: '-1800.00',
    hifp_pay: '-1500.00',
    acct_pay: '0.00',
    psn_cash_pay: '-300.00',
    fee_list: [
      {
        feedetl_sn: '1',
        fee_ocur_time: '2026-03-06 11:00:00',
        hilist_code: '003310000010000',
        list_type: '201',
        cnt: '-1',
        pric: '1800.00',
        det_item_fee_sumamt: '-1800.00',
      },
    ],
  });
}

/** An outpatient settlement of 50 lines as B4 uploads them. */
function fiftyLines(): Record<string, unknown> {
  return {
    ...{ setl_id: 'B4000000009', mdtrt_id: 'MDB4000000009', psn_no: 'P430100000000009', psn_name: '张三', psn_cert_type: '01' },
    ...{ certno: '430102199001010024', gend: '2', brdy: '1990-01-01', insutype: '310', med_type: '11', med_mdtrt_type: '1' },
    ...{ setl_time: '2026-12-04 10:00:00', begndate: '2026-12-04', enddate: '2026-12-04', fixmedins_code: 'H43010200001' },
    ...{ medins_admdvs: '430102', poolarea: '430100', dscg_maindiag_code: 'J06.900', diseinfo: [{ diag_code: 'J06.900', maindiag_flag: '1' }] },
    ...{ medfee_sumamt: '625.00', hifp_pay: '425.00', acct_pay: '100.00', psn_cash_pay: '100.00', refd_setl_flag: '0' },
    fee_list: Array.from({ length: 50 }, (_, j) => ({
      ...{ feedetl_sn: String(j + 1), fee_ocur_time: '2026-12-04 09:30:00', hilist_code: `X${j % 9}`, hilist_name: '项目', list_type: '201' },
      ...{ cnt: '1', pric: '12.50', det_item_fee_sumamt: '12.50', bilg_dr_codg: 'D001' },
    })),
  };
}

/** A deterministic pseudo-random value of JSON-ish shape with the awkward parts (seeded, so failures reproduce). */
function randomValue(next: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const strings = [
    '',
    'a',
    'B',
    '项目',
    'é',
    '"q"',
    'back\\slash',
    'tab\t',
    'nl\n',
    '\u0000',
    '\u001f',
    '\u007f',
    '\u2028',
    '\ud83d\ude00',
    '\ud800',
    'x\udc00',
  ];
  const keys = [
    'a',
    'b',
    'Z',
    '_',
    'é',
    '项',
    '0',
    '1',
    '2',
    '10',
    '01',
    '-1',
    '1.5',
    '4294967294',
    '4294967295',
    '9007199254740993',
    'constructor',
    'toString',
    '',
  ];
  const kind = depth > 3 ? Math.floor(next() * 8) : Math.floor(next() * 11);
  switch (kind) {
    case 0:
      return pick(strings) + pick(strings);
    case 1:
      return pick([0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789.125, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity]);
    case 2:
      return pick([true, false, null, undefined]);
    case 3:
      return pick([0n, 1n, -12345678901234567890n]);
    case 4:
      return pick([new Date(Date.UTC(2026, 2, 6, 2, 0, 0)), new Date(Number.NaN)]);
    case 5:
      return pick([() => 1, Symbol('s')]);
    case 6:
      return pick([new String('ab'), new Number(3), new Boolean(false), { toJSON: (k: string) => `k=${k}` }]);
    case 7:
      return pick(strings);
    case 8:
    case 9:
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 6) }, () => [pick(keys), randomValue(next, depth + 1)]));
    default:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
  }
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('content hash of a settlement (idempotency of uploads)', () => {
  it('keeps the digests stored before it was made faster (same records, same hash)', () => {
    // Digests computed with the original implementation (commit 950064d) for these exact records.
    const digests = Object.fromEntries(
      Object.entries({ inpatient: inpatient(), everything: everything(), reversal: reversal(), fiftyLines: fiftyLines() }).map(([name, r]) => [
        name,
        parseSettlement(r, 'settlements[0]', institution).contentHash,
      ]),
    );
    expect(digests).toEqual({
      inpatient: '42f5e4911c082e9cc291565c29ac7200c2b93619643e4b37e6b87e914d9cc50a',
      everything: '85a517a4fcc8afd98df13dbb5f4f223f53272a9a3bedb359b2aac190cd736891',
      reversal: '401050b0907d6345b8018e846d4937aa83881aef9c198f6c25b61d81d90a666d',
      fiftyLines: 'af8cf0a68f0e6cb74d7f54d646ec29de73902370bce78cbf5ac8d46e5261160e',
    });
  });

  it('writes the same canonical JSON as the original for parsed records', () => {
    for (const r of [inpatient(), everything(), reversal(), fiftyLines()]) {
      const parsed = { ...parseSettlement(r, 'settlements[0]', institution), contentHash: '', insuAdmdvs: null };
      delete (parsed as { claim?: unknown }).claim;
      const sut = canonicalJson(parsed);
      expect(sut).toBe(originalCanonical(parsed));
      expect(contentHash(parsed)).toBe(createHash('sha256').update(originalCanonical(parsed)).digest('hex'));
    }
  });

  it('writes the same canonical JSON as the original for awkward values', () => {
    const awkward: unknown[] = [
      { b: 1, a: 2, 10: 'x', 2: 'y', '01': 'z', '4294967294': 1, '4294967295': 2, '-1': 3 },
      JSON.parse('{"__proto__": {"x": 1}, "a": [1, {"c": 2, "b": 3}]}'),
      [undefined, () => 1, Symbol('s'), null, NaN, -0, 1e21],
      { u: undefined, f: () => 1, s: Symbol('s'), n: null },
      { d: new Date(Date.UTC(2026, 0, 1)), bad: new Date(Number.NaN), big: -42n, arr: [1n, new Date(0)] },
      { lone: '\ud800', pair: '\ud83d\ude00', ctl: '\u0000\u001f\u007f', sep: '\u2028', esc: '"\\/' },
      { boxed: [new String('ab'), new Number(1), new Boolean(true)], custom: { toJSON: (k: string) => ({ z: k, a: 1 }) } },
      {},
      [],
      'text',
      7,
      null,
    ];
    for (const v of awkward) expect(canonicalJson(v)).toBe(originalCanonical(v));
  });

  it('writes the same canonical JSON as the original for 3,000 random values', () => {
    const next = seeded(20261205);
    for (let i = 0; i < 3000; i++) {
      const v = randomValue(next);
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      expect(canonicalJson(v)).toBe(originalCanonical(v));
    }
  });
});
