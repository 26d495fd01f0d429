import { catchDomainError, Money } from '@mi/domain';
import { SAMPLE_CODES as C, sampleKnowledgeBase } from '../testing/sample-knowledge.fixture';
import { InMemoryKnowledgeBase, type CatalogueEntry, type KnowledgeBaseData } from './knowledge';

const item = (over: Partial<CatalogueEntry> = {}): CatalogueEntry => ({ hilistCode: 'XA01AAA000A000001', name: '测试药', listType: '101', ...over });

function refusedField(data: KnowledgeBaseData): string | undefined {
  const error = catchDomainError(() => InMemoryKnowledgeBase.from(data));
  expect(error.code).toBe('VALIDATION');
  return error.details.field;
}

describe('InMemoryKnowledgeBase', () => {
  const sut = sampleKnowledgeBase();

  it('serves catalogue items with their reverse indexes', () => {
    expect(sut.item(C.trachealIntubation)?.containedIn).toEqual([C.generalAnaesthesia]);
    expect(sut.item(C.ast)?.bundleCodes).toEqual([C.liverPanel]);
    expect(sut.item(C.omeprazole)?.containedIn).toEqual([]);
    expect(sut.item('NOPE')).toBeUndefined();
  });

  it('lists the items carrying an attribute (true, non-empty or present)', () => {
    expect(sut.itemCodesWith('gender')).toEqual([C.progesterone, C.tamsulosin, C.transvaginalUltrasound, C.prostateMassage]);
    expect(sut.itemCodesWith('newbornOnly')).toEqual([C.surfactant, C.umbilicalClamp, C.neonatalBilirubin]);
    expect(sut.itemCodesWith('tcmNotPayable')).toEqual([C.cordyceps, C.wolfberry]);
    expect(sut.itemCodesWith('maxAmountPerVisit')).toEqual([C.lithotripsy, C.stapler]);
    expect(sut.itemCodesWith('containedIn')).toEqual([C.trachealIntubation]);
    expect(sut.itemCodesWith('priceCaps')).toEqual([C.levelOneNursing, C.haemodialysis, C.cholecystectomy, C.herniaRepair]);
  });

  it('finds the diagnosis constraint with the longest matching prefix', () => {
    const kb = InMemoryKnowledgeBase.from({
      version: 'v',
      diagnoses: [
        { codePrefix: 'O', name: '妊娠', gender: '2' },
        { codePrefix: 'O80', name: '单胎顺产', gender: '2', minAge: 12 },
      ],
    });
    expect(kb.diagnosisConstraint('O80.001')?.name).toBe('单胎顺产');
    expect(kb.diagnosisConstraint('o03.900')?.name).toBe('妊娠');
    expect(kb.diagnosisConstraint('I10')).toBeUndefined();
  });

  it('serves the diagnosis code table case-insensitively, and says when there is none', () => {
    expect(sut.hasDiagnosisCodes).toBe(true);
    expect(sut.diagnosisCode('k29.700')?.name).toBe('胃炎');
    expect(sut.diagnosisCode('K29.799')).toBeUndefined();
    const none = InMemoryKnowledgeBase.from({ version: 'v', diagnosisCodes: [] });
    expect(none.hasDiagnosisCodes).toBe(false);
    expect(none.diagnosisCode('K29.700')).toBeUndefined();
  });

  it('finds the operation constraint with the longest matching prefix', () => {
    const kb = InMemoryKnowledgeBase.from({
      version: 'v',
      operations: [
        { codePrefix: '68', name: '子宫手术', gender: '2' },
        { codePrefix: '68.4', name: '经腹全子宫切除术', gender: '2' },
      ],
    });
    expect(kb.operationConstraint('68.4100x001')?.name).toBe('经腹全子宫切除术');
    expect(kb.operationConstraint('68.2900')?.name).toBe('子宫手术');
    expect(kb.operationConstraint('47.0900')).toBeUndefined();
    expect(sut.operationConstraint('60.2900')?.gender).toBe('1');
  });

  it('serves the restricted disease lists items name', () => {
    expect(sut.diseaseList('LB-DM')?.diagnosisPrefixes).toContain('E11');
    expect(sut.itemCodesWith('diseaseLists')).toEqual([C.acarbose, C.nifedipine]);
    expect(sut.itemCodesWith('courseDays')).toEqual([C.salvianolate, C.shockWaveTherapy]);
  });

  it('serves drug classes and code sets', () => {
    expect(sut.drugClass('A02BC')?.name).toBe('质子泵抑制剂');
    expect(sut.codeSet('high-cost-drugs')?.has(C.trastuzumab)).toBe(true);
    expect(sut.codeSet('nope')).toBeUndefined();
    expect(sut.version).toBe('sample-2026.1');
  });

  it.each([
    [{ version: '' }, 'version'],
    [{ version: 'v', items: [item(), item()] }, 'items[1].hilistCode'],
    [{ version: 'v', items: [item({ listType: '999' as never })] }, 'items[0].listType'],
    [{ version: 'v', items: [item({ gender: '3' as never })] }, 'items[0].gender'],
    [{ version: 'v', items: [item({ minAge: 10, maxAge: 5 })] }, 'items[0].minAge'],
    [{ version: 'v', items: [item({ maxDays: 1.5 })] }, 'items[0].maxDays'],
    [{ version: 'v', items: [item({ maxQuantityPerVisit: 0 })] }, 'items[0].maxQuantityPerVisit'],
    [{ version: 'v', items: [item({ minInstitutionLevel: 4 as never })] }, 'items[0].minInstitutionLevel'],
    [{ version: 'v', items: [item({ treatmentModes: ['5' as never] })] }, 'items[0].treatmentModes[0]'],
    [{ version: 'v', items: [item({ priceCaps: { 3: Money.fromFen(-1) } })] }, 'items[0].priceCaps.3'],
    [{ version: 'v', items: [item({ secondLine: true })] }, 'items[0].firstLineCodes'],
    [{ version: 'v', items: [item({ drugClass: 'ZZ' })] }, 'items[0].drugClass'],
    [{ version: 'v', diagnoses: [{ codePrefix: 'o8', name: 'x' }] }, 'diagnoses[0].codePrefix'],
    [{ version: 'v', items: [item({ workInjuryOnly: 'yes' as never })] }, 'items[0].workInjuryOnly'],
    [{ version: 'v', items: [item({ workInjuryOnly: true, maternityOnly: true })] }, 'items[0].maternityOnly'],
    [{ version: 'v', items: [item({ listType: '102', tcmNotPayable: 'sometimes' as never })] }, 'items[0].tcmNotPayable'],
    [{ version: 'v', items: [item({ tcmNotPayable: 'always' })] }, 'items[0].tcmNotPayable'],
    [{ version: 'v', items: [item({ maxAmountPerVisit: '0.00' })] }, 'items[0].maxAmountPerVisit'],
    [{ version: 'v', items: [item({ maxAmountPerVisit: '12.345' })] }, 'items[0].maxAmountPerVisit'],
    [{ version: 'v', items: [item({ courseDays: 0 })] }, 'items[0].courseDays'],
    [{ version: 'v', items: [item({ courseWindowDays: 30 })] }, 'items[0].courseWindowDays'],
    [{ version: 'v', items: [item({ courseDays: 14, courseWindowDays: 7 })] }, 'items[0].courseWindowDays'],
    [{ version: 'v', items: [item({ diseaseLists: ['NO-SUCH-LIST'] })] }, 'items[0].diseaseLists'],
    [
      {
        version: 'v',
        diagnosisCodes: [
          { code: 'K29.700', name: '胃炎' },
          { code: 'k29.700', name: '胃炎' },
        ],
      },
      'diagnosisCodes[1].code',
    ],
    [{ version: 'v', diagnosisCodes: [{ code: '29.7', name: 'x' }] }, 'diagnosisCodes[0].code'],
    [{ version: 'v', operations: [{ codePrefix: 'x68', name: 'x', gender: '2' }] }, 'operations[0].codePrefix'],
    [{ version: 'v', operations: [{ codePrefix: '68', name: 'x', gender: 'F' as never }] }, 'operations[0].gender'],
    [{ version: 'v', diseaseLists: [{ code: 'LB-DM', name: '糖尿病', diagnosisPrefixes: [] }] }, 'diseaseLists[0].diagnosisPrefixes'],
    [{ version: 'v', diseaseLists: [{ code: 'LB-DM', name: '糖尿病', diagnosisPrefixes: ['e11'] }] }, 'diseaseLists[0].diagnosisPrefixes[0]'],
  ])('refuses bad data %#, naming %s', (data, field) => {
    expect(refusedField(data as KnowledgeBaseData)).toBe(field);
  });
});
