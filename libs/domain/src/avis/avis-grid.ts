/**
 * The avis grid as data.
 *
 * Entries, "questions à se poser" and "exemples / précisions" come from the CAP PTCE grid (Institut Godin, 2021 —
 * seeds/000). Where CAP PTCE gives a single question for an entry, the extra guidance questions are taken from the
 * AMI's own dossier headings (seeds/001: "Dossier de candidature") or from the Institut Godin analysis of PTCE
 * (seeds/002: implication des parties prenantes, gouvernance et formalisation); they are never invented.
 *
 * Maturity levels and the 6 maturity markers, typology and action logics: seeds/002 ("Typologie PTCE",
 * "Logiques d'action", "Maturité des PTCE").
 *
 * Phase 2 adds one entry, `montant_demande`: phase 2 grants a specific financial support of the State (seeds/001:
 * "Apporter un soutien financier pour l'animation des coopérations") and the dossier carries a "Montant demandé", so the
 * reviewers also say whether that amount is consistent with the budget and the action plan.
 */

export type AvisPhase = 1 | 2;

export const AVIS_ENTRY_CODES = [
  'structure_porteuse',
  'objectifs_vision',
  'acteurs_impliques',
  'gouvernance',
  'perimetre_ancrage',
  'plan_actions',
  'implication_membres',
  // Was `mise_en_reseau`, which also named an action logic (issue 15); the entry is the articulation with other
  // schemes and public policies, the action logic keeps `mise_en_reseau` (seed 002, "Interconnaissance et mise en réseau").
  'articulation_dispositifs',
  'financement',
] as const;
export type AvisBaseEntryCode = (typeof AVIS_ENTRY_CODES)[number];

/** Entry added to the grid in phase 2 only. */
export const AVIS_PHASE2_ENTRY_CODE = 'montant_demande' as const;
export type AvisEntryCode = AvisBaseEntryCode | typeof AVIS_PHASE2_ENTRY_CODE;

export interface AvisGridEntry {
  code: AvisEntryCode;
  label: string;
  questions: string[];
  examples: string[];
  /** The AMI's own assessment criteria under this entry (seed 001, "Dossier de candidature"), when it states some. */
  amiCriteria?: string[];
}

