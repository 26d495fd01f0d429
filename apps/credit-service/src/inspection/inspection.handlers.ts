import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateInspectionPlanRequest,
  CreditInspectionSubjects,
  DrawInspectionsRequest,
  InspectionPlanIdRequest,
  type InspectionPlanView,
  type InspectorView,
  RecordInspectionResultsRequest,
  UpsertInspectorRequest,
} from '@mi/contracts';
import { InspectionService } from './inspection.service';

/** 双随机、一公开 — request/reply handlers of the inspector pool, plans, draws and results. */
@Controller()
export class InspectionHandlers {
  constructor(private readonly inspections: InspectionService) {}

  @MessagePattern(CreditInspectionSubjects.upsertInspector)
  upsertInspector(@Payload() req: UpsertInspectorRequest): Promise<InspectorView> {
    return this.inspections.upsertInspector(req);
  }

  @MessagePattern(CreditInspectionSubjects.createPlan)
  createPlan(@Payload() req: CreateInspectionPlanRequest): Promise<InspectionPlanView> {
    return this.inspections.createPlan(req);
  }

  @MessagePattern(CreditInspectionSubjects.getPlan)
  getPlan(@Payload() req: InspectionPlanIdRequest): Promise<InspectionPlanView> {
    return this.inspections.getPlan(req.planId);
  }

  @MessagePattern(CreditInspectionSubjects.draw)
  draw(@Payload() req: DrawInspectionsRequest): Promise<InspectionPlanView> {
    return this.inspections.draw(req);
  }

  @MessagePattern(CreditInspectionSubjects.recordResults)
  recordResults(@Payload() req: RecordInspectionResultsRequest): Promise<InspectionPlanView> {
    return this.inspections.recordResults(req);
  }
}
