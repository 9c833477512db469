/**
 * Deterministic demo dossiers, shaped as DS's API v2 returns them (see types.ts), for the AMI PTCE démarche.
 *
 * Determinism has two levels: a structure (SIRET, legal form, address, referent) depends only on (seed, slot), where
 * slot is the DEMO_PROJECTS entry (plus the cycle when the list wraps), so the phase-2 dossier of a phase-1 project
 * carries the same SIRET and referent; a dossier (dates, texts, files) depends on (seed, démarche, position).
 */
import { DEMO_PROJECTS, DemoProject } from './demo-data';
import { DAY_MS, dsDateTime, dsMidnight, frenchLongDate, HOUR_MS } from './dates';
import { fileChecksum } from './files';
import { formFor, FormEntry, LABELS, MEMBER_LABELS, MEMBER_NATURES, regionName, TERRITOIRE_FRAGILE_OPTIONS, typedId } from './form';
import { breakLuhn, randomSiren, siretFor } from './luhn';
import { chance, digits, int, pick, Rng, rngFor, sample } from './prng';
import { COLLECTIVITES, composeText, pickSecteur, TEXT_KEYS, TextContext, TextKey } from './texts';
import type { DsChamp, DsDossier, DsFile, DsPersonneMorale } from './types';

export type DossierOverride = (dossier: DsDossier) => DsDossier | void;

export interface GenerateOptions {
  count: number;
  seed: number;
  /** DS numbers are global across démarches; defaults keep phase 1 and phase 2 apart. */
  startNumber?: number;
  demarcheNumber: number;
  phase: 1 | 2;
  /** Deposit deadline; `lateCount` dossiers are deposited after it. */
  deadline: Date;
  /** Where files are served, e.g. the stand-in's `fileBaseUrl`; URLs are `${baseUrl}/files/<id>/<filename>`. */
  baseUrl: string;
  lateCount?: number;
  missingStatutsCount?: number;
  /** Dossiers whose statuts file is huge (to test the importer's size limit). */
  hugeFileCount?: number;
  /** Size of those files; 30 MiB by default. */
  hugeFileBytes?: number;
  /** Opening of the deposit window; 42 days before the deadline by default (12 May → 23 June 2021). */
  openedAt?: Date;
  /** DEMO_PROJECTS entries to use, in order (e.g. the phase-1 lauréats invited to phase 2); default 0, 1, 2, … */
  projectIndices?: number[];
  /** Share of dossiers already passed `en_instruction` on DS (default 0.15). */
  instructionShare?: number;
  /** Per dossier number: edit (or replace) the generated dossier, e.g. to make a malformed one. */
  overrides?: Record<number, DossierOverride>;
}

export interface GeneratedSet {
  dossiers: DsDossier[];
  lateNumbers: number[];
  missingStatutsNumbers: number[];
  hugeFileNumbers: number[];
}

export const DEFAULT_HUGE_FILE_BYTES = 30 * 1024 * 1024;

export function defaultStartNumber(phase: 1 | 2): number {
  return phase === 1 ? 5_100_001 : 5_600_001;
}

// ---------------------------------------------------------------------------------------------------------------
// Reference tables (public facts: legal categories, NAF codes, towns; people are drawn from common-name lists)

interface LegalForm {
  code: string;
  label: string;
}

const FORMS = {
  association: { code: '9220', label: 'Association déclarée' },
  scopSarl: { code: '5458', label: 'SARL coopérative ouvrière de production' },
  scicSa: { code: '5560', label: "Autre SA coopérative à conseil d'administration" },
  sas: { code: '5710', label: 'SAS, société par actions simplifiée' },
  sarl: { code: '5499', label: 'Société à responsabilité limitée (sans autre indication)' },
  fondation: { code: '9300', label: 'Fondation' },
  // Public bodies of Annexe 2 (seed 004) carry their real INSEE category (7xxx), hence come out ineligible (issue 15).
  commune: { code: '7210', label: 'Commune et commune nouvelle' },
  departement: { code: '7220', label: 'Département' },
  agglomeration: { code: '7348', label: 'Communauté d’agglomération' },
  universite: { code: '7383', label: 'Établissement public national à caractère scientifique culturel et professionnel' },
} satisfies Record<string, LegalForm>;

type FormKey = keyof typeof FORMS;

/**
 * Slots given the two ineligible forms the demo needs exactly once per list: a company without ESUS and a
 * foundation. Early enough that a 20-dossier batch contains them; their structure names suggest no other form.
 */
export const SPECIAL_SLOTS = { sasWithoutEsus: 11, fondation: 12 } as const;

