import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import {
  type ApprovalView,
  ImportCatalogueRequest,
  type ImportReport,
  KbSubjects,
  ListRuleSetsRequest,
  ListRulesRequest,
  ProposeRuleSetRequest,
  RuleSetInForceRequest,
  type RuleSetView,
  type RuleVersionView,
} from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { KbAlertsController } from './kb-alerts.controller';

export class RuleDraftBody {
  /** The rule in the @mi/rules JSON DSL (see libs/rules/README.md). */
  @IsObject()
  definition: Record<string, unknown>;
}

/**
 * `/api/v1/kb` — knowledge base and rule base (monitoring-kb-service): catalogue imports, rule
 * drafts validated on save, rule sets proposed for publishing (approved in /api/v1/approvals/kb),
 * the set in force on a date with the city's overrides.
 */
@ApiTags('knowledge & rules')
@ApiBearerAuth()
@Controller('api/v1/kb')
export class KbController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get('rule-sets/in-force')
  inForce(@Query() q: RuleSetInForceRequest): Promise<RuleSetView> {
    return this.nats.request(KbSubjects.ruleSetInForce, q);
  }

  @Get('rule-sets/:region')
  ruleSets(@Param() p: ListRuleSetsRequest): Promise<Omit<RuleSetView, 'rules'>[]> {
    return this.nats.request(KbSubjects.listRuleSets, p);
  }

  @Roles('province-admin', 'city-officer')
  @Post('rule-sets')
  propose(@Body() body: ProposeRuleSetRequest): Promise<ApprovalView> {
    return this.nats.request(KbSubjects.proposeRuleSet, body);
  }

  @Get('rules/:region')
  rules(@Param('region') region: string, @Query() q: Omit<ListRulesRequest, 'region'> & { status?: 'DRAFT' | 'PUBLISHED' }): Promise<RuleVersionView[]> {
    return this.nats.request(KbSubjects.listRules, { region, ...(q.status ? { status: q.status } : {}) });
  }

  @Roles('province-admin', 'city-officer')
  @Post('rules/:region/drafts')
  saveDraft(@Param('region') region: string, @Body() body: RuleDraftBody): Promise<RuleVersionView> {
    return this.nats.request(KbSubjects.saveRuleDraft, { region, definition: body.definition });
  }

  @Roles('province-admin', 'city-officer')
  @Post('catalogue/import')
  importCatalogue(@Body() body: ImportCatalogueRequest): Promise<ImportReport> {
    return this.nats.request(KbSubjects.importCatalogue, body);
  }
}

@Module({ controllers: [KbController, KbAlertsController] })
export class KbHttpModule {}
