import { aClaim, aClaimLine, compileDefaultRules, evaluate, InMemoryKnowledgeBase } from '@mi/rules';
import { parseCatalogueCsv, parseCsv, unknownDiseaseLists } from './catalogue-csv';

const HEADER = 'hilist_code,hilist_name,list_type,work_injury_only,maternity_only,tcm_not_payable,elderly_avoid,max_amount_per_visit';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseCatalogueCsv — the attributes of the newer rules', () => {
  it('reads work-injury, maternity, TCM, elderly and per-visit amount limits', () => {
    const sut = parseCatalogueCsv(
      csv(
        'XWI0000000001,骨肽注射液,101,1,,,,',
        'XMT0000000001,地屈孕酮片,101,否,是,,,',
        'XTC0000000001,冬虫夏草,102,,,always,,',
        'XTC0000000002,枸杞子,102,,,single,,',
        'XEL0000000001,地西泮片,101,,,,true,',
        'XAM0000000001,体外冲击波碎石,201,,,,,1500',
        'XAM0000000002,吻合器,301,0,false,,0,3000.5',
      ),
    );
    expect(sut.errors).toEqual([]);
    expect(sut.rows).toBe(7);
    expect(sut.entries).toEqual([
      { hilistCode: 'XWI0000000001', name: '骨肽注射液', listType: '101', workInjuryOnly: true },
      { hilistCode: 'XMT0000000001', name: '地屈孕酮片', listType: '101', workInjuryOnly: false, maternityOnly: true },
      { hilistCode: 'XTC0000000001', name: '冬虫夏草', listType: '102', tcmNotPayable: 'always' },
      { hilistCode: 'XTC0000000002', name: '枸杞子', listType: '102', tcmNotPayable: 'single' },
      { hilistCode: 'XEL0000000001', name: '地西泮片', listType: '101', elderlyAvoid: true },
      { hilistCode: 'XAM0000000001', name: '体外冲击波碎石', listType: '201', maxAmountPerVisit: '1500.00' },
      {
        hilistCode: 'XAM0000000002',
        name: '吻合器',
        listType: '301',
        workInjuryOnly: false,
        maternityOnly: false,
        elderlyAvoid: false,
        maxAmountPerVisit: '3000.50',
      },
    ]);
  });

  it('treats a file without the new columns as before (no limit)', () => {
    const sut = parseCatalogueCsv('hilist_code,hilist_name,list_type\nXOLD000000001,旧格式药品,101');
    expect(sut).toEqual({ entries: [{ hilistCode: 'XOLD000000001', name: '旧格式药品', listType: '101' }], errors: [], rows: 1 });
  });

  it('rejects each bad cell with its line, column and reason, and keeps no entry of a rejected row', () => {
    const sut = parseCatalogueCsv(
      csv(
        'XGOOD00000001,合格药品,101,,,,,',
        'XBAD000000001,两种险种,101,1,1,,,',
        'XBAD000000002,标志不明,101,maybe,,,yes,',
        'XBAD000000003,非饮片,101,,,always,,',
        'XBAD000000004,未知方式,102,,,sometimes,,',
        'XBAD000000005,零限额,201,,,,,0',
        'XBAD000000006,负限额,201,,,,,-5.00',
        'XBAD000000007,三位小数,201,,,,,12.345',
        'XBAD000000008,非数字,201,,,,,一千五',
      ),
    );
    const amount = 'must be a positive yuan amount with at most 2 decimals';
    expect(sut.errors).toEqual([
      { line: 3, field: 'maternity_only', reason: 'an item is limited to one insurance type (work_injury_only is set)' },
      { line: 4, field: 'work_injury_only', reason: 'must be 1/0, true/false or 是/否' },
      { line: 4, field: 'elderly_avoid', reason: 'must be 1/0, true/false or 是/否' },
      { line: 5, field: 'tcm_not_payable', reason: 'applies to TCM pieces (list type 102) only' },
      { line: 6, field: 'tcm_not_payable', reason: 'must be empty, always or single' },
      { line: 7, field: 'max_amount_per_visit', reason: amount },
      { line: 8, field: 'max_amount_per_visit', reason: amount },
      { line: 9, field: 'max_amount_per_visit', reason: amount },
      { line: 10, field: 'max_amount_per_visit', reason: amount },
    ]);
    expect(sut.entries.map((e) => e.hilistCode)).toEqual(['XGOOD00000001']);
    expect(sut.rows).toBe(9);
  });

  it('reports a TCM limit on an unknown list type once, under list_type', () => {
    const sut = parseCatalogueCsv(csv('XBAD000000009,未知类别,999,,,always,,'));
    expect(sut.errors.map((e) => e.field)).toEqual(['list_type']);
  });

  it('gives the rules what they need: imported limits fire 限工伤, 单方饮片 and 超限定报销总额', () => {
    const { entries, errors } = parseCatalogueCsv(
      csv('XWI0000000001,骨肽注射液,101,1,,,,', 'XTC0000000002,枸杞子,102,,,single,,', 'XAM0000000001,体外冲击波碎石,201,,,,,1500'),
    );
    expect(errors).toEqual([]);
    const rules = compileDefaultRules(InMemoryKnowledgeBase.from({ version: 'csv', items: entries }));
    const claim = aClaim({
      lines: [
        aClaimLine({ lineId: 'W', hilistCode: 'XWI0000000001', name: '骨肽注射液', listType: '101', unitPrice: '20.00' }),
        aClaimLine({ lineId: 'T', hilistCode: 'XTC0000000002', name: '枸杞子', listType: '102', unitPrice: '1.00', quantity: 30 }),
        aClaimLine({ lineId: 'A', hilistCode: 'XAM0000000001', name: '体外冲击波碎石', listType: '201', unitPrice: '600.00', quantity: 3 }),
      ],
    });
    const fired = evaluate(rules, claim).map((f) => [f.ruleId, f.lines.map((l) => l.lineId)]);
    expect(fired).toEqual(
      expect.arrayContaining([
        ['GZ10000101001000', ['W']],
        ['GZ10000101004000', ['T']],
        ['GZ10000102015000', ['A']],
      ]),
    );
  });
});