const NAF: Record<FormKey, [string, string][]> = {
  association: [
    ['9499Z', 'Autres organisations fonctionnant par adhésion volontaire'],
    ['8899B', 'Action sociale sans hébergement n.c.a.'],
    ['8559A', "Formation continue d'adultes"],
    ['9001Z', 'Arts du spectacle vivant'],
    ['7022Z', 'Conseil pour les affaires et autres conseils de gestion'],
  ],
  scopSarl: [
    ['7022Z', 'Conseil pour les affaires et autres conseils de gestion'],
    ['4120A', 'Construction de maisons individuelles'],
    ['5610A', 'Restauration traditionnelle'],
    ['1812Z', 'Autre imprimerie (labeur)'],
  ],
  scicSa: [
    ['3511Z', "Production d'électricité"],
    ['4631Z', 'Commerce de gros (commerce interentreprises) de fruits et légumes'],
    ['3832Z', 'Récupération de déchets triés'],
    ['6820B', 'Location de terrains et d’autres biens immobiliers'],
  ],
  sas: [
    ['6820B', 'Location de terrains et d’autres biens immobiliers'],
    ['3832Z', 'Récupération de déchets triés'],
    ['4932Z', 'Transports de voyageurs par taxis'],
  ],
  sarl: [['7112B', 'Ingénierie, études techniques']],
  fondation: [['8899B', 'Action sociale sans hébergement n.c.a.']],
  commune: [['8411Z', 'Administration publique générale']],
  departement: [['8411Z', 'Administration publique générale']],
  agglomeration: [['8411Z', 'Administration publique générale']],
  universite: [['8542Z', 'Enseignement supérieur']],
};

interface Town {
  name: string;
  postalCode: string;
  inseeCode: string;
  departmentCode: string;
  departmentName: string;
}

const t = (name: string, postalCode: string, inseeCode: string, departmentCode: string, departmentName: string): Town => ({
  name,
  postalCode,
  inseeCode,
  departmentCode,
  departmentName,
});

const TOWNS: Record<string, Town[]> = {
  '84': [
    t('Lyon', '69001', '69123', '69', 'Rhône'),
    t('Clermont-Ferrand', '63000', '63113', '63', 'Puy-de-Dôme'),
    t('Grenoble', '38000', '38185', '38', 'Isère'),
    t('Saint-Étienne', '42000', '42218', '42', 'Loire'),
    t('Roanne', '42300', '42187', '42', 'Loire'),
  ],
  '27': [
    t('Dijon', '21000', '21231', '21', "Côte-d'Or"),
    t('Besançon', '25000', '25056', '25', 'Doubs'),
    t('Belfort', '90000', '90010', '90', 'Territoire de Belfort'),
  ],
  '53': [
    t('Rennes', '35000', '35238', '35', 'Ille-et-Vilaine'),
    t('Brest', '29200', '29019', '29', 'Finistère'),
    t('Redon', '35600', '35236', '35', 'Ille-et-Vilaine'),
  ],
  '24': [
    t('Orléans', '45000', '45234', '45', 'Loiret'),
    t('Tours', '37000', '37261', '37', 'Indre-et-Loire'),
    t('Vierzon', '18100', '18279', '18', 'Cher'),
  ],
  '94': [t('Ajaccio', '20000', '2A004', '2A', 'Corse-du-Sud'), t('Bastia', '20200', '2B033', '2B', 'Haute-Corse')],
  '44': [
    t('Strasbourg', '67000', '67482', '67', 'Bas-Rhin'),
    t('Nancy', '54000', '54395', '54', 'Meurthe-et-Moselle'),
    t('Charleville-Mézières', '08000', '08105', '08', 'Ardennes'),
  ],
  '32': [
    t('Lille', '59000', '59350', '59', 'Nord'),
    t('Amiens', '80000', '80021', '80', 'Somme'),
    t('Arras', '62000', '62041', '62', 'Pas-de-Calais'),
    t('Beauvais', '60000', '60057', '60', 'Oise'),
    t('Calais', '62100', '62193', '62', 'Pas-de-Calais'),
  ],
  '11': [
    t('Paris', '75011', '75056', '75', 'Paris'),
    t('Montreuil', '93100', '93048', '93', 'Seine-Saint-Denis'),
    t('Évry-Courcouronnes', '91000', '91228', '91', 'Essonne'),
    t('Cergy', '95000', '95127', '95', "Val-d'Oise"),
  ],
  '28': [
    t('Caen', '14000', '14118', '14', 'Calvados'),
    t('Rouen', '76000', '76540', '76', 'Seine-Maritime'),
    t('Cherbourg-en-Cotentin', '50100', '50129', '50', 'Manche'),
  ],
  '75': [
    t('Bordeaux', '33000', '33063', '33', 'Gironde'),
    t('Limoges', '87000', '87085', '87', 'Haute-Vienne'),
    t('Poitiers', '86000', '86194', '86', 'Vienne'),
    t('Angoulême', '16000', '16015', '16', 'Charente'),
    t('Niort', '79000', '79191', '79', 'Deux-Sèvres'),
    t('Saintes', '17100', '17415', '17', 'Charente-Maritime'),
  ],
  '76': [
    t('Toulouse', '31000', '31555', '31', 'Haute-Garonne'),
    t('Montpellier', '34000', '34172', '34', 'Hérault'),
    t('Perpignan', '66000', '66136', '66', 'Pyrénées-Orientales'),
    t('Castres', '81100', '81065', '81', 'Tarn'),
  ],
  '52': [
    t('Nantes', '44000', '44109', '44', 'Loire-Atlantique'),
    t('Angers', '49000', '49007', '49', 'Maine-et-Loire'),
    t('Saint-Nazaire', '44600', '44184', '44', 'Loire-Atlantique'),
  ],
  '93': [
    t('Marseille', '13001', '13055', '13', 'Bouches-du-Rhône'),
    t('Avignon', '84000', '84007', '84', 'Vaucluse'),
    t('Gap', '05000', '05061', '05', 'Hautes-Alpes'),
    t('Nice', '06000', '06088', '06', 'Alpes-Maritimes'),
  ],
  '01': [t('Pointe-à-Pitre', '97110', '97120', '971', 'Guadeloupe'), t('Basse-Terre', '97100', '97105', '971', 'Guadeloupe')],
  '02': [t('Fort-de-France', '97200', '97209', '972', 'Martinique')],
  '03': [t('Cayenne', '97300', '97302', '973', 'Guyane')],
  '04': [t('Saint-Denis', '97400', '97411', '974', 'La Réunion')],
  '06': [t('Mamoudzou', '97600', '97611', '976', 'Mayotte')],
};

