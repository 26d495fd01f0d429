import { IsIn, IsString, Length } from 'class-validator';

/**
 * `mi.v1.credit.get-credit-file` — gateway → credit-service. The credit file (一户一档) of an
 * institution or practitioner. Reply: {@link CreditFileView}. Errors: VALIDATION, NOT_FOUND.
 */
export class GetCreditFileRequest {
  @IsIn(['institution', 'practitioner'])
  subjectType: 'institution' | 'practitioner';

  @IsString()
  @Length(1, 50)
  subjectCode: string;
}

export interface CreditFileEntryView {
  kind: string;
  sourceEventId: string;
  occurredAt: string;
  summary: string;
  /** Score change this entry caused (0 for entries that do not score). */
  scoreDelta: number;
  scoreAfter: number | null;
}

export interface CreditFileView {
  subjectType: 'institution' | 'practitioner';
  subjectCode: string;
  admdvs: string;
  openedAt: string;
  /** 1000-point credit score: the base plus every entry's delta. */
  score: number;
  level: 'A' | 'B' | 'C' | 'D';
  entries: CreditFileEntryView[];
}
