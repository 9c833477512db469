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
  avis: ['instructeur', 'cabinet', 'admin', 'correspondant_ess', 'cress', 'compagnon', 'expert'],
  'dev-mails': ['admin', 'instructeur'],
  imports: ['admin', 'instructeur'],
  notifications: ['instructeur', 'admin', 'cabinet'],
  'email-templates': ['admin'],
  'audit-events': ['admin'],
  selection: ['cabinet', 'instructeur', 'admin'],
  services: ['cabinet', 'instructeur', 'admin'],
  'service-allocations': ['cabinet', 'instructeur', 'admin'],
};

/**
 * Screens of a resource restricted further than its list (`<resource>.<action>`, react-admin's action names:
 * create, edit...). Hides the buttons and routes the API would refuse anyway.
 */
export const ACTION_ROLES: Readonly<Record<string, readonly Role[]>> = {
  'campaigns.create': ['admin'],
  'campaigns.edit': ['admin'],
  'dossiers.create': ['instructeur', 'admin'],
  'dossiers.edit': ['instructeur', 'admin'],
  // the avis form (/avis/:id) is for the assigned reviewer; staff read avis at /avis/:id/show
  'avis.edit': ['correspondant_ess', 'cress', 'compagnon', 'expert'],
  'services.create': ['instructeur', 'admin'],
  'services.edit': ['instructeur', 'admin'],
  'service-allocations.edit': ['instructeur'],
};

const hasOneOf = (roles: readonly string[] | undefined, allowed: readonly Role[]) =>
  (roles ?? []).some((role) => (allowed as readonly string[]).includes(role));

export function canSee(resource: string, roles: readonly string[] | undefined, action?: string): boolean {
  const allowed = RESOURCE_ROLES[resource];
  if (allowed && !hasOneOf(roles, allowed)) return false;
  const forAction = action ? ACTION_ROLES[`${resource}.${action}`] : undefined;
  return !forAction || hasOneOf(roles, forAction);
}