const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'rue des Écoles',
  'place de la Mairie',
  'rue du Moulin',
  'boulevard Victor Hugo',
  'rue de la Gare',
  'allée des Tilleuls',
  'rue Pasteur',
  'chemin des Vignes',
  'rue du Port',
  'impasse des Artisans',
];

// Common French first and last names; combinations are fictitious. Names of people cited in the seeds are left out.
const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Julie',
  'Sarah',
  'Laura',
  'Claire',
  'Émilie',
  'Nathalie',
  'Isabelle',
  'Céline',
  'Aurélie',
  'Sandrine',
  'Hélène',
  'Anne',
  'Marie',
  'Élodie',
  'Pauline',
  'Agnès',
  'Thomas',
  'Nicolas',
  'Julien',
  'Maxime',
  'Antoine',
  'Alexandre',
  'Guillaume',
  'Romain',
  'Mathieu',
  'Sébastien',
  'Olivier',
  'Laurent',
  'Philippe',
  'Vincent',
  'Benoît',
  'Hugo',
  'Lucas',
  'Karim',
  'Mehdi',
  'Fabrice',
];
const LAST_NAMES = [
  'Bernard',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefebvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefèvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
  'Perrin',
  'Robin',
  'Clément',
  'Morin',
  'Henry',
  'Roussel',
  'Mathieu',
  'Masson',
  'Benali',
  'Nguyen',
  'Da Silva',
  'Le Gall',
  'Hoarau',
];

/** Fictitious numbers: ARCEP reserves these ranges for fiction (01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49, 06 39 98). */
const PHONE_PREFIX: Record<string, string> = {
  '11': '01 99 00',
  '28': '02 61 91',
  '53': '02 61 91',
  '52': '02 61 91',
  '24': '02 61 91',
  '44': '03 53 01',
  '32': '03 53 01',
  '27': '03 53 01',
  '84': '04 65 71',
  '93': '04 65 71',
  '94': '04 65 71',
  '75': '05 36 49',
  '76': '05 36 49',
};

// ---------------------------------------------------------------------------------------------------------------
// Structures

interface Structure {
  slot: number;
  project: DemoProject;
  projectName: string;
  raisonSociale: string;
  formKey: FormKey;
  form: LegalForm;
  esus: boolean;
  esusDate: string | null;
  siren: string;
  siret: string;
  town: Town;
  streetNumber: string;
  streetName: string;
  naf: [string, string];
  dateCreation: string;
  annee: number;
  salaries: number;
  membres: number;
  capital: string | null;
  rna: string | null;
  referentFirst: string;
  referentLast: string;
  email: string;
  phone: string;
  collectivite: string;
  secteur: string;
}

