import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Admdvs, IdCard } from '@mi/domain';
import { PageRequest } from '../agreement/registry.messages';
import { ParsedBy } from '../validation/parsed-by';

/**
 * 举报 — complaints about the use of the fund: intake (optionally anonymous; the reporter's
 * identity is stored encrypted and shown masked in every view), routed to the region that handles
 * the subject, a handling deadline in working days, and — when substantiated — the reward
 * (举报奖励) computed from the recovered amount by the rule as data, in integer fen.
 */
export const COMPLAINT_CHANNELS = ['hotline', 'web', 'letter', 'visit'] as const;
export const COMPLAINT_SUBJECT_TYPES = ['institution', 'practitioner', 'insured', 'other'] as const;
export const COMPLAINT_STATUSES = ['RECEIVED', 'CONCLUDED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const CreditComplaintSubjects = {
  submit: 'mi.v1.credit.complaint-submit',
  list: 'mi.v1.credit.complaint-list',
  get: 'mi.v1.credit.complaint-get',
  conclude: 'mi.v1.credit.complaint-conclude',
} as const;

export const CreditComplaintEventSubjects = {
  ComplaintReceived: 'evt.credit.ComplaintReceived',
  ComplaintConcluded: 'evt.credit.ComplaintConcluded',
} as const;

export class ComplaintReporter {
  @IsString()
  @Length(1, 50)
  name: string;

  @Matches(/^1[3-9][0-9]{9}$/, { message: 'reporter.phone must be a mainland mobile number' })
  phone: string;

  @IsOptional()
  @ParsedBy((v) => IdCard.parse(v, 'reporter.idNumber'))
  idNumber?: string;
}

/**
 * `mi.v1.credit.complaint-submit` — an officer records a complaint received by hotline, web,
 * letter or visit. Without `anonymous`, the reporter (name, phone) is required. Errors:
 * VALIDATION, FORBIDDEN.ROLE.
 */
export class SubmitComplaintRequest {
  /** Region where the complained-about facts happened (county or city code). */
  @ParsedBy((v) => Admdvs.parse(v, 'admdvs'))
  admdvs: string;

  @IsIn([...COMPLAINT_CHANNELS])
  channel: (typeof COMPLAINT_CHANNELS)[number];

  @IsIn([...COMPLAINT_SUBJECT_TYPES])
  subjectType: (typeof COMPLAINT_SUBJECT_TYPES)[number];

  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9]{8,29}$/, { message: 'subjectCode must be an institution or practitioner code' })
  subjectCode?: string;

  @IsString()
  @Length(1, 200)
  subjectName: string;

  @IsString()
  @Length(10, 5000)
  content: string;

  @IsBoolean()
  anonymous: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => ComplaintReporter)
  reporter?: ComplaintReporter;
}

export class ComplaintIdRequest {
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ListComplaintsRequest extends PageRequest {
  @IsOptional()
  @IsIn([...COMPLAINT_STATUSES])
  status?: ComplaintStatus;
}

/**
 * `mi.v1.credit.complaint-conclude` — the handling region's result; a substantiated complaint gets
 * its reward from the recovered amount (integer fen). Errors: VALIDATION, NOT_FOUND,
 * COMPLAINT.CONCLUDED.
 */
export class ConcludeComplaintRequest extends ComplaintIdRequest {
  @IsBoolean()
  substantiated: boolean;

  /** 查实金额 — fund money recovered, integer fen as a decimal string. */
  @Matches(/^(0|[1-9][0-9]{0,14})$/, { message: 'recoveredFen must be a whole number of fen' })
  recoveredFen: string;

  @IsString()
  @Length(2, 2000)
  findings: string;
}

export interface ComplaintView {
  id: string;
  /** The handling region (the subject's credit-file region when known, else the given region). */
  admdvs: string;
  channel: string;
  subjectType: string;
  subjectCode: string | null;
  subjectName: string;
  content: string;
  anonymous: boolean;
  /** Always masked; the full identity is kept encrypted for paying the reward. */
  reporter: { name: string; phone: string; idNumber: string | null } | null;
  receivedOn: string;
  /** Last working day to conclude. */
  dueOn: string;
  overdue: boolean;
  status: ComplaintStatus;
  substantiated: boolean | null;
  recoveredFen: string | null;
  rewardFen: string | null;
  rewardBasis: string | null;
  findings: string | null;
  concludedOn: string | null;
}
