import { ArrayMinSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { Admdvs, Role } from '@mi/domain';
import { ParsedBy } from '@mi/contracts';

export class LoginRequest {
  @IsString()
  @Length(1, 64)
  username: string;

  @IsString()
  @Length(1, 256)
  password: string;
}

export class RefreshRequest {
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class ChangePasswordRequest {
  @IsString()
  @Length(1, 256)
  oldPassword: string;

  @IsString()
  @Length(1, 256)
  newPassword: string;
}

export class CreateUserRequest {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, { message: 'username: 3–64 letters, digits, . _ -' })
  username: string;

  @IsString()
  @Length(1, 100)
  displayName: string;

  @IsArray()
  @ArrayMinSize(1)
  @IsIn(Role.codes, { each: true, message: `roles: each must be one of ${Role.codes.join(', ')}` })
  roles: Role[];

  /** Region the user works in (province, city or county admdvs). */
  @ParsedBy((v) => Admdvs.parse(v, 'scope'))
  scope: string;

  /** Initial password; the user must change it at first login. */
  @IsString()
  @Length(1, 256)
  password: string;
}

export class UserIdParam {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'id must be a UUID' })
  id: string;
}
