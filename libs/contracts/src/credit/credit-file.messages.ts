import { IsIn, IsOptional } from 'class-validator';
import { PageRequest } from '../agreement/registry.messages';
import type { CreditFileEntryView, CreditFileView } from '../messages/credit/get-credit-file/get-credit-file.message';

/** The service behind each context a credit entry can come from (`source` of an entry). */
export const CREDIT_SOURCE_SERVICES: Readonly<Record<string, string>> = Object.freeze({
  agreement: 'agreement-service',
  review: 'claims-review-service',
  credit: 'credit-service',
  monitoring: 'monitoring-kb-service',
});

/** Where a credit-file entry came from: the event (or approval) id, its subject and the emitting service. */
export interface CreditEntrySource {
  eventId: string;
  /** NATS subject of the event (`evt.review.ViolationConfirmed` …); for credit's own decisions the action. */
  subject: string | null;
  service: string;
}

export interface CreditFileEntryDetailView extends CreditFileEntryView {
  source: CreditEntrySource;
  /** Ids that prove the entry (case, case number, deduction, settlement, approval …), as the source named them. */
  evidence: Record<string, string> | null;
  /** 12分制 points this entry scored (practitioners), its scoring year and the year's total after it. */
  points: number | null;
  pointsYear: number | null;
  pointsTotal: number | null;
}

/**
 * National personnel scoring bands (医保发〔2024〕23号, DOMAIN-RULES CRD-02) as data: the band of a
 * yearly total and what the band means.
 */
export const PRACTITIONER_POINT_BANDS = Object.freeze([
  { band: '1-3', from: 1, to: 3, text: '记1–3分：负有责任的机构违约、无正当理由使用非集采高价产品等' },
  { band: '4-6', from: 4, to: 6, text: '记4–6分：对机构受《条例》第38、39条处罚负有责任' },
  { band: '7-9', from: 7, to: 9, text: '记7–9分：以未登记人员名义结算等；累计≥9分暂停医保支付资格1–6个月' },
  { band: '10-12', from: 10, to: 12, text: '记10–12分：对欺诈骗保负有责任、被吊销执业证书；累计12分终止医保支付资格' },
] as const);
export type PractitionerPointBand = (typeof PRACTITIONER_POINT_BANDS)[number]['band'];

export const PRACTITIONER_QUALIFICATIONS = ['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const;
export type PractitionerQualification = (typeof PRACTITIONER_QUALIFICATIONS)[number];

/** A practitioner's 12-point standing in the scoring year (natural year; the total clears on 1 January). */
export interface PractitionerPointsView {
  year: number;
  total: number;
  band: PractitionerPointBand | null;
  bandText: string | null;
  /** Payment qualification as the national band consequence has it today. */
  qualification: PractitionerQualification;
  /** Suspension (or termination) start and the end of the suspension or of the re-registration bar. */
  from: string | null;
  until: string | null;
}

/** Reply of `mi.v1.credit.get-credit-file`: the file with each entry's source and evidence. */
export interface CreditFileDetailView extends CreditFileView {
  entries: CreditFileEntryDetailView[];
  /** Practitioners only (一人一档): the 12-point standing; null for institutions. */
  points: PractitionerPointsView | null;
}

/** Payload of `evt.credit.PractitionerSuspended` — the national band consequence of a 12-point total. */
export interface PractitionerSuspendedPayload {
  practitionerCode: string;
  /** SUSPENDED at ≥ 9 points; TERMINATED at 12 (with a re-registration bar). */
  consequence: 'SUSPENDED' | 'TERMINATED';
  /** Months of suspension; null for a termination. */
  months: number | null;
  /** Re-registration bar in years (1 when reached by accumulation, 3 by a single 12-point score); null for a suspension. */
  reRegistrationBarYears: number | null;
  from: string;
  /** Last day of the suspension, or of the re-registration bar. */
  until: string;
  year: number;
  total: number;
  band: PractitionerPointBand;
  /** Legal basis of the consequence. */
  basis: string;
  /** The PointsDeducted event whose total crossed the threshold. */
  causeEventId: string;
}

/** Days of recent history a ranking weighs (the entries that lowered the score in them). */
export const CREDIT_RANKING_WINDOW_DAYS = 90;

/**
 * `mi.v1.credit.ranking` — gateway → credit-service: 风险排名, the credit files of the caller's
 * region riskiest first — the lowest score, then the most score lost in the last
 * {@link CREDIT_RANKING_WINDOW_DAYS} days, then code. Readers (officers, reviewers, auditors,
 * the liaison). Reply: `Page<CreditRankingItemView>`. Errors: VALIDATION, FORBIDDEN.ROLE.
 */
export class CreditRankingRequest extends PageRequest {
  /** Default: institutions. */
  @IsOptional()
  @IsIn(['institution', 'practitioner'])
  subjectType?: 'institution' | 'practitioner';

  /** Only files of this level. */
  @IsOptional()
  @IsIn(['A', 'B', 'C', 'D'])
  level?: 'A' | 'B' | 'C' | 'D';
}

export interface CreditRankingItemView {
  rank: number;
  subjectType: 'institution' | 'practitioner';
  subjectCode: string;
  admdvs: string;
  score: number;
  level: 'A' | 'B' | 'C' | 'D';
  /** Entries that lowered the score in the window, and the points they took. */
  recentNegativeEntries: number;
  recentScoreLost: number;
  /** The latest entry that lowered the score (any time), to say why the file ranks here. */
  lastNegative: { kind: string; summary: string; occurredAt: string; scoreDelta: number } | null;
}
