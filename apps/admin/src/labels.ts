/**
 * Roles and regions for display, from the one source: the domain lib (@ptce/domain). No business rule lives here:
 * the API decides who may do what.
 */
import { REGIONS as DOMAIN_REGIONS, ROLE_LABELS, ROLES as DOMAIN_ROLES, type Role } from '@ptce/domain';

export { ROLE_LABELS };
export type { Role };

export const ROLES: Role[] = [...DOMAIN_ROLES];

/** Regions by INSEE code, in display order (metropolitan regions, then overseas). */
export const REGIONS: ReadonlyArray<readonly [code: string, name: string]> = DOMAIN_REGIONS.map((r) => [r.code, r.name] as const);

export const REGION_LABELS: Readonly<Record<string, string>> = Object.fromEntries(REGIONS);

export const REGION_CODES: string[] = REGIONS.map(([code]) => code);

export type Choice = { id: string; name: string };

export const ROLE_CHOICES: Choice[] = ROLES.map((id) => ({ id, name: ROLE_LABELS[id] }));

export const REGION_CHOICES: Choice[] = REGIONS.map(([id, name]) => ({ id, name }));

export const roleLabel = (code: string): string => (Object.hasOwn(ROLE_LABELS, code) ? ROLE_LABELS[code as Role] : code);

export const regionLabel = (code: string): string => REGION_LABELS[code] ?? code;
