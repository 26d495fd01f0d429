import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AgreementSubjects,
  type AgreementView,
  ApplicationIdRequest,
  type ApplicationView,
  DeductPointsRequest,
  EvaluateApplicationRequest,
  GetAgreementRequest,
  GetPointsRequest,
  IndicatorsInForceRequest,
  type IndicatorsInForceView,
  ListAgreementsRequest,
  ListApplicationsRequest,
  type Page,
  type PointsView,
  type ProposalReply,
  ProposeExtensionRequest,
  ProposeSigningRequest,
  ProposeSuspensionRequest,
  ProposeTerminationRequest,
  RecordApplicationFraudRequest,
  RequestResumptionRequest,
  RequestVoluntarySuspensionRequest,
  RequestVoluntaryTerminationRequest,
  SubmitApplicationRequest,
  SupplementApplicationRequest,
  WithdrawVoluntaryTerminationRequest,
} from '@mi/contracts';
import { ApplicationService } from '../application/application.service';
import { PointsService } from '../points/points.service';
import { AgreementService } from './agreement.service';

@Controller()
export class AgreementHandlers {
  constructor(
    private readonly agreements: AgreementService,
    private readonly applications: ApplicationService,
    private readonly points: PointsService,
  ) {}

  @MessagePattern(AgreementSubjects.submitApplication)
  submit(@Payload() req: SubmitApplicationRequest): Promise<ApplicationView> {
    return this.applications.submit(req);
  }

  @MessagePattern(AgreementSubjects.supplementApplication)
  supplement(@Payload() req: SupplementApplicationRequest): Promise<ApplicationView> {
    return this.applications.supplement(req);
  }

  @MessagePattern(AgreementSubjects.evaluateApplication)
  evaluate(@Payload() req: EvaluateApplicationRequest): Promise<ApplicationView> {
    return this.applications.evaluate(req);
  }

  @MessagePattern(AgreementSubjects.recordApplicationFraud)
  recordFraud(@Payload() req: RecordApplicationFraudRequest): Promise<ApplicationView> {
    return this.applications.recordFraud(req);
  }

  @MessagePattern(AgreementSubjects.listApplications)
  listApplications(@Payload() req: ListApplicationsRequest): Promise<Page<ApplicationView>> {
    return this.applications.list(req);
  }

  @MessagePattern(AgreementSubjects.requestVoluntaryTermination)
  requestVoluntaryTermination(@Payload() req: RequestVoluntaryTerminationRequest): Promise<AgreementView> {
    return this.agreements.requestVoluntaryTermination(req);
  }

  @MessagePattern(AgreementSubjects.withdrawVoluntaryTermination)
  withdrawVoluntaryTermination(@Payload() req: WithdrawVoluntaryTerminationRequest): Promise<AgreementView> {
    return this.agreements.withdrawVoluntaryTermination(req);
  }

  @MessagePattern(AgreementSubjects.getApplication)
  getApplication(@Payload() req: ApplicationIdRequest): Promise<ApplicationView> {
    return this.applications.get(req.id);
  }

  @MessagePattern(AgreementSubjects.proposeSigning)
  proposeSigning(@Payload() req: ProposeSigningRequest): Promise<ProposalReply> {
    return this.agreements.proposeSigning(req);
  }

  @MessagePattern(AgreementSubjects.proposeSuspension)
  proposeSuspension(@Payload() req: ProposeSuspensionRequest): Promise<ProposalReply> {
    return this.agreements.proposeSuspension(req);
  }

  @MessagePattern(AgreementSubjects.proposeExtension)
  proposeExtension(@Payload() req: ProposeExtensionRequest): Promise<ProposalReply> {
    return this.agreements.proposeExtension(req);
  }

  @MessagePattern(AgreementSubjects.proposeTermination)
  proposeTermination(@Payload() req: ProposeTerminationRequest): Promise<ProposalReply> {
    return this.agreements.proposeTermination(req);
  }

  @MessagePattern(AgreementSubjects.requestVoluntarySuspension)
  requestVoluntarySuspension(@Payload() req: RequestVoluntarySuspensionRequest): Promise<AgreementView> {
    return this.agreements.requestVoluntarySuspension(req);
  }

  @MessagePattern(AgreementSubjects.requestResumption)
  requestResumption(@Payload() req: RequestResumptionRequest): Promise<AgreementView> {
    return this.agreements.requestResumption(req);
  }

  @MessagePattern(AgreementSubjects.getAgreement)
  get(@Payload() req: GetAgreementRequest): Promise<AgreementView> {
    return this.agreements.get(req);
  }

  @MessagePattern(AgreementSubjects.indicatorsInForce)
  indicatorsInForce(@Payload() req: IndicatorsInForceRequest): Promise<IndicatorsInForceView> {
    return this.agreements.indicatorsInForce(req);
  }

  @MessagePattern(AgreementSubjects.listAgreements)
  list(@Payload() req: ListAgreementsRequest): Promise<Page<AgreementView>> {
    return this.agreements.list(req);
  }

  @MessagePattern(AgreementSubjects.deductPoints)
  deduct(@Payload() req: DeductPointsRequest): Promise<PointsView> {
    return this.points.deduct(req);
  }

  @MessagePattern(AgreementSubjects.getPoints)
  getPoints(@Payload() req: GetPointsRequest): Promise<PointsView> {
    return this.points.get(req);
  }
}
