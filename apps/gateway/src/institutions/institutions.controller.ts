import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AgreementSubjects,
  GetInstitutionRequest,
  INSTITUTION_STATUSES,
  type InstitutionListItem,
  type InstitutionView,
  ListInstitutionsRequest,
  type Page,
  RegisterInstitutionRequest,
  Subjects,
} from '@mi/contracts';
import { InstitutionType } from '@mi/domain';
import { MiNatsClient } from '@mi/platform';
import { Roles } from '../identity/auth.guard';

/** `/api/v1/institutions` — the institution registry (agreement-service). */
@ApiTags('institutions')
@ApiBearerAuth()
@Controller('api/v1/institutions')
export class InstitutionsController {
  constructor(private readonly nats: MiNatsClient) {}

  @Get()
  @Roles('province-admin', 'city-officer', 'county-officer', 'reviewer', 'auditor')
  @ApiOperation({
    summary: 'Institutions in the caller’s region by code, paginated; filterable by type, level, region, designation status and licence expiring before a day',
  })
  @ApiQuery({ name: 'type', required: false, enum: InstitutionType.codes })
  @ApiQuery({ name: 'level', required: false, description: 'level code, e.g. 3A, 2, 0' })
  @ApiQuery({ name: 'admdvs', required: false, description: 'province, city or county code: institutions registered inside it' })
  @ApiQuery({ name: 'status', required: false, enum: INSTITUTION_STATUSES, description: 'designation status (of the agreement in force)' })
  @ApiQuery({ name: 'licenceExpiringBefore', required: false, description: 'YYYY-MM-DD: only those with a licence expiring before it' })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'offset', required: false })
  list(@Query() q: ListInstitutionsRequest): Promise<Page<InstitutionListItem>> {
    return this.nats.request(AgreementSubjects.listInstitutions, q);
  }

  @Post()
  @HttpCode(201)
  register(@Body() body: RegisterInstitutionRequest): Promise<InstitutionView> {
    return this.nats.request<InstitutionView>(Subjects.agreement.registerInstitution, body);
  }

  @Get(':code')
  get(@Param() params: GetInstitutionRequest): Promise<InstitutionView> {
    return this.nats.request<InstitutionView>(Subjects.agreement.getInstitution, { code: params.code });
  }
}
