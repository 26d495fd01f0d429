import { IsIn, IsOptional } from 'class-validator';
import { InstitutionCode } from '@mi/domain';
import { ParsedBy } from '../validation/parsed-by';
import { PageRequest } from './registry.messages';

/**
 * 公示/公告 — decisions published citywide (AGR-03 evaluation results; AGR-09/11 suspensions and
 * terminations, the terminated list; expiry without renewal).
 */
export const PUBLICATION_KINDS = ['EVALUATION_PASSED', 'EVALUATION_FAILED', 'SUSPENSION', 'TERMINATION', 'EXPIRY'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/**
 * `mi.v1.agreement.list-publications` — the public notice list for the portal: notices of the
 * caller's city (a county officer sees its whole city: decisions apply citywide), newest first.
 */
export class ListPublicationsRequest extends PageRequest {
  @IsOptional()
  @IsIn([...PUBLICATION_KINDS])
  kind?: PublicationKind;

  @IsOptional()
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode?: string;
}

export interface PublicationView {
  id: string;
  kind: PublicationKind;
  institutionCode: string;
  institutionName: string;
  admdvs: string;
  /** The city it is published in (定点互认: applies citywide). */
  poolarea: string;
  /** Title and text in Chinese, as published. */
  title: string;
  text: string;
  /** The day the decision takes effect. */
  effectiveOn: string;
  publishedAt: string;
  /** What it publishes: `application` (evaluation) or `agreement`, and its id. */
  sourceType: 'application' | 'agreement';
  sourceId: string;
}
