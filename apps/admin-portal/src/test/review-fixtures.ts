import type { ApprovalView, CaseDetailView, CaseSummaryView, ManualClaimView } from '@mi/contracts';
import type { Role } from '@mi/domain';
import { sessionStore } from '../api/session';

/** A review case as the gateway answers it, with overrides. */
export function aCaseSummary(over: Partial<CaseSummaryView> = {}): CaseSummaryView {
  return {
    id: '0190a0b0-0000-7000-8000-000000000001',
    caseNo: 'RC-430100-2026-000001',
    settlementId: '0190a0b0-0000-7000-8000-0000000000aa',
    setlId: 'E2E00000003',
    institutionCode: 'H43010200001',
    admdvs: '430102',
    poolarea: '430100',
    origin: 'FINDING',
    stage: 'INITIAL',
    stageLabel: '初审',
    outcome: null,
    amountFen: '2500',
    findings: 1,
    assignee: null,
    openedAt: '2026-11-23T02:00:00Z',
    stageStartedOn: '2026-11-23',
    dueOn: '2026-12-07',
    workingDaysLeft: 10,
    overdue: false,
    closedAt: null,
    ...over,
  };
}

export function aCaseDetail(over: Partial<CaseDetailView> = {}): CaseDetailView {
  return {
    ...aCaseSummary(over),
    settlement: {
      setlId: 'E2E00000003',
      mdtrtId: 'MDE2E00000003',
      psnNo: 'P430102000003',
      insutype: '310',
      medType: '11',
      setlDate: '2026-11-23',
      medfeeSumamtFen: '5000',
      hifpPayFen: '3000',
      mainDiagnosis: 'J06.900',
      mdtrtCertType: '03',
      realNameVerification: 'face',
    },
    findingsDetail: [
      {
        id: '0190a0b0-0000-7000-8000-0000000000f1',
        ruleId: 'GENDER-DRUG',
        ruleVersion: 2,
        ruleSet: 'national',
        severity: 'HIGH',
        amountFen: '2500',
        volaCont: '男性患者使用黄体酮',
        volaEvid: '《医保药品目录》限女性',
        facts: { gend: '1', hilistCode: 'XG03DAH' },
        lineIds: ['2'],
        outcome: null,
      },
    ],
    lines: [
      {
        feedetlSn: '1',
        hilistCode: 'XN02BEA',
        hilistName: '对乙酰氨基酚片',
        listType: '101',
        cnt: '2',
        pricFen: '1250',
        amountFen: '2500',
        serviceDate: '2026-11-23',
        flagged: false,
      },
      {
        feedetlSn: '2',
        hilistCode: 'XG03DAH',
        hilistName: '黄体酮注射液',
        listType: '101',
        cnt: '1',
        pricFen: '2500',
        amountFen: '2500',
        serviceDate: '2026-11-23',
        flagged: true,
      },
    ],
    events: [{ seq: 1, action: 'open', fromStage: null, toStage: 'INITIAL', actor: 'system', note: '智能审核发现疑点', at: '2026-11-23T02:00:00Z' }],
    appeal: null,
    escalatedBy: null,
    deductionId: null,
    ...over,
  };
}

export function signInAs(username: string, roles: Role[]): void {
  sessionStore.write({
    accessToken: 'x',
    refreshToken: 'y',
    user: { id: `id-${username}`, username, displayName: username, roles, scope: '430100', mustChangePassword: false },
  });
}

/** A manual claim with the working group, as the gateway answers it, with overrides. */
export function aManualClaim(over: Partial<ManualClaimView> = {}): ManualClaimView {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000c1',
    claimNo: 'MC-430100-2026-000001',
    poolarea: '430100',
    admdvs: '430102',
    psnNo: 'P430102000009',
    insutype: '310',
    institutionName: '北京协和医院',
    institutionCode: null,
    begndate: '2026-10-08',
    enddate: '2026-10-30',
    medfeeSumamtFen: '6800000',
    invoices: [
      { invoiceNo: '11000001', amountFen: '4800000' },
      { invoiceNo: '11000002', amountFen: '2000000' },
    ],
    route: 'WORKING_GROUP',
    status: 'INVESTIGATING',
    groupReason: null,
    receivedOn: '2026-11-18',
    dueOn: '2026-12-02',
    workingDaysLeft: 7,
    overdue: false,
    conclusion: null,
    approvalId: null,
    registeredBy: 'cs.reviewer',
    records: [],
    ...over,
  };
}

/** A maker-checker approval as the approvals routes answer it, with overrides. */
export function anApproval(over: Partial<ApprovalView> = {}): ApprovalView {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000a9',
    action: 'review.manual-claim-conclusion',
    targetType: 'manual-claim',
    targetId: '0190a0b0-0000-7000-8000-0000000000c1',
    admdvs: '430102',
    summary: '同意报销 manual claim 0190a0b0-0000-7000-8000-0000000000c1',
    payload: {},
    reason: '材料齐全，同意报销',
    status: 'PENDING',
    requiredRoles: ['city-officer'],
    proposedBy: { kind: 'user', id: 'id-cs.reviewer', name: 'cs.reviewer', roles: ['reviewer'], scope: '430100' },
    proposedAt: '2026-11-23T02:00:00Z',
    ...over,
  };
}
