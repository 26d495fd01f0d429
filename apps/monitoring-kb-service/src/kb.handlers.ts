import { Controller, Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AlertDetailView,
  type AlertView,
  AnomalySubjects,
  type ApprovalView,
  DecideAlertRequest,
  GetAlertRequest,
  GetThresholdsRequest,
  ListAlertsRequest,
  type Page,
  SetThresholdsRequest,
  type ThresholdsView,
  type CodingTableImportReport,
  ImportCatalogueRequest,
  ImportCodingTableRequest,
  type ImportReport,
  KbSubjects,
  KnowledgeSnapshotRequest,
  ListRuleSetsRequest,
  ListRulesRequest,
  ProposeRuleSetRequest,
  RuleDefinitionsRequest,
  type RuleDefinitionsView,
  RuleSetInForceRequest,
  type RuleSetView,
  type RuleVersionView,
  SaveRuleDraftRequest,
} from '@mi/contracts';
import { SERVICE_CONFIG } from '@mi/platform';
import { AnomalyService } from './anomaly/anomaly.service';
import type { MonitoringKbConfig } from './config';
import type { KnowledgeSnapshotJson } from './knowledge/knowledge-json';
import { KnowledgeService } from './knowledge/knowledge.service';
import { RuleBookService } from './rules/rule-book.service';

@Controller()
export class KbHandlers implements OnApplicationBootstrap {
  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly rules: RuleBookService,
    private readonly anomalies: AnomalyService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringKbConfig,
  ) {}

  /** After migrations: a new install gets the bundled knowledge and default rule set for its province. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.SEED_SAMPLE_KNOWLEDGE !== 'true') return;
    await this.knowledge.seedProvinceDefaults(this.config.PROVINCE_ADMDVS);
    await this.rules.seedProvinceRules(this.config.PROVINCE_ADMDVS);
  }

  @MessagePattern(KbSubjects.ruleSetInForce)
  inForce(@Payload() req: RuleSetInForceRequest): Promise<RuleSetView> {
    return this.rules.inForce(req.poolarea, req.date);
  }

  @MessagePattern(KbSubjects.ruleDefinitions)
  async ruleDefinitions(@Payload() req: RuleDefinitionsRequest): Promise<RuleDefinitionsView> {
    return { definitions: await this.rules.ruleDefinitions(req.poolarea, req.rules) };
  }

  @MessagePattern(KbSubjects.knowledgeSnapshot)
  snapshot(@Payload() req: KnowledgeSnapshotRequest): Promise<KnowledgeSnapshotJson> {
    return this.knowledge.snapshot(req.poolarea, req.date);
  }

  @MessagePattern(KbSubjects.saveRuleDraft)
  saveDraft(@Payload() req: SaveRuleDraftRequest): Promise<RuleVersionView> {
    return this.rules.saveDraft(req.region, req.definition);
  }

  @MessagePattern(KbSubjects.listRules)
  listRules(@Payload() req: ListRulesRequest): Promise<RuleVersionView[]> {
    return this.rules.listRules(req.region, req.status);
  }

  @MessagePattern(KbSubjects.proposeRuleSet)
  propose(@Payload() req: ProposeRuleSetRequest): Promise<ApprovalView> {
    return this.rules.propose(req);
  }

  @MessagePattern(KbSubjects.listRuleSets)
  listSets(@Payload() req: ListRuleSetsRequest): Promise<Omit<RuleSetView, 'rules'>[]> {
    return this.rules.listSets(req.region);
  }

  @MessagePattern(KbSubjects.importCatalogue)
  importCatalogue(@Payload() req: ImportCatalogueRequest): Promise<ImportReport> {
    return this.knowledge.importCatalogue(req);
  }

  @MessagePattern(KbSubjects.importCodingTable)
  importCodingTable(@Payload() req: ImportCodingTableRequest): Promise<CodingTableImportReport> {
    return this.knowledge.importCodingTable(req);
  }

  @MessagePattern(AnomalySubjects.listAlerts)
  listAlerts(@Payload() req: ListAlertsRequest): Promise<Page<AlertView>> {
    return this.anomalies.list(req);
  }

  @MessagePattern(AnomalySubjects.getAlert)
  getAlert(@Payload() req: GetAlertRequest): Promise<AlertDetailView> {
    return this.anomalies.get(req.id);
  }

  @MessagePattern(AnomalySubjects.decideAlert)
  decideAlert(@Payload() req: DecideAlertRequest): Promise<AlertView> {
    return this.anomalies.decide(req);
  }

  @MessagePattern(AnomalySubjects.getThresholds)
  thresholds(@Payload() req: GetThresholdsRequest): Promise<ThresholdsView> {
    return this.anomalies.thresholds(req.region);
  }

  @MessagePattern(AnomalySubjects.setThresholds)
  setThresholds(@Payload() req: SetThresholdsRequest): Promise<ThresholdsView> {
    return this.anomalies.setThresholds(req);
  }
}
