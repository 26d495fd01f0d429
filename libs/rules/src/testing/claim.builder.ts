import { createClaim, type Claim, type ClaimInput, type ClaimLineInput } from '../claim/claim';
import { SAMPLE_CATALOGUE, SAMPLE_CODES } from './sample-knowledge.fixture';

/**
 * Builders for claims with overrides (tests state only what matters). Synthetic: the defaults are
 * a 45-year-old man's general outpatient visit at a tertiary hospital in 长沙 on 2026-03-10 with
 * one omeprazole line.
 */
export function aClaimLine(over: Partial<ClaimLineInput> = {}): ClaimLineInput {
  return {
    lineId: 'L1',
    hilistCode: SAMPLE_CODES.omeprazole,
    name: '奥美拉唑肠溶胶囊',
    listType: '101',
    quantity: 1,
    unitPrice: '25.80',
    serviceDate: over.serviceDate ?? '2026-03-10',
    ...over,
  };
}

/** A line for a sample catalogue item: name and list type come from {@link SAMPLE_CATALOGUE}. */
export function aCatalogueLine(hilistCode: string, over: Partial<ClaimLineInput> & { readonly lineId: string }): ClaimLineInput {
  const entry = SAMPLE_CATALOGUE.find((e) => e.hilistCode === hilistCode);
  if (!entry) throw new Error(`no sample catalogue item ${hilistCode}`);
  return aClaimLine({ hilistCode, name: entry.name, listType: entry.listType, ...over });
}

export type ClaimOverrides = Partial<Omit<ClaimInput, 'patient' | 'institution'>> & {
  readonly patient?: Partial<ClaimInput['patient']>;
  readonly institution?: Partial<ClaimInput['institution']>;
};

export function aClaimInput(over: ClaimOverrides = {}): ClaimInput {
  const { patient, institution, ...rest } = over;
  return {
    claimId: 'MDTRT-0001',
    stage: 'in',
    insutype: '310',
    medType: '11',
    treatmentMode: '1',
    admissionDate: '2026-03-10',
    mainDiagnosis: 'K29.700',
    lines: [aClaimLine()],
    ...rest,
    patient: { psnNo: 'PSN-0001', gender: '1', birthDate: '1980-05-01', ...patient },
    institution: { code: 'H43010200001', level: 3, type: 'hospital', admdvs: '430102', poolarea: '430100', ...institution },
  };
}

export function aClaim(over: ClaimOverrides = {}): Claim {
  return createClaim(aClaimInput(over));
}