export const AVIS_GRID_ENTRIES: readonly AvisGridEntry[] = [
  {
    code: 'structure_porteuse',
    label: 'Structure porteuse du projet',
    questions: [
      "Quel est le degré d'expérience de la structure porteuse en matière de coopération sur le territoire ?",
      'A-t-elle déjà engagé et réussi des coopérations ? Quels liens entretient-elle avec les acteurs socio-économiques et publics locaux ?',
      'Connaît-elle le territoire et a-t-elle la capacité de mobiliser ses acteurs autour de la démarche ?',
    ],
    examples: [
      'Coopérations déjà engagées et réussies',
      'Liens avec les acteurs socio-économiques et publics locaux',
      'Connaissance du territoire',
      'Capacité à mobiliser',
      'Statuts de la structure porteuse (association, coopérative, société commerciale agréée ESUS)',
    ],
  },
  {
    code: 'objectifs_vision',
    label: 'Objectifs et vision stratégique',
    questions: [
      "Quels sont les constats de départ ? Sur quoi s'appuient-ils ? Sont-ils partagés ?",
      'Des axes thématiques ou de développement ont-ils été identifiés, et comment ?',
      'La dynamique apporte-t-elle des réponses nouvelles aux besoins du territoire et aux aspirations de ses habitants ?',
      "En quoi participe-t-elle au développement et à la création d'activités et d'emplois durables ?",
      'Contribue-t-elle à valoriser le territoire et à renforcer son identité ?',
    ],
    // Seed 000 (CAP PTCE), "Exemples / précisions à apporter", restored in full (issue 15).
    examples: [
      'Diagnostics territoriaux ; expériences des parties prenantes ; consultations territoriales',
      'Axes : circuits courts alimentaires, mobilité durable, environnement, services de proximité, parcours emploi formation',
      "Liens entre les constats et les axes / actions / projets ; expérimentations et / ou diffusion d'innovations ; partenariats de recherche ; participation des acteurs socio-économiques et des habitants",
      'Création ou développement à destination des habitants ou des acteurs locaux ; logiques de coopération et de non concurrence ; emplois non délocalisables ; circuits courts territorialisés ; éco-activités',
      'Appui sur les ressources du territoire ; mise en avant de savoir-faire, de compétences propres au territoire ; valorisation / préservation du patrimoine (naturel, culturel, bâti…)',
    ],
    // Seed 001, "Description des objectifs et vision stratégique du PTCE".
    amiCriteria: [
      "Analyse de l'environnement (social, économique, sectoriel, territorial) et cohérence des objectifs, de la stratégie de coopération et de mutualisation au regard des enjeux identifiés",
      'Valeur ajoutée des actions du PTCE (économique, sociale, environnementale)',
      "Caractère innovant du PTCE : actions de recherche et développement, de formation, d'insertion, partenariat de recherche et diffusion de l'innovation",
    ],
  },
  {
    code: 'acteurs_impliques',
    label: 'Acteurs impliqués',
    questions: [
      'Quelle est la typologie, la nature des acteurs associés à la dynamique ?',
      'Quelles sont leurs compétences, leurs expertises ?',
      "Le regroupement associe-t-il des structures de l'ESS à des entreprises et, le cas échéant, à des collectivités, des centres de recherche et des organismes de formation ?",
      'Quelle est la qualité des partenariats développés ?',
    ],
    // Seed 000 (CAP PTCE): "Caractère hétérogène du consortium : Acteurs socio-économiques locaux (entreprises,
    // associations, structures d'insertion...) Réseaux Collectivités Organismes de recherche, d'enseignement et de
    // formation Habitants ...", restored (issue 15).
    examples: [
      'Caractère hétérogène du consortium',
      "Acteurs socio-économiques locaux (entreprises, associations, structures d'insertion…)",
      'Réseaux',
      'Collectivités',
      "Organismes de recherche, d'enseignement et de formation",
      'Habitants',
    ],
    // Seed 001, "Description des acteurs impliqués ou susceptibles d'être impliqués dans la dynamique".
    amiCriteria: [
      "Être un regroupement sur un même territoire de réseaux, entreprises et structures de l'ESS associés à des entreprises industrielles et commerciales et, le cas échéant, des collectivités locales, des centres de recherche et organismes de formation",
      "Mettre en avant l'expérience, les compétences et le professionnalisme",
      'Qualité des partenariats développés',
    ],
  },
  {
    code: 'gouvernance',
    label: 'Mode de gouvernance',
    questions: [
      "Quels sont les espaces d'implication des membres ?",
      'La gouvernance est-elle formalisée ou non formalisée ?',
      'Est-elle démocratique, avec une participation active des parties prenantes ?',
    ],
    examples: [
      'Instances de pilotage de la dynamique globale',
      "Groupes de pilotage et d'orientation des thématiques ; groupes de travail techniques",
      "Réunions collectives restreintes ou élargies ; espaces d'expression ou de débat (préciser les participants)",
      'Instance juridique (association, SCIC…) ; comités (préciser la fréquence) ; convention entre acteurs ; charte',
    ],
  },
  {
    code: 'perimetre_ancrage',
    label: 'Périmètre géographique et ancrage territorial',
    questions: [
      "Quel est le territoire couvert par l'action ? Quelles sont ses caractéristiques ?",
      "La dynamique s'appuie-t-elle sur les ressources du territoire ?",
      "Le territoire est-il fragile (quartier prioritaire de la politique de la ville, zone de revitalisation rurale, bassin d'emploi désindustrialisé) ou propice à la coopération ?",
    ],
    examples: [
      "Pertinence du territoire d'intervention au regard de ses spécificités, de ses atouts et de ses faiblesses",
      'Liens avec le tissu économique et social du territoire',
      'Mobilisation et coordination des acteurs, initiatives et dispositifs',
      "QPV, ZRR, bassin d'emploi désindustrialisé",
    ],
  },
  {
    code: 'plan_actions',
    label: "Plan d'actions",
    questions: [
      'Quelles sont les actions en cours ou à venir ?',
      "Sont-elles planifiées dans le temps (court, moyen et long terme) au regard de leur degré d'avancement et des ressources disponibles ?",
      "Quels indicateurs de suivi et d'évaluation permettront de mesurer l'atteinte des objectifs ?",
      "Quel impact durable est attendu sur le territoire (utilité sociale et environnementale, créations d'emplois) ?",
    ],
    examples: [
      "Actions en cours de concrétisation, en expérimentation, en phase d'étude ou au stade de l'idée",
      "Planification en fonction du degré d'avancement et des ressources disponibles",
      "Plan d'actions prévisionnel sur 3 ans",
      'Indicateurs de suivi ; emplois créés ; utilité sociale et environnementale',
    ],
  },
  {
    code: 'implication_membres',
    label: 'Implication des membres',
    questions: [
      "Quelles formes prend l'implication des différentes catégories de membres ?",
      "À quel niveau chaque partie prenante s'implique-t-elle : noyau dur, cellule de pilotage, groupe thématique, groupe projet ?",
      "Les membres s'impliquent-ils au-delà du développement de leur propre structure, dans l'intérêt collectif du territoire ?",
    ],
    examples: [
      'Ressources cognitives (expertise, recherche et développement, observation, diagnostic)',
      'Mise à disposition de personnel',
      'Apports en nature ; apports financiers',
      'Mise en relation, réseautage',
    ],
  },
  {
    code: 'articulation_dispositifs',
    // Seed 000: "Mise en réseau avec les autres dispositifs et articulation avec les politiques publiques nationales et locales".
    label: 'Mise en réseau avec les autres dispositifs et articulation avec les politiques publiques nationales et locales',
    questions: [
      "Comment la dynamique s'inscrit-elle au regard des politiques publiques de relance économique, d'emploi et de transition écologique ?",
      "Quelle contribution apporte-t-elle aux diagnostics et aux plans d'actions des pouvoirs publics locaux ?",
      "Comment se coordonne-t-elle avec d'autres dispositifs ?",
    ],
    examples: [
      "Concordance des effets escomptés avec l'action publique : création et maintien d'emplois, insertion par l'activité économique, formation, transition",
      'Inscription dans un dispositif institutionnel : Contrat de transition écologique, Territoire zéro chômeur, Projet alimentaire territorial…',
      'Liens avec les élus et les techniciens des collectivités locales',
    ],
  },
  {
    code: 'financement',
    label: 'Financement prévisionnel',
    questions: [
      'Quelles ressources humaines sont nécessaires à la coordination de la démarche, et sous quelles formes interviennent-elles ?',
      'Comment ces ressources humaines sont-elles valorisées financièrement ?',
      "Quels dispositifs financiers sont activables ou activés pour mettre en œuvre le plan d'actions, et que financent-ils ?",
      'La démarche peut-elle atteindre une autonomie financière à moyen terme ?',
    ],
    examples: [
      'Fonctions : animation, ingénierie de projet collectif, stratégie, communication, administration ; ressources salariées ou bénévoles',
      'Création de poste ; mise à disposition',
      'Soutiens publics (EPCI, Département, Région, agences) ; soutiens privés (fondations, financement participatif) ; autofinancement',
      'Fonctionnement ou investissement ; grandes masses de recettes et de dépenses, budget annuel ou sur 3 ans',
    ],
  },
];

