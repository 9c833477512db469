/**
 * The written sections of a dossier. Keys are the ones stored in `dossier.sections`; labels are the DS champ labels
 * (seed 001), which the import mapping also recognises.
 */
export const MANDATORY_SECTIONS = [
  'descriptionStructure',
  'objectifs',
  'acteurs',
  'gouvernance',
  'perimetre',
  'financement',
  'actions',
  'indicateurs',
  'impact',
] as const;

export const OPTIONAL_SECTIONS = ['planActions3ans', 'implicationMembres', 'coordinationDispositifs'] as const;

export const SECTION_KEYS = [...MANDATORY_SECTIONS, ...OPTIONAL_SECTIONS] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export type MandatorySection = (typeof MANDATORY_SECTIONS)[number];

export const SECTION_LABELS: Record<SectionKey, string> = {
  descriptionStructure: 'Description de la structure porteuse',
  objectifs: 'Objectifs et vision stratégique du PTCE',
  acteurs: 'Acteurs impliqués',
  gouvernance: 'Mode de gouvernance',
  perimetre: 'Périmètre géographique et ancrage territorial',
  financement: 'Financement prévisionnel',
  actions: 'Actions engagées ou envisagées',
  indicateurs: 'Indicateurs de suivi et d’évaluation',
  impact: 'Impact durable sur le territoire',
  planActions3ans: 'Plan d’actions prévisionnel sur 3 ans',
  implicationMembres: 'Implication des membres',
  coordinationDispositifs: 'Coordination avec d’autres dispositifs',
};

export function isSectionKey(x: unknown): x is SectionKey {
  return typeof x === 'string' && (SECTION_KEYS as readonly string[]).includes(x);
}
