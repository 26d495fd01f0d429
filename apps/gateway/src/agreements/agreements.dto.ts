import { OmitType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  AddLicenceRequest,
  EvaluateApplicationRequest,
  ParsedBy,
  ProposeExtensionRequest,
  ProposeSuspensionRequest,
  ProposeTerminationRequest,
  RecordApplicationFraudRequest,
  RequestVoluntarySuspensionRequest,
  RequestVoluntaryTerminationRequest,
  DecidePointsProposalRequest,
  SubmitInfoChangeRequest,
  SupplementApplicationRequest,
  UnbindTerminalRequest,
  WithdrawVoluntaryTerminationRequest,
} from '@mi/contracts';
import { InstitutionCode } from '@mi/domain';

/** Path parameter `:code` — a national institution code. */
export class InstitutionCodeParam {
  @ParsedBy((v) => InstitutionCode.parse(v, 'code'))
  code: string;
}

/** Path parameter `:id` — a UUID. */
export class UuidParam {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id must be a UUID' })
  id: string;
}

export class AddLicenceBody extends OmitType(AddLicenceRequest, ['institutionCode'] as const) {}
export class UnbindTerminalBody extends OmitType(UnbindTerminalRequest, ['id'] as const) {}
export class SupplementBody extends OmitType(SupplementApplicationRequest, ['id'] as const) {}
export class EvaluationBody extends OmitType(EvaluateApplicationRequest, ['id'] as const) {}
export class SuspensionBody extends OmitType(ProposeSuspensionRequest, ['institutionCode'] as const) {}
export class ExtensionBody extends OmitType(ProposeExtensionRequest, ['institutionCode'] as const) {}
export class TerminationBody extends OmitType(ProposeTerminationRequest, ['institutionCode'] as const) {}
export class VoluntarySuspensionBody extends OmitType(RequestVoluntarySuspensionRequest, ['institutionCode'] as const) {}
export class VoluntaryTerminationBody extends OmitType(RequestVoluntaryTerminationRequest, ['institutionCode'] as const) {}
export class PointsProposalDecisionBody extends OmitType(DecidePointsProposalRequest, ['proposalId'] as const) {}
export class FraudBody extends OmitType(RecordApplicationFraudRequest, ['id'] as const) {}
export class InfoChangeBody extends OmitType(SubmitInfoChangeRequest, ['institutionCode'] as const) {}
export class WithdrawTerminationBody extends OmitType(WithdrawVoluntaryTerminationRequest, ['institutionCode'] as const) {}
