import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApprovalView } from '@mi/contracts';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { InstitutionCode } from '@mi/domain';
import { ParsedBy } from '@mi/contracts';
import type { PortalActor } from '@mi/platform';
import { type AuthenticatedRequest, Roles } from '../identity/auth.guard';
import { UserIdParam } from '../identity/identity.dto';
import type { HisClientAlgorithm, HisSignatureMode } from './his-client.entity';
import { HisClientsService, type HisClientSecret, type HisClientView } from './his-clients.service';

export class CreateHisClientRequest {
  @ParsedBy((v) => InstitutionCode.parse(v, 'institutionCode'))
  institutionCode: string;

  @IsIn(['compatible', 'strong'])
  mode: HisSignatureMode;

  @IsOptional()
  @IsIn(['HMAC-SHA256', 'HMAC-SM3'])
  algorithm?: HisClientAlgorithm;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  ratePerMinute?: number;
}

export class SetHisModeRequest {
  @IsIn(['compatible', 'strong'])
  mode: HisSignatureMode;

  @IsOptional()
  @IsIn(['HMAC-SHA256', 'HMAC-SM3'])
  algorithm?: HisClientAlgorithm;

  /** Required when relaxing to `compatible` (it needs a second officer's approval). */
  @IsOptional()
  @IsString()
  @Length(4, 500)
  reason?: string;
}

/** `/api/v1/his-clients` — HIS credentials of designated institutions (secrets shown once). */
@ApiTags('his-clients')
@ApiBearerAuth()
@Controller('api/v1/his-clients')
export class HisClientsController {
  constructor(private readonly clients: HisClientsService) {}

  @Roles('province-admin', 'city-officer')
  @Post()
  create(@Body() body: CreateHisClientRequest, @Req() req: AuthenticatedRequest): Promise<HisClientSecret> {
    return this.clients.create(req.actor as PortalActor, body);
  }

  @Roles('province-admin', 'city-officer', 'auditor', 'system-operator')
  @Get()
  list(@Req() req: AuthenticatedRequest): Promise<HisClientView[]> {
    return this.clients.list(req.actor as PortalActor);
  }

  @Roles('province-admin', 'city-officer')
  @Post(':id/rotate')
  @HttpCode(200)
  rotate(@Param() p: UserIdParam, @Req() req: AuthenticatedRequest): Promise<HisClientSecret> {
    return this.clients.rotate(req.actor as PortalActor, p.id);
  }

  @Roles('province-admin', 'city-officer')
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Param() p: UserIdParam, @Req() req: AuthenticatedRequest): Promise<HisClientView> {
    return this.clients.revoke(req.actor as PortalActor, p.id);
  }

  /** 200 with the credential when applied; 202 with the approval when it awaits a second officer. */
  @Roles('province-admin', 'city-officer')
  @Post(':id/mode')
  async setMode(
    @Param() p: UserIdParam,
    @Body() body: SetHisModeRequest,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<HisClientView | ApprovalView> {
    const out = await this.clients.setMode(req.actor as PortalActor, p.id, body.mode, body.algorithm, body.reason);
    if ('proposed' in out) {
      void res.status(202);
      return out.proposed;
    }
    void res.status(200);
    return out.applied;
  }
}