/** Phase 2 only: consistency of the amount requested from the State with the budget and the action plan. */
export const AVIS_GRID_PHASE2_ENTRIES: readonly AvisGridEntry[] = [
  {
    code: 'montant_demande',
    label: 'Cohérence du montant demandé',
    questions: [
      "Le montant demandé est-il cohérent avec le budget prévisionnel et le plan d'actions ?",
      'Les autres financements (collectivités, partenaires privés, autofinancement) sont-ils identifiés et à la mesure du projet ?',
      "Le soutien de l'État sert-il l'animation des coopérations et prépare-t-il l'autonomie financière de la démarche à moyen terme ?",
    ],
    examples: [
      'Part du montant demandé dans le budget total',
      'Grandes masses de recettes et de dépenses, budget annuel ou sur 3 ans',
      'Participation des entreprises, des autres acteurs privés et des collectivités territoriales',
    ],
  },
];

/** The entries a reviewer scores in the given phase, in display order. */
export function avisEntriesForPhase(phase: AvisPhase): readonly AvisGridEntry[] {
  return phase === 2 ? [...AVIS_GRID_ENTRIES, ...AVIS_GRID_PHASE2_ENTRIES] : AVIS_GRID_ENTRIES;
}

export function avisEntryCodesForPhase(phase: AvisPhase): AvisEntryCode[] {
  return avisEntriesForPhase(phase).map((e) => e.code);
}

