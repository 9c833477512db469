/** Staff roles of the back-office (the porteur has no login, hence no role). */
export const ROLES = ['admin', 'instructeur', 'correspondant_ess', 'cress', 'compagnon', 'expert', 'cabinet'] as const;
export type Role = (typeof ROLES)[number];

/** Reviewers who see the dossiers of their own region(s). */
export const REGIONAL_ROLES = ['correspondant_ess', 'cress'] as const satisfies readonly Role[];
/** Reviewers who see only the dossiers assigned to them, whatever the region. */
export const ASSIGNED_ROLES = ['compagnon', 'expert'] as const satisfies readonly Role[];
/** Reviewer roles: those that write an avis. */
export const REVIEWER_ROLES = [...REGIONAL_ROLES, ...ASSIGNED_ROLES] as const;
export const STAFF_ROLES: readonly Role[] = ROLES;

export type RegionalRole = (typeof REGIONAL_ROLES)[number];
export type AssignedRole = (typeof ASSIGNED_ROLES)[number];
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  instructeur: 'Instructeur (ministère)',
  correspondant_ess: 'Correspondant ESS de l’État en région',
  cress: 'CRESS',
  compagnon: 'PTCE Compagnon',
  expert: 'Expert régional',
  cabinet: 'Cabinet du ministre',
};

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}
export function isRegionalRole(x: unknown): x is RegionalRole {
  return typeof x === 'string' && (REGIONAL_ROLES as readonly string[]).includes(x);
}
export function isAssignedRole(x: unknown): x is AssignedRole {
  return typeof x === 'string' && (ASSIGNED_ROLES as readonly string[]).includes(x);
}
export function isReviewerRole(x: unknown): x is ReviewerRole {
  return isRegionalRole(x) || isAssignedRole(x);
}
