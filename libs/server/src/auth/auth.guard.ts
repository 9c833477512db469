import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/app-error';
import { IS_PUBLIC, ROLES_KEY } from '../common/auth.decorators';
import type { Role } from '@ptce/domain';
import { AuthService } from './auth.service';

/** Global guard: every route needs a valid token unless marked @Public(); @Roles() narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    // Whatever a signed-in caller reads may be personal data: no browser or proxy keeps a copy.
    ctx.switchToHttp().getResponse()?.setHeader?.('Cache-Control', 'no-store');
    const header: string | undefined = req.headers?.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const user = token ? await this.auth.userForToken(token) : null;
    if (!user) throw new AppError(401, 'UNAUTHENTICATED', 'Authentification requise : connectez-vous.');
    req.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.some((r) => user.roles.includes(r))) throw AppError.forbidden();
    return true;
  }
}
