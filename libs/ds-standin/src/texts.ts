/**
 * Sentence banks for the dossier's free-text sections. A section is a seeded draw of sentences, so texts vary in
 * content and length (a few lines to several paragraphs) the way real answers do, and stay reproducible.
 */
import { FieldKey } from './form';
import { chance, int, pick, Rng, shuffle } from './prng';

export interface TextContext {
  projet: string;
  structure: string;
  ville: string;
  departement: string;
  region: string;
  annee: number;
  membres: number;
  salaries: number;
  budget: number;
  emplois: number;
  communes: number;
  secteur: string;
  collectivite: string;
  phase: 1 | 2;
  /** The dossier's "Territoire fragile" answer: the perimeter text says the same (issue 15). */
  fragile?: readonly string[];
}

/**
 * Sentences of the perimeter that name a kind of fragile territory, by the "Territoire fragile" option they assume
 * (seed 001: "Territoires fragiles (quartiers prioritaires de la politique de la ville, zones de revitalisation rurale,
 * bassins d'emploi désindustrialisés)").
 */
const FRAGILE_SENTENCE: [RegExp, string][] = [
  [/quartiers prioritaires/, 'QPV'],
  [/revitalisation rurale/, 'ZRR'],
  [/fermeture de plusieurs sites industriels/, "Bassin d'emploi désindustrialisé"],
];

export const SECTEURS = [
  "l'alimentation durable et les circuits courts",
  "le réemploi et l'économie circulaire",
  'la mobilité solidaire',
  "l'éco-construction et la rénovation énergétique",
  'la culture et les industries créatives',
  'les services à la personne',
  'les énergies renouvelables citoyennes',
  "l'insertion par l'activité économique",
  'le numérique responsable',
  'la filière bois et la forêt',
];

export const COLLECTIVITES = [
  'la communauté de communes',
  "la communauté d'agglomération",
  'le conseil départemental',
  'le conseil régional',
  'la ville',
  'le parc naturel régional',
];

/** "120 000 €", with ordinary spaces as people type them. */
export function euros(n: number): string {
  return `${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`;
}

type Sentence = (c: TextContext) => string;

/** "Lyon (Rhône)", but "Paris" alone. */
const lieu = (c: TextContext): string => (c.ville === c.departement ? c.ville : `${c.ville} (${c.departement})`);

const cap = (x: string): string => x.charAt(0).toUpperCase() + x.slice(1);

/** "de" with French contraction: du numérique, des services, de l'alimentation, de la culture. */
function de(x: string): string {
  if (x.startsWith('le ')) return `du ${x.slice(3)}`;
  if (x.startsWith('les ')) return `des ${x.slice(4)}`;
  return `de ${x}`;
}

const BANKS: Record<
  Exclude<
    FieldKey,
    | 'nomProjet'
    | 'region'
    | 'nomReferent'
    | 'courrielReferent'
    | 'telephoneReferent'
    | 'statuts'
    | 'agrementEsus'
    | 'dateAgrementEsus'
    | 'territoireFragile'
    | 'montantDemande'
    | 'membres'
  >,
  Sentence[]