describe('parseCatalogueCsv — 限支付疗程 and 限定病种目录', () => {
  const header = 'hilist_code,hilist_name,list_type,course_days,course_window_days,disease_lists';

  it('reads the course, its window and the disease lists', () => {
    const sut = parseCatalogueCsv(
      [header, 'XCO0000000001,注射用丹参多酚酸盐,101,14,30,', 'XCO0000000002,体外冲击波治疗,201,5,,', 'XDL0000000001,阿卡波糖片,101,,,LB-DM | MTB-CKD'].join(
        '\n',
      ),
    );
    expect(sut.errors).toEqual([]);
    expect(sut.entries).toEqual([
      { hilistCode: 'XCO0000000001', name: '注射用丹参多酚酸盐', listType: '101', courseDays: 14, courseWindowDays: 30 },
      { hilistCode: 'XCO0000000002', name: '体外冲击波治疗', listType: '201', courseDays: 5 },
      { hilistCode: 'XDL0000000001', name: '阿卡波糖片', listType: '101', diseaseLists: ['LB-DM', 'MTB-CKD'] },
    ]);
  });

  it('rejects a course window without a course, shorter than it, or not a whole number of days', () => {
    const sut = parseCatalogueCsv([header, 'XBAD000000001,无疗程,101,,30,', 'XBAD000000002,周期过短,101,14,7,', 'XBAD000000003,非整数,101,1.5,,'].join('\n'));
    expect(sut.errors).toEqual([
      { line: 2, field: 'course_window_days', reason: 'a course window needs course_days' },
      { line: 3, field: 'course_window_days', reason: 'must not be shorter than course_days' },
      { line: 4, field: 'course_days', reason: 'must be a whole number 1–3660' },
    ]);
    expect(sut.entries).toEqual([]);
  });

  it('names the rows whose disease lists the knowledge base does not have', () => {
    const file = [header, 'XDL0000000001,阿卡波糖片,101,,,LB-DM', 'XDL0000000002,某药,101,,,LB-XX|LB-DM'].join('\n');
    const rows = parseCsv(file);
    const { entries } = parseCatalogueCsv(file);
    expect(unknownDiseaseLists(rows, entries, new Set(['LB-DM']))).toEqual([
      { line: 3, field: 'disease_lists', reason: 'unknown disease list LB-XX (not in the knowledge base)' },
    ]);
  });

  it('gives the rules what they need: imported limits fire 限支付疗程 and 超限定病种目录', () => {
    const { entries } = parseCatalogueCsv([header, 'XCO0000000001,注射用丹参多酚酸盐,101,14,30,', 'XDL0000000001,阿卡波糖片,101,,,LB-DM'].join('\n'));
    const knowledge = InMemoryKnowledgeBase.from({
      version: 'csv',
      items: entries,
      diseaseLists: [{ code: 'LB-DM', name: '糖尿病（两病）', diagnosisPrefixes: ['E11'] }],
    });
    const rules = compileDefaultRules(knowledge);
    const days = Array.from({ length: 15 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);
    const stay = aClaim({
      treatmentMode: '2',
      medType: '21',
      admissionDate: '2026-03-01',
      dischargeDate: '2026-03-16',
      lines: days.map((d, i) => aClaimLine({ lineId: `S${i}`, hilistCode: 'XCO0000000001', name: '注射用丹参多酚酸盐', serviceDate: d, unitPrice: '50.00' })),
    });
    expect(evaluate(rules, stay).map((f) => [f.ruleId, f.amount.toYuanString()])).toContainEqual(['GZ10000101010000', '50.00']);
    const chronic = aClaim({
      medType: '14',
      mainDiagnosis: 'I10.X00',
      lines: [aClaimLine({ lineId: 'A', hilistCode: 'XDL0000000001', name: '阿卡波糖片', unitPrice: '30.00' })],
    });
    expect(evaluate(rules, chronic).map((f) => f.ruleId)).toContain('GZ10000101011000');
  });
});
