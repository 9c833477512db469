// Characterisation of a PTCE for dashboards (seed 003: study on the role of local authorities in PTCE).
export const CHARACTERISATION_OPTIONS = {
  localAuthorities: [
    { code: 'region', label: 'Région' },
    { code: 'departement', label: 'Département' },
    { code: 'intercommunalite', label: 'Intercommunalité' },
    { code: 'commune', label: 'Commune' },
  ],
  stage: [
    { code: 'prefiguration', label: 'Préfiguration' },
    { code: 'amorce', label: 'Amorce' },
    { code: 'developpement', label: 'Développement' },
    { code: 'perennisation', label: 'Pérennisation' },
  ],
  perimeter: [
    { code: 'intercommunalite', label: 'Intercommunalité' },
    { code: 'pays_parc', label: 'Pays / parc naturel régional' },
    { code: 'departement', label: 'Département' },
    { code: 'region', label: 'Région' },
  ],
  setting: [
    { code: 'urbain', label: 'Urbain' },
    { code: 'peri_urbain', label: 'Péri-urbain' },
    { code: 'rural', label: 'Rural' },
  ],
  memberKinds: [
    { code: 'structures_ess', label: 'Structures de l’ESS' },
    { code: 'entreprises', label: 'Entreprises classiques' },
    { code: 'collectivites', label: 'Collectivités locales' },
    { code: 'recherche', label: 'Recherche' },
    { code: 'formation', label: 'Formation' },
    // Seed 003 counts "institutions" among the kinds of members (issue 15).
    { code: 'institutions', label: 'Institutions' },
  ],
  sector: [
    { code: 'environnement', label: 'Environnement' },
    { code: 'social', label: 'Social' },
    { code: 'culture', label: 'Culture' },
    { code: 'services', label: 'Services' },
    { code: 'industrie', label: 'Industrie' },
  ],
  fragileTerritory: [
    { code: 'qpv', label: 'Quartier prioritaire de la politique de la ville (QPV)' },
    { code: 'zrr', label: 'Zone de revitalisation rurale (ZRR)' },
    { code: 'bassin_desindustrialise', label: 'Bassin d’emploi désindustrialisé' },
    // Seed 001: "Territoires fragiles (quartiers prioritaires de la politique de la ville, zones de revitalisation
    // rurale, bassins d'emploi désindustrialisés) ou propices à la coopération".
    { code: 'propice_cooperation', label: 'Territoire propice à la coopération' },
    { code: 'aucun', label: 'Aucun' },
  ],
  // Seed 003 (characterisation criteria): "services mobilisés" — économie, ESS, emploi-insertion, sectorielle.
  servicesMobilises: [
    { code: 'economie', label: 'Économie' },
    { code: 'ess', label: 'ESS' },
    { code: 'emploi_insertion', label: 'Emploi-insertion' },
    { code: 'sectorielle', label: 'Sectorielle' },
  ],
  // Seed 003: "nature d'activité" — production de biens et services, formation, gestion des compétences.
  activityNature: [
    { code: 'production_biens_services', label: 'Production de biens et services' },
    { code: 'formation', label: 'Formation' },
    { code: 'gestion_competences', label: 'Gestion des compétences' },
  ],
} as const;

export type CharacterisationKey = keyof typeof CHARACTERISATION_OPTIONS | 'size';
const MULTI = new Set(['localAuthorities', 'memberKinds', 'sector', 'fragileTerritory', 'servicesMobilises', 'activityNature']);

export interface Characterisation {
  localAuthorities?: string[];
  stage?: string | null;
  perimeter?: string | null;
  setting?: string | null;
  size?: number | null;
  memberKinds?: string[];
  sector?: string[];
  fragileTerritory?: string[];
  servicesMobilises?: string[];
  activityNature?: string[];
}

/** Label of a characterisation code in the given field, or the code itself. */
export function characterisationLabel(field: keyof typeof CHARACTERISATION_OPTIONS, code: string): string {
  return (CHARACTERISATION_OPTIONS[field] as readonly { code: string; label: string }[]).find((o) => o.code === code)?.label ?? code;
}

/** French error per wrong field; an absent field is fine (characterisation is filled progressively). */
export function validateCharacterisation(input: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (input === null || input === undefined) return errors;
  if (typeof input !== 'object' || Array.isArray(input)) return { characterisation: 'La caractérisation doit être un objet.' };
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const field = `characterisation.${key}`;
    if (key === 'size') {
      if (value !== null && (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 100000))
        errors[field] = 'Le nombre de membres doit être un entier positif.';
      continue;
    }
    // Own keys only: "constructor" or "toString" must be unknown fields, not inherited functions.
    const options = Object.hasOwn(CHARACTERISATION_OPTIONS, key)
      ? (CHARACTERISATION_OPTIONS as Record<string, readonly { code: string }[]>)[key]
      : undefined;
    if (!options) {
      errors[field] = 'Champ de caractérisation inconnu.';
      continue;
    }
    const codes = options.map((o) => o.code);
    if (MULTI.has(key)) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && codes.includes(v)))
        errors[field] = `Valeurs autorisées : ${codes.join(', ')}.`;
      else if (new Set(value).size !== value.length) errors[field] = 'Une même valeur est cochée deux fois.';
    } else if (value !== null && (typeof value !== 'string' || !codes.includes(value))) {
      errors[field] = `Valeur autorisée : ${codes.join(', ')}.`;
    }
  }
  return errors;
}
