import { IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';

/** Claims review (费用审核) — claims-review-service. */
export const ReviewSubjects = {
  /**
   * gateway (HIS 3101/3102) → claims-review: pre-settlement review of the `input.data` tree as the
   * HIS sent it (NHSA field names, parsed leniently by the service). Reply: {@link PrecheckReply}.
   */
  precheck: 'mi.v1.review.precheck',
  /** gateway (HIS 3103) → claims-review: the doctor's disposition of each warning. Reply: `{ recorded }`. */
  precheckFeedback: 'mi.v1.review.precheck-feedback',
} as const;

export class PrecheckRequest {
  @IsIn(['3101', '3102'])
  infno: '3101' | '3102';

  /** `input.data` of the NHSA envelope, as sent. */
  @IsObject()
  data: Record<string, unknown>;

  /** Envelope `msgid`, kept with the results. */
  @IsOptional()
  @IsString()
  @Length(1, 60)
  msgid?: string;
}

export interface PrecheckReply {
  /** NHSA `output.result[]`, ready to send. */
  result: Record<string, unknown>[];
  /** Rule set that answered (`430100#3`) and its knowledge version, for the record. */
  ruleSet: string;
}

export class PrecheckFeedbackRequest {
  /** `input.data` of 3103 (`warn_type`, `warns[]`). */
  @IsObject()
  data: Record<string, unknown>;
}
