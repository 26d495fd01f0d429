import type { ListDecisionView, PenaltyView, ReferralAnnualReport, ReferralView } from '@mi/contracts';

/** A referral as the gateway answers it, with overrides. */
export function aReferral(over: Partial<ReferralView> = {}): ReferralView {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000e1',
    direction: 'BUREAU_TO_COMMISSION',
    issuer: 'BUREAU',
    receiver: 'COMMISSION',
    admdvs: '430100',
    status: 'SENT',
    subjectType: 'institution',
    subjectCode: 'H43010200001',
    subjectName: '长沙芙蓉医院',
    reasons: [{ code: 'B2C-4', text: '违反诊疗规范过度诊疗' }],
    facts: '过度检查',
    penaltyDecisionNo: '长医保罚〔2026〕3号',
    triggerDate: '2026-11-02',
    dueOn: '2026-11-11',
    documentNumber: '长医保案移字〔2026〕1号',
    issuedOn: '2026-11-05',
    pages: 12,
    evidence: [{ title: '行政处罚决定书' }],
    receiptSignedAt: null,
    receiptSignedBy: null,
    completionRequestedOn: null,
    completionDueOn: null,
    completionMissing: null,
    completedOn: null,
    onward: null,
    outcome: null,
    result: null,
    concludedOn: null,
    referralOverdue: false,
    completionOverdue: false,
    ledger: [{ at: '2026-11-05T02:00:00Z', kind: 'ISSUED', department: 'BUREAU', by: 'cs.officer', note: '' }],
    ...over,
  };
}

export function aListDecision(over: Partial<ListDecisionView> = {}): ListDecisionView {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000d7',
    list: 'black',
    subjectType: 'institution',
    subjectCode: 'H43010200001',
    subjectName: '长沙芙蓉医院',
    uscc: null,
    institutionCode: 'H43010200001',
    admdvs: '430100',
    decisionNo: '长医保认〔2026〕1号',
    legalBasis: '《医疗保障基金使用监督管理条例》第三十三条',
    reason: '骗取医保基金',
    periodStart: '2026-11-01',
    periodEnd: '2029-10-31',
    publicationText: '长沙芙蓉医院列入严重失信名单',
    status: 'IN_FORCE',
    approvalId: '0190a0b0-0000-7000-8000-0000000000a1',
    decidedAt: '2026-11-01T02:00:00Z',
    endedOn: null,
    repairGround: null,
    repairNote: null,
    notices: [],
    ...over,
  };
}

/** A penalty decision as the gateway answers it, with overrides. */
export function aPenalty(over: Partial<PenaltyView> = {}): PenaltyView {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000f1',
    subjectType: 'institution',
    subjectCode: 'H43010200001',
    subjectName: '长沙芙蓉医院',
    admdvs: '430102',
    decisionNo: '长医保罚〔2026〕3号',
    decidedOn: '2026-11-20',
    legalBasis: '《医疗保障基金使用监督管理条例》第三十八条',
    facts: '串换药品',
    measures: [
      { kind: 'ORDER_REFUND', label: '责令退回', amountFen: '1234550' },
      { kind: 'FINE', label: '罚款', amountFen: '2469100' },
    ],
    totalFen: '3703650',
    evidence: [{ title: '行政处罚决定书', pages: 4 }],
    caseRef: null,
    scoreDelta: -80,
    scoreAfter: 820,
    recordedBy: 'cs.officer',
    recordedAt: '2026-11-21T02:00:00Z',
    ...over,
  };
}

/** A year's referral report as the gateway answers it, with overrides. */
export function anAnnualReport(over: Partial<ReferralAnnualReport> = {}): ReferralAnnualReport {
  return {
    year: 2025,
    admdvs: '430100',
    issuer: 'BOTH',
    dueBy: '2026-01-15',
    generatedAt: '2026-12-04T02:00:00Z',
    total: 7,
    byDirection: [
      { key: 'BUREAU_TO_COMMISSION', label: '医保局移送卫健委', count: 5 },
      { key: 'COMMISSION_TO_BUREAU', label: '卫健委移送医保局', count: 2 },
    ],
    byReason: [
      { key: 'B2C-4', label: '违反诊疗规范过度诊疗', count: 4 },
      { key: 'C2B-1', label: '分解住院', count: 3 },
    ],
    byStatus: [{ key: 'CONCLUDED', label: '已办结', count: 7 }],
    byOutcome: [{ key: 'PENALIZED', label: '给予处罚', count: 6 }],
    onward: [],
    byRegion: [{ key: '430102', label: '芙蓉区', count: 7 }],
    overdue: 1,
    completionOverdue: 0,
    awaitingReceipt: 0,
    submissions: [{ issuer: 'COMMISSION', submittedAt: '2026-01-20T02:00:00Z', submittedBy: 'liaison', late: true, overdueNotifiedAt: '2026-01-16T00:05:00Z' }],
    reportOverdue: true,
    ...over,
  };
}