> = {
  descriptionStructure: [
    (c) =>
      `La structure « ${c.structure} » a été créée en ${c.annee} à ${c.ville} par un groupe d'acteurs de l'économie sociale et solidaire du territoire.`,
    (c) =>
      `La structure compte aujourd'hui ${c.salaries} salarié${c.salaries > 1 ? 's' : ''} et s'appuie sur un réseau de bénévoles actifs.`,
    (c) => `Son objet social est de favoriser le développement d'activités économiques utiles au territoire dans ${c.secteur}.`,
    () => `Elle porte depuis plusieurs années des actions d'accompagnement de porteurs de projet et de mise en réseau des acteurs locaux.`,
    () => `Son conseil d'administration réunit des représentants des membres fondateurs, des salariés et des partenaires.`,
    (c) => `Elle est reconnue par ${c.collectivite} comme un acteur structurant du développement local.`,
    (c) => `Son budget annuel s'élève à environ ${euros(c.budget * 1.8)}, dont une part croissante de ressources propres.`,
    () =>
      `La structure a déjà animé des démarches collectives : diagnostic partagé, mutualisation de locaux et d'équipements, groupements d'employeurs.`,
    (c) => `Implantée à ${lieu(c)}, elle intervient auprès d'une population confrontée à un chômage supérieur à la moyenne régionale.`,
    () => `Elle a choisi de porter la démarche PTCE pour le compte du collectif, sans en être l'unique bénéficiaire.`,
    () => `Ses comptes sont certifiés chaque année et présentés en assemblée générale.`,
  ],
  objectifs: [
    (c) => `Le PTCE « ${c.projet} » vise à structurer une coopération durable entre les acteurs ${de(c.secteur)} sur le territoire.`,
    () =>
      `L'analyse de l'environnement, conduite avec les partenaires, a fait ressortir des besoins non couverts en matière d'emploi et de services de proximité.`,
    () =>
      `La valeur ajoutée du pôle tient à la mise en commun de compétences aujourd'hui dispersées entre structures de l'ESS, entreprises et collectivités.`,
    () => `Le caractère innovant du projet réside dans la création d'activités nouvelles à partir de ressources locales inexploitées.`,
    () =>
      `Notre vision à cinq ans est celle d'un pôle reconnu, capable d'incuber des projets et de les essaimer vers les territoires voisins.`,
    () => `Il s'agit de passer d'une logique de mutualisation de moyens à une logique de développement de projets économiques communs.`,
    (c) => `Le pôle ambitionne de créer ou consolider ${c.emplois} emplois non délocalisables d'ici trois ans.`,
    () =>
      `La stratégie repose sur trois axes : mise en réseau des acteurs, accompagnement des porteurs de projet et ingénierie de projets collectifs.`,
    () => `Le PTCE veut aussi contribuer à la transition écologique du territoire en relocalisant une partie de la production.`,
    (c) => `Les objectifs ont été définis lors d'ateliers ouverts qui ont réuni plus de ${c.membres * 2} participants.`,
  ],
  acteurs: [
    (c) =>
      `Le collectif réunit ${c.membres} membres : associations, coopératives, entreprises commerciales, collectivités et organismes de formation.`,
    () =>
      `Parmi les structures de l'ESS figurent des chantiers d'insertion, une SCIC, une entreprise adaptée et plusieurs associations culturelles.`,
    () => `Des entreprises classiques du territoire, dont des PME industrielles, se sont engagées par une lettre d'intention.`,
    (c) => `${cap(c.collectivite)} participe depuis l'origine et siège au comité de pilotage.`,
    () => `Un laboratoire universitaire accompagne le pôle sur l'évaluation de son utilité sociale.`,
    () => `Un lycée professionnel et un centre de formation d'apprentis participent au volet compétences et formation.`,
    () => `La CRESS et les réseaux régionaux de l'ESS apportent leur appui méthodologique.`,
    () => `Les habitants sont associés au travers d'un collège d'usagers et de réunions publiques régulières.`,
    () => `Une banque coopérative et une structure de finance solidaire suivent le projet.`,
  ],
  gouvernance: [
    () => `La gouvernance du PTCE repose sur une assemblée générale qui réunit l'ensemble des membres une fois par an.`,
    () =>
      `Les membres sont répartis en collèges (structures de l'ESS, entreprises, collectivités, partenaires de la recherche et de la formation), chacun disposant d'un nombre de voix défini dans les statuts.`,
    () => `Un conseil d'administration élu, composé de représentants de chaque collège, se réunit tous les deux mois.`,
    () => `Le principe « une personne, une voix » s'applique au sein de l'assemblée générale, quel que soit l'apport de chaque membre.`,
    () => `Un comité de pilotage opérationnel suit l'avancement des projets et prépare les décisions du conseil.`,
    () =>
      `Des groupes de travail thématiques, ouverts à tous les membres, instruisent les nouveaux projets avant leur présentation au conseil.`,
    () =>
      `Une charte de coopération, signée par chaque membre, précise les engagements réciproques et les règles de partage de la valeur créée.`,
    () => `La coordination est assurée par un salarié dédié, placé sous la responsabilité du conseil.`,
    () =>
      `À ce stade, la gouvernance est informelle : le collectif prévoit de se constituer en association ou en SCIC dans les dix-huit mois.`,
    () => `Les collectivités participent aux instances avec voix consultative afin de préserver l'autonomie du pôle.`,
  ],
  perimetre: [
    (c) => `Le pôle intervient sur un bassin de vie de ${c.communes} communes autour de ${lieu(c)}.`,
    (c) =>
      `Le périmètre correspond au territoire couvert par ${c.collectivite}, échelle pertinente pour mobiliser les acteurs et les financements.`,
    () => `Le territoire associe un centre urbain et des communes rurales faiblement dotées en services.`,
    () => `Plusieurs quartiers prioritaires de la politique de la ville sont situés dans le périmètre d'action.`,
    () => `Une partie du territoire est classée en zone de revitalisation rurale.`,
    () => `Le bassin d'emploi a connu la fermeture de plusieurs sites industriels au cours des dix dernières années.`,
    (c) => `L'ancrage territorial du PTCE s'appuie sur des partenariats anciens entre les acteurs de ${c.region}.`,
    () => `Les membres sont tous implantés sur le territoire et y réalisent l'essentiel de leur activité.`,
  ],
  financement: [
    (c) => `Le budget prévisionnel annuel du pôle est de ${euros(c.budget)}.`,
    (c) =>
      `Les principales charges sont la coordination (${euros(c.budget * 0.45)}), l'animation des groupes de travail, la communication et les études préalables.`,
    (c) =>
      `Les recettes prévues combinent les cotisations des membres (${euros(c.budget * 0.1)}), des prestations et des subventions publiques.`,
    (c) => `${cap(c.collectivite)} apporte ${euros(c.budget * 0.2)} par an pendant trois ans.`,
    () => `Le fonds social européen et un programme LEADER sont sollicités pour le volet formation.`,
    () => `Une fondation d'entreprise finance une partie de l'ingénierie de projet.`,
    () => `Les membres apportent des contributions en nature : mise à disposition de locaux, de matériel et de temps de travail.`,
    () =>
      `Le modèle économique vise une autonomie financière progressive, les activités créées devant contribuer au financement de la coordination.`,
    () => `Sur trois ans, la part des ressources propres doit passer de 15 % à 40 % du budget.`,
    (c) => `Le plan de financement sur trois ans totalise ${euros(c.budget * 3.1)}.`,
  ],
  actions: [
    () => `À court terme, le pôle organisera un diagnostic partagé des besoins du territoire et des ressources disponibles.`,
    () => `Une étude d'opportunité pour une légumerie et une conserverie collectives a été lancée.`,
    () => `Un espace de coworking et de mutualisation accueille déjà six structures membres.`,
    () => `À moyen terme, le pôle créera une plateforme logistique mutualisée pour les producteurs locaux.`,
    () => `Un programme d'accompagnement de porteurs de projet de l'ESS sera ouvert dès la deuxième année.`,
    () => `Des actions de formation croisée entre salariés des structures membres sont prévues.`,
    () => `À long terme, le pôle souhaite essaimer sa démarche vers deux territoires voisins.`,
    () => `Un groupement d'employeurs sera constitué pour partager des compétences rares entre membres.`,
    () => `Une ressourcerie et un atelier de réparation ouvriront sur une friche industrielle réhabilitée.`,
    () => `Un événement annuel permettra de présenter les réalisations du pôle aux habitants et aux élus.`,
  ],
  indicateurs: [
    () => `Nombre d'emplois créés ou consolidés, en équivalents temps plein.`,
    () => `Nombre de structures membres et part des entreprises hors ESS.`,
    () => `Nombre de projets accompagnés et taux de concrétisation à deux ans.`,
    () => `Montant des financements mobilisés et part des ressources propres.`,
    () => `Taux de participation aux instances de gouvernance.`,
    () => `Nombre de personnes éloignées de l'emploi accompagnées vers un emploi durable.`,
    () => `Tonnages de déchets évités ou valorisés.`,
    () => `Une évaluation à mi-parcours sera confiée à un partenaire universitaire.`,
    () => `Un tableau de bord est présenté chaque semestre au conseil d'administration.`,
  ],
  impact: [
    (c) => `Le pôle doit permettre la création de ${c.emplois} emplois durables et non délocalisables.`,
    () => `Il renforcera l'accès des habitants à des services de proximité aujourd'hui absents.`,
    () => `L'impact environnemental attendu porte sur la réduction des déplacements et des déchets.`,
    () => `La coopération entre structures de l'ESS et entreprises classiques doit perdurer au-delà du financement de l'État.`,
    () => `Le projet contribue à l'attractivité du territoire et au maintien des jeunes actifs.`,
    () => `L'utilité sociale sera mesurée avec les habitants, selon une méthode définie en commun.`,
    () => `Les compétences acquises par les membres resteront sur le territoire.`,
  ],
  planActions: [
    () => `Année 1 : structuration de la gouvernance, recrutement du coordinateur, diagnostic partagé.`,
    () => `Année 2 : lancement de deux projets collectifs et ouverture du programme d'accompagnement.`,
    () => `Année 3 : consolidation du modèle économique et préparation de l'essaimage.`,
    () => `Chaque étape fait l'objet d'un bilan présenté en assemblée générale.`,
  ],
  implicationMembres: [
    () => `Chaque membre s'engage à participer à au moins un groupe de travail.`,
    () => `Les structures fondatrices mettent à disposition du temps de salarié pour l'animation du pôle.`,
    () => `Les entreprises membres ouvrent leurs ateliers pour des périodes d'immersion.`,
    () => `Les membres cotisent selon un barème fonction de leur taille.`,
  ],
  coordination: [
    () => `Le pôle s'articule avec le contrat de ville et le programme Territoires d'industrie.`,
    () => `Il travaille avec le dispositif local d'accompagnement (DLA) et les têtes de réseau de l'ESS.`,
    () => `Une articulation est prévue avec le projet alimentaire territorial porté par l'intercommunalité.`,
    () => `Le PTCE participe aux travaux de la CRESS sur la coopération territoriale.`,
    () => `Il est en lien avec les tiers-lieux du département.`,
  ],
};

