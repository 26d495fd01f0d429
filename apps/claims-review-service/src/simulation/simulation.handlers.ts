import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetSimulationRequest,
  ListSimulationsRequest,
  SettlementFindingsRequest,
  type SettlementFindingsView,
  type SimulationJobPageView,
  type SimulationJobView,
  SimulationSubjects,
  StartSimulationRequest,
} from '@mi/contracts';
import { SimulationService } from './simulation.service';

@Controller()
export class SimulationHandlers {
  constructor(private readonly simulations: SimulationService) {}

  @MessagePattern(SimulationSubjects.start)
  start(@Payload() req: StartSimulationRequest): Promise<SimulationJobView> {
    return this.simulations.start(req);
  }

  @MessagePattern(SimulationSubjects.get)
  get(@Payload() req: GetSimulationRequest): Promise<SimulationJobView> {
    return this.simulations.get(req.id);
  }

  @MessagePattern(SimulationSubjects.list)
  list(@Payload() req: ListSimulationsRequest): Promise<SimulationJobPageView> {
    return this.simulations.list(req);
  }

  @MessagePattern(SimulationSubjects.settlementFindings)
  findings(@Payload() req: SettlementFindingsRequest): Promise<SettlementFindingsView> {
    return this.simulations.settlementFindings(req.settlementId);
  }
}
