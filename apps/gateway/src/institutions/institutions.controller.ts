import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { GetInstitutionRequest, type InstitutionView, RegisterInstitutionRequest, Subjects } from '@mi/contracts';
import { MiNatsClient } from '@mi/platform';

/** `/api/v1/institutions` — the institution registry (agreement-service). */
@Controller('api/v1/institutions')
export class InstitutionsController {
  constructor(private readonly nats: MiNatsClient) {}

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
