import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Inject } from '@nestjs/common';
import { AuthUser, CurrentUser, Public } from '../common/auth.decorators';
import { auditContext } from '../audit/audit.service';
import { AccountLinksService } from './account-links.service';
import { AuthService, IssuedSession, publicUser } from './auth.service';
import { clearRefreshCookie, noStore, readCookie, REFRESH_COOKIE, setRefreshCookie } from './cookies';
import { PASSWORD_MIN_LENGTH } from './password-policy';
import { ProConnectService } from './proconnect.service';

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.example.org' })
  @IsString({ message: 'L’adresse électronique est obligatoire.' })
  @MaxLength(254, { message: 'Adresse électronique trop longue.' })
  email: string;

  @ApiProperty({ example: 'demo' })
  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'Le mot de passe actuel est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString({ message: 'Le nouveau mot de passe est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long (200 caractères au plus).' })
  newPassword: string;
}

export class ResetRequestDto {
  @ApiProperty()
  @IsString({ message: 'L’adresse électronique est obligatoire.' })
  @MaxLength(254, { message: 'Adresse électronique trop longue.' })
  email: string;
}

export class ResetConfirmDto {
  @ApiProperty({ description: 'le jeton du lien reçu par courriel' })
  @IsString({ message: 'Le lien est incomplet.' })
  @MaxLength(200, { message: 'Le lien est invalide.' })
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long (200 caractères au plus).' })
  password: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly links: AccountLinksService,
    private readonly proconnect: ProConnectService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private answer(res: Response, s: IssuedSession) {
    noStore(res);
    setRefreshCookie(res, s.refreshToken, s.refreshMaxAgeMs);
    return s.body;
  }

  /** What the login page offers. */
  @Public()
  @Get('config')
  authConfig() {
    return { proconnect: !!this.config.proconnect, passwordMinLength: PASSWORD_MIN_LENGTH, demoMode: this.config.demoMode };
  }

  /** `{accessToken, accessTokenExpiresAt, sessionExpiresAt, user}` and the refresh cookie (HttpOnly, Secure, SameSite=Strict). */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    noStore(res);
    return this.answer(res, await this.auth.login(dto.email.trim(), dto.password, auditContext(req)));
  }

  /** A new access token from the refresh cookie (401 SESSION_EXPIRED when the session is over or revoked). */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    noStore(res);
    try {
      return this.answer(res, await this.auth.refresh(readCookie(req, REFRESH_COOKIE)));
    } catch (err) {
      clearRefreshCookie(res);
      throw err;
    }
  }

  /** Ends this browser's session; `logoutUrl` is ProConnect's end-session page when the session came from there. */
  @Public()
  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    noStore(res);
    const ended = await this.auth.logout(readCookie(req, REFRESH_COOKIE), auditContext(req));
    clearRefreshCookie(res);
    const logoutUrl =
      ended?.method === 'proconnect' && ended.idToken
        ? await this.proconnect.endSessionUrl(ended.idToken, this.proconnect.origin(req))
        : null;
    return { logoutUrl };
  }

  /** Revokes every token and session of the caller (this browser included). */
  @ApiBearerAuth()
  @Post('logout-everywhere')
  @HttpCode(200)
  async logoutEverywhere(@CurrentUser() user: AuthUser, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.revokeAll(user.id, 'logout_everywhere', user, auditContext(req));
    clearRefreshCookie(res);
    return { revoked: true };
  }

  /** Changes the caller's password: every other session is revoked, this one gets new tokens. */
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(200)
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.answer(res, await this.auth.changePassword(user, dto.currentPassword, dto.newPassword, auditContext(req)));
  }

  /** "Mot de passe oublié": always 202 with the same message, whether the address is known or not. */
  @Public()
  @Post('password-reset')
  @HttpCode(202)
  passwordReset(@Body() dto: ResetRequestDto, @Req() req: Request) {
    return this.links.requestReset(dto.email.trim(), auditContext(req));
  }

  /** Sets the password from a reset or invitation link (single use). */
  @Public()
  @Post('password-reset/confirm')
  @HttpCode(200)
  async passwordResetConfirm(@Body() dto: ResetConfirmDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    noStore(res);
    const { email } = await this.links.usePasswordLink(dto.token, dto.password, auditContext(req));
    return { email, message: 'Votre mot de passe est enregistré : connectez-vous avec lui.' };
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return publicUser(user);
  }
}