export function avisEntryLabel(code: string): string | undefined {
  return [...AVIS_GRID_ENTRIES, ...AVIS_GRID_PHASE2_ENTRIES].find((e) => e.code === code)?.label;
}

export function isAvisPhase(x: unknown): x is AvisPhase {
  return x === 1 || x === 2;
}

// ---------------------------------------------------------------------------------------------------------------------
// "Prévu" or "réalisé": seed 000, "Les questions peuvent être posées au futur en fonction de la maturité du projet."
// A reviewer may say that an answer describes what is planned rather than what is done (optional, per entry).

export const ANSWER_HORIZON_CODES = ['realise', 'prevu'] as const;
export type AnswerHorizon = (typeof ANSWER_HORIZON_CODES)[number];
export const ANSWER_HORIZONS: readonly { code: AnswerHorizon; label: string }[] = [
  { code: 'realise', label: 'Réalisé' },
  { code: 'prevu', label: 'Prévu' },
];
export function isAnswerHorizon(x: unknown): x is AnswerHorizon {
  return typeof x === 'string' && (ANSWER_HORIZON_CODES as readonly string[]).includes(x);
}

// ---------------------------------------------------------------------------------------------------------------------
// Score scale

export const SCORE_MIN = 1;
export const SCORE_MAX = 4;
export type ScoreValue = 1 | 2 | 3 | 4;

export const SCORE_SCALE: readonly { value: ScoreValue; label: string }[] = [
  { value: 1, label: 'Insuffisant' },
  { value: 2, label: 'À conforter' },
  { value: 3, label: 'Satisfaisant' },
  { value: 4, label: 'Très satisfaisant' },
];

export function isScoreValue(x: unknown): x is ScoreValue {
  return typeof x === 'number' && Number.isInteger(x) && x >= SCORE_MIN && x <= SCORE_MAX;
}

/** Text limits, shared by the validation and published in the grid's rules. */
export const AVIS_COMMENT_MAX_LENGTH = 5000;
export const AVIS_SYNTHESIS_MIN_LENGTH = 50;
export const AVIS_SYNTHESIS_MAX_LENGTH = 10000;

// ---------------------------------------------------------------------------------------------------------------------
// Maturity (seeds/002, "Maturité des PTCE")

export const MATURITY_CODES = ['emergent', 'en_developpement', 'historique'] as const;
export type MaturityCode = (typeof MATURITY_CODES)[number];

export const MATURITY_LEVELS: readonly { code: MaturityCode; label: string; description: string }[] = [
  {
    code: 'emergent',
    label: 'Émergent',
    description:
      "En phase de création ou d'amorçage, que ce soit dans la constitution du collectif, la structuration du projet territorial ou le fonctionnement.",
  },
  {
    code: 'en_developpement',
    label: 'En développement (existant)',
    description:
      'Base collective affirmée, reconnu sur son territoire, met en œuvre des projets concrets au bénéfice du territoire et du collectif.',
  },
  {
    code: 'historique',
    label: 'Historique',
    description:
      "A démontré la pertinence de la coopération par une action structurée et structurante pour son territoire ; a l'expertise pour partager son expérience et essaimer.",
  },
];

export const MATURITY_MARKER_CODES = [
  'besoins_territoire',
  'pluralite_acteurs',
  'structuration_collectif',
  'implication_parties_prenantes',
  'projets_concrets',
  'modelisation_essaimage',
] as const;
export type MaturityMarkerCode = (typeof MATURITY_MARKER_CODES)[number];

