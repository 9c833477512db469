import type { Role } from './labels';

/**
 * Which roles see which menu entry / screen. UI comfort only: the API checks every request
 * (and answers 404 for what the caller may not see). A resource that is not listed here is
 * shown to every signed-in user; the API then scopes what they get.
 *
 * Adding a restricted resource: one line here, one `<Resource>` line in App.tsx.
 */
export const RESOURCE_ROLES: Readonly<Record<string, readonly Role[]>> = {
  users: ['admin'],
  'dev-mails': ['admin', 'instructeur'],
};

export function canSee(resource: string, roles: readonly string[] | undefined): boolean {
  const allowed = RESOURCE_ROLES[resource];
  if (!allowed) return true;
  return (roles ?? []).some((role) => (allowed as readonly string[]).includes(role));
}
