/**
 * UI labels only (duplicated from the server on purpose, to display codes in French).
 * No business rule lives here: the API decides who may do what.
 */

export const ROLE_LABELS = {
  admin: 'Administrateur',
  instructeur: 'Instructeur (ministère)',
  correspondant_ess: 'Correspondant ESS de l’État en région',
  cress: 'CRESS',
  compagnon: 'PTCE Compagnon',
  expert: 'Expert régional',
  cabinet: 'Cabinet du ministre',
} as const;

export type Role = keyof typeof ROLE_LABELS;

export const ROLES = Object.keys(ROLE_LABELS) as Role[];

/**
 * Regions by INSEE code, in display order (metropolitan regions, then overseas).
 * An array, not an object literal: integer-like keys ("84") would be re-ordered numerically.
 */
export const REGIONS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['84', 'Auvergne-Rhône-Alpes'],
  ['27', 'Bourgogne-Franche-Comté'],
  ['53', 'Bretagne'],
  ['24', 'Centre-Val de Loire'],
  ['94', 'Corse'],
  ['44', 'Grand Est'],
  ['32', 'Hauts-de-France'],
  ['11', 'Île-de-France'],
  ['28', 'Normandie'],
  ['75', 'Nouvelle-Aquitaine'],
  ['76', 'Occitanie'],
  ['52', 'Pays de la Loire'],
  ['93', 'Provence-Alpes-Côte d’Azur'],
  ['01', 'Guadeloupe'],
  ['02', 'Martinique'],
  ['03', 'Guyane'],
  ['04', 'La Réunion'],
  ['06', 'Mayotte'],
];

export const REGION_LABELS: Readonly<Record<string, string>> = Object.fromEntries(REGIONS);

export const REGION_CODES: string[] = REGIONS.map(([code]) => code);

export type Choice = { id: string; name: string };

export const ROLE_CHOICES: Choice[] = ROLES.map((id) => ({ id, name: ROLE_LABELS[id] }));

export const REGION_CHOICES: Choice[] = REGIONS.map(([id, name]) => ({ id, name }));

export const roleLabel = (code: string): string => (ROLE_LABELS as Record<string, string>)[code] ?? code;

export const regionLabel = (code: string): string => REGION_LABELS[code] ?? code;