export const MATURITY_MARKERS: readonly { code: MaturityMarkerCode; label: string; description: string }[] = [
  {
    code: 'besoins_territoire',
    label: 'Identification des besoins du territoire',
    description: "Niveau d'identification et de construction des besoins du territoire (diagnostic partagé avec les acteurs).",
  },
  {
    code: 'pluralite_acteurs',
    label: 'Pluralité des parties prenantes',
    description:
      "Degré de pluralité et d'hétérogénéité des parties prenantes (ESS, entreprises, collectivités, recherche, formation, habitants).",
  },
  {
    code: 'structuration_collectif',
    label: 'Structuration du collectif',
    description: "Structuration du collectif d'acteurs autour de la démarche et de ses axes de développement.",
  },
  {
    code: 'implication_parties_prenantes',
    label: 'Implication des parties prenantes',
    description: "Niveau d'implication des parties prenantes (noyau dur, pilotage, groupes thématiques, groupes projets).",
  },
  {
    code: 'projets_concrets',
    label: 'Concrétisations en projets',
    description: 'Concrétisations du pôle en termes de projets menés au bénéfice du territoire.',
  },
  {
    code: 'modelisation_essaimage',
    label: 'Modélisation et essaimage',
    description: "Capacité du pôle à conscientiser et modéliser son action dans une logique d'essaimage.",
  },
];

export function maturityMarkerLabel(code: string): string | undefined {
  return MATURITY_MARKERS.find((m) => m.code === code)?.label;
}

// ---------------------------------------------------------------------------------------------------------------------
// Typology and action logics (seeds/002, "Typologie PTCE", "Logiques d'action")

export const TYPOLOGY_CODES = ['territoire', 'filiere'] as const;
export type TypologyCode = (typeof TYPOLOGY_CODES)[number];

export const TYPOLOGIES: readonly { code: TypologyCode; label: string; description: string }[] = [
  {
    code: 'territoire',
    label: 'PTCE de territoire',
    description:
      'Constitué en réponse à des besoins de territoire identifiés par une consultation élargie des acteurs ; traite de multiples thématiques.',
  },
  {
    code: 'filiere',
    label: 'PTCE « filière »',
    description:
      "Développement stratégique et collectif d'une filière dans une logique d'ancrage territorial et de circuits courts ; suppose une expertise du domaine.",
  },
];

export const ACTION_LOGIC_CODES = ['mise_en_reseau', 'accompagnement_incubation', 'ingenierie_developpement'] as const;
export type ActionLogicCode = (typeof ACTION_LOGIC_CODES)[number];

/** The three action logics are cumulative: an avis may tick none, one, two or all three. */
export const ACTION_LOGICS: readonly { code: ActionLogicCode; label: string; description: string }[] = [
  {
    code: 'mise_en_reseau',
    label: 'Interconnaissance et mise en réseau',
    description: "Les projets émergent de la mise en relation d'acteurs de natures différentes : un écosystème territorial.",
  },
  {
    code: 'accompagnement_incubation',
    label: 'Accompagnement ou incubation',
    description: 'Le pôle accompagne des porteurs de projets ayant un potentiel de développement en lien avec le territoire.',
  },
  {
    code: 'ingenierie_developpement',
    label: 'Ingénierie et développement de projets',
    description: "Le pôle a des ressources pour développer directement des projets issus d'un diagnostic de territoire partagé.",
  },
];

// ---------------------------------------------------------------------------------------------------------------------
// Recommendation

export const RECOMMENDATION_CODES = ['favorable', 'favorable_reserves', 'defavorable'] as const;
export type RecommendationCode = (typeof RECOMMENDATION_CODES)[number];

export const RECOMMENDATIONS: readonly { code: RecommendationCode; label: string }[] = [
  { code: 'favorable', label: 'Favorable' },
  { code: 'favorable_reserves', label: 'Favorable avec réserves' },
  { code: 'defavorable', label: 'Défavorable' },
];

export function isMaturityCode(x: unknown): x is MaturityCode {
  return typeof x === 'string' && (MATURITY_CODES as readonly string[]).includes(x);
}
export function isMaturityMarkerCode(x: unknown): x is MaturityMarkerCode {
  return typeof x === 'string' && (MATURITY_MARKER_CODES as readonly string[]).includes(x);
}
export function isTypologyCode(x: unknown): x is TypologyCode {
  return typeof x === 'string' && (TYPOLOGY_CODES as readonly string[]).includes(x);
}
export function isActionLogicCode(x: unknown): x is ActionLogicCode {
  return typeof x === 'string' && (ACTION_LOGIC_CODES as readonly string[]).includes(x);
}
export function isRecommendationCode(x: unknown): x is RecommendationCode {
  return typeof x === 'string' && (RECOMMENDATION_CODES as readonly string[]).includes(x);
}

