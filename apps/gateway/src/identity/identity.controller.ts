import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PortalActor } from '@mi/platform';
import { AllowedBeforePasswordChange, type AuthenticatedRequest, Public, Roles } from './auth.guard';
import { ChangePasswordRequest, CreateUserRequest, LoginRequest, RefreshRequest, UserIdParam } from './identity.dto';
import { IdentityService, type TokenPair, type UserView } from './identity.service';

function actorOf(req: AuthenticatedRequest): PortalActor {
  return req.actor as PortalActor;
}

function metaOf(req: AuthenticatedRequest): { ip?: string; userAgent?: string } {
  return { ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined };
}

/** `/api/v1/auth` — portal login, token refresh (rotating), logout, current user. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginRequest, @Req() req: AuthenticatedRequest): Promise<TokenPair> {
    return this.identity.login(body.username, body.password, metaOf(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshRequest, @Req() req: AuthenticatedRequest): Promise<TokenPair> {
    return this.identity.refresh(body.refreshToken, metaOf(req));
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: AuthenticatedRequest): Promise<void> {
    await this.identity.logout(actorOf(req));
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Get('me')
  me(@Req() req: AuthenticatedRequest): Promise<UserView> {
    return this.identity.me(actorOf(req));
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('change-password')
  @HttpCode(204)
  async changePassword(@Body() body: ChangePasswordRequest, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.identity.changePassword(actorOf(req), body.oldPassword, body.newPassword);
  }
}

/** `/api/v1/users` — user administration (province administrators, within their region). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly identity: IdentityService) {}

  @Roles('province-admin')
  @Post()
  create(@Body() body: CreateUserRequest, @Req() req: AuthenticatedRequest): Promise<UserView> {
    return this.identity.createUser(actorOf(req), body);
  }

  @Roles('province-admin', 'auditor', 'system-operator')
  @Get()
  list(@Req() req: AuthenticatedRequest): Promise<UserView[]> {
    return this.identity.listUsers(actorOf(req));
  }

  @Roles('province-admin')
  @Post(':id/disable')
  @HttpCode(200)
  disable(@Param() p: UserIdParam, @Req() req: AuthenticatedRequest): Promise<UserView> {
    return this.identity.setStatus(actorOf(req), p.id, 'disable');
  }

  @Roles('province-admin')
  @Post(':id/enable')
  @HttpCode(200)
  enable(@Param() p: UserIdParam, @Req() req: AuthenticatedRequest): Promise<UserView> {
    return this.identity.setStatus(actorOf(req), p.id, 'enable');
  }

  @Roles('province-admin')
  @Post(':id/unlock')
  @HttpCode(200)
  unlock(@Param() p: UserIdParam, @Req() req: AuthenticatedRequest): Promise<UserView> {
    return this.identity.setStatus(actorOf(req), p.id, 'unlock');
  }
}
