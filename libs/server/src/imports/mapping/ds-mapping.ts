/**
 * The per-campaign mapping from DS champ labels (or DS export column headers) to the dossier's fields. Labels are
 * compared through normaliseLabel (no case, accents, punctuation or spacing), so "Date de l'agrément ESUS" and
 * "Date de l’agrément ESUS" are the same champ. Stored in `campaign.ds_mapping` as `{version: 1, fields}`; a
 * target left out keeps its default label, a target set to null is not imported.
 */
import { normaliseLabel, SECTION_KEYS, SECTION_LABELS, SectionKey } from '@ptce/domain';

export type TargetType = 'text' | 'region' | 'boolean' | 'date' | 'list' | 'euros' | 'files';

export interface MappingTarget {
  key: string;
  /** What the target is, in French (for the mapping screen). */
  description: string;
  defaultLabel: string;
  type: TargetType;
  /** A required target cannot be unmapped. */
  required: boolean;
  /** Only read in this phase (absent: both). */
  phase?: 1 | 2;
}

export const MAPPING_TARGETS: readonly MappingTarget[] = [
  { key: 'projectName', description: 'Nom du projet', defaultLabel: 'Nom du projet', type: 'text', required: true },
  { key: 'region', description: 'Région du projet', defaultLabel: 'Région', type: 'region', required: true },
  {
    key: 'referentName',
    description: 'Nom de la personne référente',
    defaultLabel: 'Nom de la personne référente',
    type: 'text',
    required: false,
  },
  {
    key: 'referentEmail',
    description: 'Courriel de la personne référente',
    defaultLabel: 'Courriel de la personne référente',
    type: 'text',
    required: false,
  },
  {
    key: 'referentPhone',
    description: 'Téléphone de la personne référente',
    defaultLabel: 'Téléphone de la personne référente',
    type: 'text',
    required: false,
  },
  {
    key: 'statuts',
    description: 'Statuts de la structure porteuse (fichier)',
    defaultLabel: 'Statuts de la structure porteuse',
    type: 'files',
    required: false,
  },
  { key: 'esus', description: 'Agrément ESUS (oui / non)', defaultLabel: 'Agrément ESUS', type: 'boolean', required: false },
  { key: 'esusDate', description: 'Date de l’agrément ESUS', defaultLabel: "Date de l'agrément ESUS", type: 'date', required: false },
  {
    key: 'fragileTerritory',
    description: 'Territoire fragile (QPV, ZRR, bassin désindustrialisé, aucun)',
    defaultLabel: 'Territoire fragile',
    type: 'list',
    required: false,
  },
  {
    key: 'amountRequested',
    description: 'Montant demandé, en euros (phase 2)',
    defaultLabel: 'Montant demandé',
    type: 'euros',
    required: false,
    phase: 2,
  },
  ...SECTION_KEYS.map((k) => ({
    key: `sections.${k}`,
    description: `Section : ${SECTION_LABELS[k]}`,
    defaultLabel: SECTION_LABELS[k],
    type: 'text' as const,
    required: false,
  })),
];

export const MAPPING_TARGET_KEYS: readonly string[] = MAPPING_TARGETS.map((t) => t.key);

/** Target key → DS label (null: not imported). */
export type MappingFields = Record<string, string | null>;

export interface StoredDsMapping {
  version: 1;
  fields: MappingFields;
}

export function defaultMappingFields(): MappingFields {
  return Object.fromEntries(MAPPING_TARGETS.map((t) => [t.key, t.defaultLabel]));
}

/** The effective mapping of a campaign: the defaults, overridden by what the admin saved. */
export function effectiveMapping(stored: unknown): MappingFields {
  const fields = defaultMappingFields();
  const saved = (stored as Partial<StoredDsMapping> | null)?.fields;
  if (saved && typeof saved === 'object') {
    for (const [k, v] of Object.entries(saved)) {
      if (Object.hasOwn(fields, k) && (v === null || typeof v === 'string')) fields[k] = v === null ? null : v.trim() || null;
    }
  }
  return fields;
}

/** French problems per field of a mapping the admin sends; empty when it can be saved. */
export function validateMappingFields(input: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!input || typeof input !== 'object' || Array.isArray(input))
    return { fields: 'La correspondance doit être un objet {cible: libellé}.' };
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    const target = MAPPING_TARGETS.find((t) => t.key === k);
    if (!target) {
      errors[`fields.${k}`] = 'Cible inconnue.';
    } else if (v === null || (typeof v === 'string' && v.trim() === '')) {
      if (target.required) errors[`fields.${k}`] = `Le champ « ${target.description} » est obligatoire : indiquez son libellé sur DS.`;
    } else if (typeof v !== 'string') {
      errors[`fields.${k}`] = 'Le libellé doit être un texte.';
    } else if (v.trim().length > 300) {
      errors[`fields.${k}`] = 'Libellé trop long (300 caractères au plus).';
    } else if (!normaliseLabel(v)) {
      errors[`fields.${k}`] = 'Libellé sans lettre ni chiffre.';
    }
  }
  return errors;
}

/** What is saved: only the targets that differ from the default (so later default changes still apply). */
export function toStoredMapping(fields: MappingFields): StoredDsMapping {
  const defaults = defaultMappingFields();
  const out: MappingFields = {};
  for (const [k, v] of Object.entries(fields)) {
    const value = v === null ? null : v.trim() || null;
    if (value !== defaults[k]) out[k] = value;
  }
  return { version: 1, fields: out };
}

export function isSectionTarget(key: string): key is `sections.${SectionKey}` {
  return key.startsWith('sections.');
}
