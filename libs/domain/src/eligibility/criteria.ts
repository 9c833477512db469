/** The eligibility criteria of the AMI (seed 001), as data; the checklist has one line per applicable criterion. */
export const ELIGIBILITY_CRITERION_CODES = [
  'forme_juridique',
  'statuts',
  'gouvernance_democratique',
  'composition_partenariat',
  'dossier_complet',
  'depot_dans_les_delais',
  'invitation_phase2',
] as const;
export type EligibilityCriterionCode = (typeof ELIGIBILITY_CRITERION_CODES)[number];

export interface EligibilityCriterion {
  code: EligibilityCriterionCode;
  label: string;
  description: string;
  /** Phases the criterion applies to. */
  phases: readonly (1 | 2)[];
}

export const ELIGIBILITY_CRITERIA: readonly EligibilityCriterion[] = [
  {
    code: 'forme_juridique',
    label: 'Forme juridique de la structure porteuse',
    description:
      'Personne morale de droit privé constituée en association, en coopérative (SCOP, SCIC, CAE, autre coopérative) ' +
      'ou en société commerciale titulaire de l’agrément ESUS.',
    phases: [1, 2],
  },
  {
    code: 'statuts',
    label: 'Statuts de la structure porteuse',
    description: 'Les statuts de la structure porteuse sont joints au dossier.',
    phases: [1, 2],
  },
  {
    code: 'gouvernance_democratique',
    label: 'Gouvernance démocratique',
    description: 'La gouvernance du PTCE est démocratique et associe activement ses parties prenantes.',
    phases: [1, 2],
  },
  {
    // Seed 001 ("Description des acteurs impliqués"): "Etre un regroupement sur un même territoire de réseaux,
    // entreprises et structures de l'ESS associés à des entreprises industrielles et commerciales et, le cas échéant,
    // des collectivités locales, des centres de recherche et organismes de formation".
    code: 'composition_partenariat',
    label: 'Composition du partenariat',
    description:
      'Le PTCE regroupe au moins une structure de l’ESS et une entreprise industrielle ou commerciale ; les ' +
      'collectivités locales, centres de recherche et organismes de formation le rejoignent le cas échéant.',
    phases: [1, 2],
  },
  {
    code: 'dossier_complet',
    label: 'Dossier complet',
    description:
      'Nom du projet, région, personne référente (nom, courriel, téléphone) et toutes les rubriques obligatoires ' +
      'du dossier de candidature sont renseignés.',
    phases: [1, 2],
  },
  {
    code: 'depot_dans_les_delais',
    label: 'Dépôt dans les délais',
    description: 'Le dossier a été déposé avant la date limite de dépôt de la phase.',
    phases: [1, 2],
  },
  {
    code: 'invitation_phase2',
    label: 'Invitation en phase 2',
    description: 'La structure a été invitée à candidater en phase 2 à l’issue de la phase 1.',
    phases: [2],
  },
];

export function criteriaForPhase(phase: 1 | 2): EligibilityCriterion[] {
  return ELIGIBILITY_CRITERIA.filter((c) => c.phases.includes(phase));
}

export function isEligibilityCriterionCode(x: unknown): x is EligibilityCriterionCode {
  return typeof x === 'string' && (ELIGIBILITY_CRITERION_CODES as readonly string[]).includes(x);
}
