import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@ptce/domain';

export const IS_PUBLIC = 'isPublic';
export const ROLES_KEY = 'roles';

/** A route anybody may call. Every other route needs a valid token (deny by default). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Restricts a route to these roles (any of them). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthUser {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  regions: string[];
  organisationSiret: string | null;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