// ---------------------------------------------------------------------------------------------------------------------
// The whole grid, as served by GET /api/avis-grid?phase=1|2

export interface AvisGrid {
  phase: AvisPhase;
  entries: AvisGridEntry[];
  scoreScale: { value: ScoreValue; label: string }[];
  maturityLevels: { code: MaturityCode; label: string; description: string }[];
  maturityMarkers: { code: MaturityMarkerCode; label: string; description: string }[];
  typologies: { code: TypologyCode; label: string; description: string }[];
  actionLogics: { code: ActionLogicCode; label: string; description: string }[];
  actionLogicsCumulative: true;
  recommendations: { code: RecommendationCode; label: string }[];
  answerHorizons: { code: AnswerHorizon; label: string }[];
  /** What an avis' content must hold: human-readable rules (French) plus the same limits as data. */
  rules: {
    scores: string;
    maturity: string;
    typology: string;
    recommendation: string;
    synthesis: string;
    draft: string;
    submit: string;
    scoreKeys: AvisEntryCode[];
    scoreMin: number;
    scoreMax: number;
    commentMaxLength: number;
    markerKeys: MaturityMarkerCode[];
    synthesisMinLength: number;
    synthesisMaxLength: number;
  };
}

/** A fresh copy each call: callers may mutate it freely. */
export function getAvisGrid(phase: AvisPhase): AvisGrid {
  if (!isAvisPhase(phase)) throw new RangeError(`Phase inconnue : ${String(phase)} (1 ou 2 attendu).`);
  const entries = avisEntriesForPhase(phase).map((e) => ({
    ...e,
    questions: [...e.questions],
    examples: [...e.examples],
    ...(e.amiCriteria ? { amiCriteria: [...e.amiCriteria] } : {}),
  }));
  return {
    phase,
    entries,
    scoreScale: SCORE_SCALE.map((s) => ({ ...s })),
    maturityLevels: MATURITY_LEVELS.map((m) => ({ ...m })),
    maturityMarkers: MATURITY_MARKERS.map((m) => ({ ...m })),
    typologies: TYPOLOGIES.map((t) => ({ ...t })),
    actionLogics: ACTION_LOGICS.map((a) => ({ ...a })),
    actionLogicsCumulative: true,
    recommendations: RECOMMENDATIONS.map((r) => ({ ...r })),
    answerHorizons: ANSWER_HORIZONS.map((h) => ({ ...h })),
    rules: {
      scores: `chaque entrée: {score: ${SCORE_MIN}..${SCORE_MAX}, comment: texte non vide, horizon?: ${ANSWER_HORIZON_CODES.join(' | ')}}`,
      maturity: `level: ${MATURITY_CODES.join(' | ')} ; markers: {<marqueur>: ${SCORE_MIN}..${SCORE_MAX}} pour chacun des ${MATURITY_MARKER_CODES.length} marqueurs`,
      typology: `type: ${TYPOLOGY_CODES.join(' | ')} ; actionLogics: liste (éventuellement vide, sans doublon) parmi ${ACTION_LOGIC_CODES.join(', ')}`,
      recommendation: RECOMMENDATION_CODES.join(' | '),
      synthesis: `texte d'au moins ${AVIS_SYNTHESIS_MIN_LENGTH} caractères (${AVIS_SYNTHESIS_MAX_LENGTH} au plus)`,
      draft: 'un brouillon peut être incomplet, jamais faux : toute valeur présente doit respecter les règles ci-dessus',
      submit:
        "pour rendre l'avis : une note et un commentaire pour chaque entrée, le niveau de maturité et les 6 marqueurs, la typologie, la recommandation et la synthèse",
      scoreKeys: entries.map((e) => e.code),
      scoreMin: SCORE_MIN,
      scoreMax: SCORE_MAX,
      commentMaxLength: AVIS_COMMENT_MAX_LENGTH,
      markerKeys: [...MATURITY_MARKER_CODES],
      synthesisMinLength: AVIS_SYNTHESIS_MIN_LENGTH,
      synthesisMaxLength: AVIS_SYNTHESIS_MAX_LENGTH,
    },
  };
}