export type TextKey = keyof typeof BANKS;
export const TEXT_KEYS = Object.keys(BANKS) as TextKey[];

/**
 * A section: 1 to all sentences of its bank (more in phase 2, which asks for more depth), sometimes split in
 * paragraphs, sometimes as a bulleted list for the indicators.
 */
export function composeText(rng: Rng, key: TextKey, c: TextContext): string {
  let bank = BANKS[key];
  // The perimeter never contradicts the "Territoire fragile" answer: no QPV sentence beside "Aucun", and each
  // fragile kind ticked is named in the text.
  const fragile = key === 'perimetre' ? c.fragile : undefined;
  if (fragile) bank = bank.filter((s) => FRAGILE_SENTENCE.every(([re, option]) => !re.test(s(c)) || fragile.includes(option)));
  const min = c.phase === 2 ? Math.min(3, bank.length) : 1;
  const max = c.phase === 2 ? bank.length : Math.max(2, Math.ceil(bank.length * 0.7));
  const chosen = shuffle(rng, bank)
    .slice(0, int(rng, min, max))
    .map((s) => s(c));
  if (fragile)
    for (const [re, option] of FRAGILE_SENTENCE) {
      const sentence = bank.map((s) => s(c)).find((t) => re.test(t));
      if (fragile.includes(option) && sentence && !chosen.some((t) => re.test(t))) chosen.push(sentence);
    }
  if (key === 'indicateurs' && chance(rng, 0.5)) return chosen.map((s) => `- ${s}`).join('\n');
  if (chosen.length >= 4 && chance(rng, 0.6)) {
    const cut = int(rng, 2, chosen.length - 2);
    return `${chosen.slice(0, cut).join(' ')}\n\n${chosen.slice(cut).join(' ')}`;
  }
  return chosen.join(' ');
}

export function pickSecteur(rng: Rng): string {
  return pick(rng, SECTEURS);
}
