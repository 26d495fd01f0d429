import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import { InstitutionCode, LocalDate } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';
import { PageRequest } from './registry.messages';

/**
 * 重大信息 (AGR-06, 2号令 Art. 40) — the information whose change the institution must apply for
 * within 30 working days of the other authority approving it. `grade` is the registry's level
 * (institution_level code, e.g. `3A`); `nature` is 公立/民营 (`public` | `private`).
 */
export const MAJOR_INFO_FIELDS = [
  'name',
  'legalRepresentative',
  'controller',
  'address',
  'bankAccount',
  'clinicalDepartments',
  'scale',
  'nature',
  'grade',
  'category',
] as const;
export type MajorInfoField = (typeof MAJOR_INFO_FIELDS)[number];

export const MAJOR_INFO_LABELS: Record<MajorInfoField, string> = {
  name: '名称',
  legalRepresentative: '法定代表人',
  controller: '主要负责人或实际控制人',
  address: '注册地址',
  bankAccount: '银行账户',
  clinicalDepartments: '诊疗科目',
  scale: '机构规模',
  nature: '机构性质',
  grade: '等级',
  category: '类别',
};

export class MajorInfoChange {
  @IsIn([...MAJOR_INFO_FIELDS], { message: `field must be one of the major information items of 2号令 Art. 40: ${MAJOR_INFO_FIELDS.join(', ')}` })
  field: MajorInfoField;

  /** The new value (checked per field by agreement-service, e.g. a level code for `grade`). */
  @IsString()
  @Length(1, 1000)
  value: string;
}

/**
 * `mi.v1.agreement.submit-info-change` — 重大信息变更申请 (AGR-06), recorded by an officer of the
 * institution's region. `approvedOn` is the day the other authority (market regulation, health
 * commission …) approved the change; the deadline is 30 working days later. A late application is
 * accepted and flagged with the working days over (audited, and carried by InstitutionInfoChanged
 * for credit). A second officer approves it at `/api/v1/approvals/agreement` (action
 * `institution.change-info`); the registry (and the agreement where relevant) changes then.
 * Errors: VALIDATION (unknown field, a field twice, unchanged or malformed value, approvedOn in the
 * future), NOT_FOUND (also another region), AGREEMENT.TERMINATED, APPROVAL.ALREADY_PENDING,
 * CALENDAR.YEAR_NOT_CONFIGURED.
 */
export class SubmitInfoChangeRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAJOR_INFO_FIELDS.length)
  @ValidateNested({ each: true })
  @Type(() => MajorInfoChange)
  changes: MajorInfoChange[];

  @ParsedBy((v) => LocalDate.parse(v, 'approvedOn'))
  approvedOn: string;

  /** The authority that approved the change, e.g. 福州市市场监督管理局. */
  @IsString()
  @Length(2, 200)
  approvedBy: string;

  /** Materials handed in (e.g. 变更后的营业执照, 变更核准通知书). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  materials: string[];

  @IsString()
  @Length(2, 2000)
  reason: string;
}

/** `mi.v1.agreement.list-info-changes` — applied changes of major information, newest first. */
export class ListInfoChangesRequest extends PageRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;
}

export interface InfoChangeItemView {
  field: MajorInfoField;
  label: string;
  from: string | null;
  to: string;
}

/** The timeliness of a change application (AGR-06). */
export interface InfoChangeTimeliness {
  approvedOn: string;
  filedOn: string;
  /** Last working day to apply: 30 working days after `approvedOn`. */
  deadline: string;
  late: boolean;
  /** Working days after the deadline (0 when on time). */
  workingDaysLate: number;
}

/** Reply of submit: the proposal awaiting a second officer, with the changes and their timeliness. */
export interface InfoChangeProposalView extends InfoChangeTimeliness {
  approvalId: string;
  action: string;
  status: 'PENDING';
  institutionCode: string;
  changes: InfoChangeItemView[];
}

/** One applied change application. */
export interface InfoChangeView extends InfoChangeTimeliness {
  id: string;
  institutionCode: string;
  admdvs: string;
  approvalId: string;
  changes: InfoChangeItemView[];
  approvedBy: string;
  materials: string[];
  reason: string;
  appliedAt: string;
  /** The agreement changed with it (e.g. `nature` → public hospital), if any. */
  agreementId: string | null;
}