function hintedForm(name: string): FormKey | null {
  if (/\bscop\b/i.test(name) && !/f[ée]d[ée]ration/i.test(name)) return 'scopSarl';
  if (/coop[ée]rative\b|\bscic\b/i.test(name)) return 'scicSa';
  if (/^sarl\b/i.test(name)) return 'sarl';
  if (/^sas\b/i.test(name)) return 'sas';
  // Public bodies carry their own public-law category (seed 004, Annexe 2: a mairie, a conseil général, an
  // agglomeration, a university answered the 2011 call): ineligible under the AMI (seed 001: "personne morale de droit
  // privé"), as they would be.
  if (/^mairie\b/i.test(name)) return 'commune';
  if (/^conseil g[ée]n[ée]ral\b/i.test(name)) return 'departement';
  if (/^communaut[ée] d'agglom[ée]ration\b/i.test(name)) return 'agglomeration';
  if (/^univ(ersit[ée])?\b/i.test(name)) return 'universite';
  // Networks and chambers: in the demo they carry their PTCE through an association.
  if (
    /association|f[ée]d[ée]ration|collectif|r[ée]seau|ligue|comit[ée]|chambre|\bcres{1,2}\b|mairie|maire de|conseil g[ée]n[ée]ral|communaut[ée] d|\bcg ?\d|m[ée]tropole|agglo|plaine commune|univ|\bpays\b|maison de|\bcbe\b|union|udess/i.test(
      name,
    )
  )
    return 'association';
  return null;
}

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function pickTown(rng: Rng, p: DemoProject): Town {
  const towns = TOWNS[p.regionCode];
  if (!towns) throw new Error(`no town for region ${p.regionCode}`);
  // A town named in the project or structure wins: "Maison de l'Economie Solidaire de Vierzon" is in Vierzon.
  const plain = (s: string): string => slugify(s).replace(/-/g, ' ');
  const named = towns.find((tw) => plain(`${p.name} ${p.structureName}`).includes(plain(tw.name)));
  return named ?? pick(rng, towns);
}

function formatPhone(rng: Rng, regionCode: string): string {
  const prefix = PHONE_PREFIX[regionCode] ?? '06 39 98';
  const national = `${prefix} ${digits(rng, 2)} ${digits(rng, 2)}`;
  const r = rng();
  if (r < 0.8) return national;
  if (r < 0.9) return national.replace(/ /g, '');
  return `+33 ${national.slice(1)}`;
}

/** Builds structures slot by slot, in order, so SIRENs and e-mails are unique and the same for a given seed. */
class StructureRegistry {
  private readonly built: Structure[] = [];
  private readonly sirens = new Set<string>();
  private readonly emails = new Set<string>();

  constructor(private readonly seed: number) {}

  get(slot: number): Structure {
    while (this.built.length <= slot) this.built.push(this.build(this.built.length));
    return this.built[slot] as Structure;
  }

  private build(slot: number): Structure {
    const rng = rngFor('structure', this.seed, slot);
    const cycle = Math.floor(slot / DEMO_PROJECTS.length);
    const index = slot % DEMO_PROJECTS.length;
    const project = DEMO_PROJECTS[index] as DemoProject;
    const suffix = cycle === 0 ? '' : ` ${cycle + 1}`;

    let formKey: FormKey;
    let esus: boolean;
    if (slot === SPECIAL_SLOTS.sasWithoutEsus) {
      formKey = 'sas';
      esus = false;
    } else if (slot === SPECIAL_SLOTS.fondation) {
      formKey = 'fondation';
      esus = false;
    } else {
      const r = rng();
      formKey = hintedForm(project.structureName) ?? (r < 0.62 ? 'association' : r < 0.78 ? 'scopSarl' : r < 0.92 ? 'scicSa' : 'sas');
      const esusShare: Record<FormKey, number> = {
        association: 0.15,
        scopSarl: 0.4,
        scicSa: 0.6,
        sas: 1,
        sarl: 1,
        fondation: 0,
        commune: 0,
        departement: 0,
        agglomeration: 0,
        universite: 0,
      };
      esus = chance(rng, esusShare[formKey]);
    }

    let siren = randomSiren(rng);
    while (this.sirens.has(siren)) siren = randomSiren(rng);
    this.sirens.add(siren);

    const annee = int(rng, 1988, 2020);
    const dateCreation = `${annee}-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`;
    const esusYear = Math.max(annee + 1, int(rng, 2015, 2021));
    const esusDate = esus
      ? `${Math.min(esusYear, 2021)}-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`
      : null;
    const town = pickTown(rng, project);

    const referentFirst = pick(rng, FIRST_NAMES);
    const referentLast = pick(rng, LAST_NAMES);
    const local = `${slugify(referentFirst)}.${slugify(referentLast)}`.replace(/-/g, '');
    let email = `${local}@example.org`;
    for (let n = 2; this.emails.has(email); n++) email = `${local}${n}@example.org`;
    this.emails.add(email);

    return {
      slot,
      project,
      projectName: project.name + suffix,
      raisonSociale: project.structureName + suffix,
      formKey,
      form: FORMS[formKey],
      esus,
      esusDate,
      siren,
      siret: siretFor(siren, int(rng, 1, 60)),
      town,
      streetNumber: String(int(rng, 1, 120)),
      streetName: pick(rng, STREETS),
      naf: pick(rng, NAF[formKey]),
      dateCreation,
      annee,
      salaries: int(rng, 1, 25),
      membres: int(rng, 8, 60),
      capital: formKey === 'association' || formKey === 'fondation' ? null : String(int(rng, 2, 80) * 500),
      rna: formKey === 'association' ? `W${town.departmentCode.slice(0, 2).replace(/\D/g, '9')}${digits(rng, 7)}` : null,
      referentFirst,
      referentLast,
      email,
      phone: formatPhone(rng, project.regionCode),
      collectivite: pick(rng, COLLECTIVITES),
      secteur: pickSecteur(rng),
    };
  }
}

const registries = new Map<number, StructureRegistry>();
function registryFor(seed: number): StructureRegistry {
  let r = registries.get(seed);
  if (!r) {
    r = new StructureRegistry(seed);
    registries.set(seed, r);
  }
  return r;
}

function tvaNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

function codeEffectif(salaries: number): string {
  if (salaries <= 2) return '01';
  if (salaries <= 5) return '02';
  if (salaries <= 9) return '03';
  if (salaries <= 19) return '11';
  return '12';
}

function demandeurFor(st: Structure, number: number): DsPersonneMorale {
  const streetAddress = `${st.streetNumber} ${st.streetName}`;
  const label = `${streetAddress} ${st.town.postalCode} ${st.town.name}`;
  return {
    __typename: 'PersonneMorale',
    id: typedId('Etablissement', number),
    siret: st.siret,
    siegeSocial: true,
    naf: st.naf[0],
    libelleNaf: st.naf[1],
    address: {
      label,
      type: 'housenumber',
      streetAddress,
      streetNumber: st.streetNumber,
      streetName: st.streetName,
      postalCode: st.town.postalCode,
      cityName: st.town.name,
      cityCode: st.town.inseeCode,
      departmentName: st.town.departmentName,
      departmentCode: st.town.departmentCode,
      regionName: regionName(st.project.regionCode),
      regionCode: st.project.regionCode,
      countryCode: 'FR',
      countryName: 'France',
      geometry: null,
    },
    entreprise: {
      siren: st.siren,
      siretSiegeSocial: st.siret,
      raisonSociale: st.raisonSociale,
      nomCommercial: '',
      inlineAdresse: label.toUpperCase(),
      formeJuridique: st.form.label,
      formeJuridiqueCode: st.form.code,
      dateCreation: st.dateCreation,
      etatAdministratif: 'Actif',
      capitalSocial: st.capital,
      codeEffectifEntreprise: codeEffectif(st.salaries),
      numeroTvaIntracommunautaire: st.formKey === 'association' || st.formKey === 'fondation' ? null : tvaNumber(st.siren),
      enseigne: null,
      nom: null,
      prenom: null,
      effectifMensuel: null,
      effectifAnnuel: null,
      attestationFiscaleAttachment: null,
      attestationSocialeAttachment: null,
    },
    association: st.rna
      ? {
          rna: st.rna,
          titre: st.raisonSociale.toUpperCase(),
          objet: `Favoriser la coopération économique et le développement de l'économie sociale et solidaire à ${st.town.name} et alentour.`,
          dateCreation: st.dateCreation,
          dateDeclaration: st.dateCreation,
          datePublication: st.dateCreation,
        }
      : null,
    adresse: label,
    codeInseeLocalite: st.town.inseeCode,
    codePostal: st.town.postalCode,
    localite: st.town.name,
    complementAdresse: null,
    nomVoie: st.streetName,
    numeroVoie: st.streetNumber,
    typeVoie: null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Dossiers

function statutsFilename(rng: Rng, st: Structure): string {
  const clean = st.raisonSociale
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return pick(rng, [
    `Statuts ${clean}.pdf`,
    'statuts.pdf',
    `STATUTS_${slugify(st.raisonSociale).toUpperCase().slice(0, 30)}.pdf`,
    `Statuts signés ${st.annee}.pdf`,
    `statuts-modifiés-AG-${int(rng, Math.max(st.annee, 2015), 2021)}.pdf`,
  ]);
}

function referentDisplayName(rng: Rng, st: Structure): string {
  const r = rng();
  if (r < 0.8) return `${st.referentFirst} ${st.referentLast}`;
  if (r < 0.95) return `${st.referentFirst} ${st.referentLast.toUpperCase()}`;
  return `${st.referentLast.toUpperCase()} ${st.referentFirst}`;
}

function territoireFragile(rng: Rng): string[] {
  if (chance(rng, 0.3)) return ['Aucun'];
  return sample(rng, TERRITOIRE_FRAGILE_OPTIONS.slice(0, 3), int(rng, 1, 2));
}

interface DossierFlags {
  late: boolean;
  missingStatuts: boolean;
  huge: boolean;
}

function buildDossier(position: number, number: number, st: Structure, o: GenerateOptions, flags: DossierFlags): DsDossier {
  const rng = rngFor('dossier', o.seed, o.demarcheNumber, position);
  const deadline = o.deadline.getTime();
  const opened = (o.openedAt ?? new Date(deadline - 42 * DAY_MS)).getTime();

  // Deposits bunch up before the deadline, as they do on DS.
  const depot = flags.late
    ? deadline + int(rng, 5 * 60, 72 * 3600) * 1000
    : Math.min(deadline - 60_000, opened + Math.sqrt(rng()) * (deadline - opened));
  const started = Math.max(opened, depot - int(rng, 1, 20) * DAY_MS);
  const enInstruction = !flags.late && chance(rng, o.instructionShare ?? 0.15);
  const instructionAt = enInstruction ? Math.max(depot, deadline) + int(rng, 1, 10 * 24) * HOUR_MS : null;
  const champsEditedAt = chance(rng, 0.3) ? depot + int(rng, 10, 48 * 60) * 60_000 : depot;
  const lastChange = Math.max(champsEditedAt, instructionAt ?? 0);
  const at = (ms: number): string => dsDateTime(new Date(ms));
  const champAt = (): string => at(started + rng() * (depot - started));

  const ctx: TextContext = {
    projet: st.projectName,
    structure: st.raisonSociale,
    ville: st.town.name,
    departement: st.town.departmentName,
    region: regionName(st.project.regionCode),
    annee: st.annee,
    membres: st.membres,
    salaries: st.salaries,
    budget: int(rng, 8, 120) * 5000,
    emplois: int(rng, 3, 40),
    communes: int(rng, 5, 60),
    secteur: st.secteur,
    collectivite: st.collectivite,
    phase: o.phase,
  };

  let files: DsFile[] = [];
  if (!flags.missingStatuts) {
    const fileId = `${number}-${digits(rng, 4)}${Math.floor(rng() * 0xffffffff)
      .toString(16)
      .padStart(8, '0')}`;
    const filename = statutsFilename(rng, st);
    const byteSize = flags.huge ? (o.hugeFileBytes ?? DEFAULT_HUGE_FILE_BYTES) : int(rng, 25_000, 900_000);
    files = [
      {
        filename,
        contentType: 'application/pdf',
        byteSize,
        byteSizeBigInt: String(byteSize),
        checksum: fileChecksum(fileId, byteSize),
        url: `${o.baseUrl.replace(/\/+$/, '')}/files/${fileId}/${encodeURIComponent(filename)}`,
        createdAt: at(started + rng() * (depot - started)),
        virusScanResult: 'safe',
      },
    ];
  }

  const fragile = territoireFragile(rng);
  const montant = int(rng, 4, 20) * 5000;
  const texts = new Map<TextKey, string | null>();
  for (const key of TEXT_KEYS) {
    const optional = key === 'planActions' || key === 'implicationMembres' || key === 'coordination';
    texts.set(key, optional && chance(rng, 0.4) ? null : composeText(rng, key, { ...ctx, fragile }));
  }

  const champs: DsChamp[] = [];
  const referentName = referentDisplayName(rng, st);
  for (const e of formFor(o.phase)) {
    const base = {
      id: typedId('Champ', `${e.stableId}|${number}`),
      champDescriptorId: typedId('Champ', e.stableId),
      label: e.label,
      updatedAt: champAt(),
      prefilled: false,
      columns: [],
    };
    const champ = champFor(e, base, { st, rng, files, fragile, montant, texts, referentName });
    if (champ) champs.push(champ);
  }
  if (champsEditedAt !== depot) {
    const edited = pick(
      rng,
      champs.filter((c) => c.__typename === 'TextChamp'),
    );
    edited.updatedAt = at(champsEditedAt);
  }

  const traitements: DsDossier['traitements'] = [
    {
      id: typedId('Traitement', number * 10 + 1),
      state: 'en_construction',
      event: 'depose',
      dateTraitement: at(depot),
      emailAgentTraitant: null,
      motivation: null,
      revision: null,
    },
  ];
  if (instructionAt !== null) {
    traitements.push({
      id: typedId('Traitement', number * 10 + 2),
      state: 'en_instruction',
      event: 'passe_en_instruction',
      dateTraitement: at(instructionAt),
      emailAgentTraitant: 'instruction.ptce@example.org',
      motivation: null,
      revision: null,
    });
  }

  const usagerEmail = chance(rng, 0.7) ? st.email : `contact.${slugify(st.raisonSociale).slice(0, 24).replace(/-+$/, '')}@example.org`;
  return {
    id: typedId('Dossier', number),
    number,
    state: enInstruction ? 'en_instruction' : 'en_construction',
    archived: false,
    connectionUsager: 'password',
    prefilled: false,
    deposeParUnTiers: false,
    nomMandataire: null,
    prenomMandataire: null,
    dateDepot: at(depot),
    datePassageEnConstruction: at(depot),
    datePassageEnInstruction: instructionAt === null ? null : at(instructionAt),
    dateTraitement: null,
    dateDerniereModification: at(lastChange),
    dateDerniereModificationChamps: at(champsEditedAt),
    dateDerniereModificationAnnotations: at(depot),
    dateDerniereCorrectionEnAttente: null,
    dateExpiration: null,
    dateSuppressionParUsager: null,
    dateSuppressionParAdministration: null,
    motivation: null,
    groupeInstructeur: {
      id: typedId('GroupeInstructeur', o.demarcheNumber * 10 + 1),
      number: o.demarcheNumber * 10 + 1,
      label: 'défaut',
      closed: false,
      instructeurs: [],
    },
    usager: { id: typedId('User', 900_000 + st.slot), email: usagerEmail },
    instructeurs: [],
    demandeur: demandeurFor(st, number),
    champs,
    annotations: [],
    avis: [],
    messages: [],
    traitements,
    labels: [],
    attestation: null,
    pdf: null,
    geojson: null,
    motivationAttachment: null,
  };
}

interface ChampInputs {
  st: Structure;
  rng: Rng;
  files: DsFile[];
  fragile: string[];
  montant: number;
  texts: Map<TextKey, string | null>;
  referentName: string;
}

type ChampBase = Pick<DsChamp, 'id' | 'champDescriptorId' | 'label' | 'updatedAt' | 'prefilled' | 'columns'>;

function text(base: ChampBase, value: string | null): DsChamp {
  // DS gives an empty optional champ a null value and an empty stringValue.
  return { ...base, __typename: 'TextChamp', value, stringValue: value ?? '' };
}

function champFor(e: FormEntry, base: ChampBase, x: ChampInputs): DsChamp | null {
  const { st } = x;
  switch (e.key) {
    case null:
      return { ...base, __typename: 'HeaderSectionChamp', level: e.level ?? 1, stringValue: null };
    case 'nomProjet':
      return text(base, st.projectName);
    case 'region': {
      const region = { name: regionName(st.project.regionCode), code: st.project.regionCode };
      return { ...base, __typename: 'RegionChamp', region, stringValue: region.name };
    }
    case 'statuts':
      return {
        ...base,
        __typename: 'PieceJustificativeChamp',
        files: x.files,
        file: x.files[0] ?? null,
        stringValue: x.files.map((f) => f.filename).join(', '),
      };
    case 'agrementEsus':
      return { ...base, __typename: 'YesNoChamp', value: st.esus, stringValue: st.esus ? 'Oui' : 'Non' };
    case 'dateAgrementEsus':
      // Conditional on "Agrément ESUS": DS leaves hidden champs out of `champs`.
      if (!st.esusDate) return null;
      return {
        ...base,
        __typename: 'DateChamp',
        date: st.esusDate,
        value: dsMidnight(st.esusDate),
        stringValue: frenchLongDate(st.esusDate),
      };
    case 'nomReferent':
      return text(base, x.referentName);
    case 'courrielReferent':
      return text(base, chance(x.rng, 0.1) ? st.email.replace(/^./, (c) => c.toUpperCase()) : st.email);
    case 'telephoneReferent':
      return text(base, st.phone);
    case 'territoireFragile':
      return { ...base, __typename: 'MultipleDropDownListChamp', values: x.fragile, stringValue: x.fragile.join(', ') };
    case 'montantDemande':
      return { ...base, __typename: 'DecimalNumberChamp', value: x.montant, stringValue: String(x.montant) };
    case 'membres':
      return membersChamp(base, x);
    default:
      return text(base, x.texts.get(e.key as TextKey) ?? null);
  }
}

/**
 * "Membres du PTCE" (seed 001: "réseaux, entreprises et structures de l'ESS associés à des entreprises industrielles et
 * commerciales et, le cas échéant, des collectivités locales, des centres de recherche et organismes de formation"):
 * most dossiers list 3 to 6 members, ESS structures and companies first; a few list none (judged on the text) or no
 * company (the pre-check then says so). Its own random stream: the other champs do not change with it.
 */
function membersChamp(base: ChampBase, x: ChampInputs): DsChamp {
  const rng = rngFor('members', x.st.siren);
  const town = x.st.town.name;
  const r = rng();
  const ess = [`Recyclerie de ${town}`, `Régie de quartier de ${town}`, 'SCOP Bâtir ensemble', `Jardin d'insertion de ${town}`];
  const companies = [
    `Menuiserie du ${x.st.town.departmentName}`,
    `Transports ${town}`,
    `Imprimerie de ${town}`,
    'Atelier mécanique Durand et fils',
  ];
  const members: [string, string, boolean][] = []; // name, nature, with a SIRET
  if (r >= 0.12) {
    members.push([pick(rng, ess), MEMBER_NATURES[0], chance(rng, 0.6)]);
    if (r >= 0.22) members.push([pick(rng, companies), MEMBER_NATURES[1], chance(rng, 0.6)]);
    members.push([cap(x.st.collectivite), MEMBER_NATURES[2], false]);
    if (chance(rng, 0.4)) members.push([`Laboratoire universitaire de ${town}`, MEMBER_NATURES[3], false]);
    if (chance(rng, 0.4)) members.push([`Lycée professionnel de ${town}`, MEMBER_NATURES[4], false]);
  }
  const rows = members.map(([name, nature, withSiret], i) => {
    const sub = (k: number, label: string, value: string | null, typename: 'TextChamp' | 'DropDownListChamp'): DsChamp => ({
      ...base,
      id: typedId('Champ', `${base.id}|${i}|${k}`),
      champDescriptorId: typedId('Champ', 1600 + k),
      label,
      __typename: typename,
      value,
      stringValue: value ?? '',
    });
    const champs = [
      sub(1, MEMBER_LABELS.nom, name, 'TextChamp'),
      sub(2, MEMBER_LABELS.siret, withSiret ? siretFor(randomSiren(rng), 1) : null, 'TextChamp'),
      sub(3, MEMBER_LABELS.nature, nature, 'DropDownListChamp'),
    ];
    return { id: typedId('Row', `${base.id}|${i}`), champs };
  });
  return {
    ...base,
    __typename: 'RepetitionChamp',
    rows,
    champs: rows.flatMap((row) => row.champs),
    stringValue: members.map(([name, nature]) => `${name} (${nature})`).join(', '),
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function slotsFor(o: GenerateOptions): number[] {
  const n = DEMO_PROJECTS.length;
  const indices = o.projectIndices;
  return Array.from({ length: o.count }, (_, i) => {
    if (!indices || indices.length === 0) return i;
    const index = indices[i % indices.length] as number;
    return index + Math.floor(i / indices.length) * n;
  });
}

export function generateDemo(o: GenerateOptions): GeneratedSet {
  if (!Number.isInteger(o.count) || o.count < 0) throw new Error('count must be a non-negative integer');
  const start = o.startNumber ?? defaultStartNumber(o.phase);
  const registry = registryFor(o.seed);
  // Late, missing-statuts and huge-file dossiers are disjoint (as far as count allows) so tests can count each.
  const order = sample(
    rngFor('flags', o.seed, o.demarcheNumber),
    Array.from({ length: o.count }, (_, i) => i),
    o.count,
  );
  const takeFrom = (from: number, n: number): Set<number> => new Set(order.slice(from, from + Math.max(0, n ?? 0)));
  const late = takeFrom(0, o.lateCount ?? 0);
  const missing = takeFrom(late.size, o.missingStatutsCount ?? 0);
  const huge = takeFrom(late.size + missing.size, o.hugeFileCount ?? 0);

  const result: GeneratedSet = { dossiers: [], lateNumbers: [], missingStatutsNumbers: [], hugeFileNumbers: [] };
  slotsFor(o).forEach((slot, i) => {
    const number = start + i;
    const flags = { late: late.has(i), missingStatuts: missing.has(i), huge: huge.has(i) };
    let dossier = buildDossier(i, number, registry.get(slot), o, flags);
    const override = o.overrides?.[number];
    if (override) dossier = override(dossier) ?? dossier;
    if (flags.late) result.lateNumbers.push(number);
    if (flags.missingStatuts) result.missingStatutsNumbers.push(number);
    if (flags.huge) result.hugeFileNumbers.push(number);
    result.dossiers.push(dossier);
  });
  return result;
}

/** The dossiers only; see generateDemo for which ones are late, lack statuts or carry a huge file. */
export function generateDossiers(o: GenerateOptions): DsDossier[] {
  return generateDemo(o).dossiers;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers to derive malformed or modified dossiers (tests, stand-in control API)

export function findChamp(d: DsDossier, label: string): DsChamp | undefined {
  return d.champs.find((c) => c.label === label);
}

/** Sets a text champ's value (creating nothing: the champ must exist). */
export function setTextChamp(d: DsDossier, label: string, value: string | null, updatedAt?: string): DsDossier {
  const c = findChamp(d, label);
  if (!c || c.__typename !== 'TextChamp') throw new Error(`no text champ "${label}" in dossier ${d.number}`);
  c.value = value;
  c.stringValue = value ?? '';
  if (updatedAt) c.updatedAt = updatedAt;
  return d;
}

export function removeChamp(d: DsDossier, label: string): DsDossier {
  d.champs = d.champs.filter((c) => c.label !== label);
  return d;
}

/** The demandeur's SIRET no longer passes Luhn (the SIREN still does). */
export function withInvalidSiret(d: DsDossier): DsDossier {
  if (d.demandeur.__typename === 'PersonnePhysique') throw new Error('a PersonnePhysique has no SIRET');
  d.demandeur.siret = breakLuhn(d.demandeur.siret);
  if (d.demandeur.__typename === 'PersonneMorale' && d.demandeur.entreprise) d.demandeur.entreprise.siretSiegeSocial = d.demandeur.siret;
  return d;
}

/** What DS returns when the INSEE lookup failed at deposit: a bare SIRET. */
export function withIncompleteDemandeur(d: DsDossier): DsDossier {
  if (d.demandeur.__typename === 'PersonnePhysique') throw new Error('a PersonnePhysique has no SIRET');
  d.demandeur = { __typename: 'PersonneMoraleIncomplete', id: d.demandeur.id, siret: d.demandeur.siret };
  return d;
}

/** The project's name as the dossier carries it ("Nom du projet"). */
export function projectNameOf(d: DsDossier): string | null {
  const c = findChamp(d, LABELS.nomProjet);
  return c && c.__typename === 'TextChamp' ? c.value : null;
}
