import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import {
  type ApprovalView,
  CATALOGUE_IMPORT_MAX_BYTES,
  type CodingTableImportReport,
  ImportCatalogueRequest,
  ImportCodingTableRequest,
  type ImportReport,
  KbSubjects,
  ListRuleSetsRequest,
  ListRulesRequest,
  ProposeRuleSetRequest,
  RuleSetInForceRequest,
  type RuleSetView,
  type RuleVersionView,
} from '@mi/contracts';
import { DomainError } from '@mi/domain';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';
import { KbAlertsController } from './kb-alerts.controller';

export class RuleDraftBody {
  /** The rule in the @mi/rules JSON DSL (see libs/rules/README.md). */
  @IsObject()
  definition: Record<string, unknown>;
}

/**
 * `/api/v1/kb` — knowledge base and rule base (monitoring-kb-service): catalogue and coding table imports, rule
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

  /**
   * A catalogue file, CSV (`csv`: the text) or Excel (`xlsx`: the .xlsx as base64), read by
   * monitoring-kb-service with one parser. The request travels in one NATS message: a larger one is
   * refused here, naming the limit, instead of failing in transit.
   */
  @Roles('province-admin', 'city-officer')
  @Post('catalogue/import')
  @ApiOperation({ summary: 'import a catalogue file (CSV text or XLSX as base64; the national layout), all or nothing; 400 lists the rejected rows' })
  importCatalogue(@Body() body: ImportCatalogueRequest): Promise<ImportReport> {
    refuseOversized(body, 'split the catalogue into several files');
    // Thousands of rows are validated and written in one transaction: more than the default 5 s.
    return this.nats.request(KbSubjects.importCatalogue, body, { timeoutMs: 30_000 });
  }

  /**
   * A coding table the rules read — `kind` `diagnosisCodes` (ICD-10 医保版 诊断编码), `operations`
   * (ICD-9-CM-3 手术操作与性别) or `diseaseLists` (限定病种目录) — as CSV or XLSX like the catalogue
   * import (layouts: docs/operations.md). The file is the whole table: it replaces the region's
   * table of that kind from `validFrom`, so it cannot be split.
   */
  @Roles('province-admin', 'city-officer')
  @Post('coding-tables/import')
  @ApiOperation({
    summary:
      'import a coding table (diagnosisCodes, operations or diseaseLists; CSV text or XLSX as base64) replacing the region’s from validFrom, all or nothing; 400 lists the rejected rows',
  })
  importCodingTable(@Body() body: ImportCodingTableRequest): Promise<CodingTableImportReport> {
    refuseOversized(body, 'a table is imported whole, from one file');
    return this.nats.request(KbSubjects.importCodingTable, body, { timeoutMs: 30_000 });
  }
}

/**
 * An import request travels in one NATS message: a larger one is refused with a 400 naming the
 * limit (and `advice`) before it is sent, instead of failing in transit.
 */
function refuseOversized(body: { fileName: string; xlsx?: string }, advice: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(body));
  if (bytes <= CATALOGUE_IMPORT_MAX_BYTES) return;
  const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
  const reason =
    body.xlsx !== undefined
      ? `is too large for one import: an XLSX file of at most about ${kb((CATALOGUE_IMPORT_MAX_BYTES * 3) / 4)} (this one is ${kb((body.xlsx.length * 3) / 4)}); ${advice}`
      : `is too large for one import: a CSV file of at most ${kb(CATALOGUE_IMPORT_MAX_BYTES)} (this one is ${kb(bytes)}); ${advice}`;
  throw new DomainError('VALIDATION', `${body.fileName} ${reason}`, { field: 'file', reason });
}

@Module({ controllers: [KbController, KbAlertsController] })
export class KbHttpModule {}
