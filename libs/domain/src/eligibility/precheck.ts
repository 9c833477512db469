import { formatParis, formatParisDate, isLate } from '../calendar';
import { AMBIGUOUS_COOPERATIVE_CODES, LEGAL_FORM_LABELS, legalCategoryOf, legalFormLabel, normaliseLegalFormCode } from '../legal-category';
import { regionCodeFromName } from '../regions';
import { memberKindCounts } from '../members';
import { criteriaForPhase, type EligibilityCriterionCode } from './criteria';
import { MANDATORY_SECTIONS, SECTION_LABELS } from './sections';

export type AutoResult = 'ok' | 'ko' | 'a_verifier';

export interface CriterionResult {
  code: EligibilityCriterionCode;
  label: string;
  auto: AutoResult;
  /** French, shown to the instructeur: why the pre-check proposes this result. */
  reason: string;
}

export interface PrecheckInput {
  phase: 1 | 2;
  /** esusDate: the date the ESUS agrément was granted (DS champ "Date de l'agrément ESUS"), YYYY-MM-DD or ISO. */
  structure: { legalFormCode?: string | null; esus?: boolean | null; esusDate?: string | Date | null };
  /** The structured member list of the dossier (null or absent: not filled yet). */
  members?: readonly { kind: string }[] | null;
  attachments: readonly { kind: string }[];
  sections: Readonly<Record<string, string | null | undefined>>;
  projectName?: string | null;
  /** INSEE code or name of the region. */
  region?: string | null;
  referent: { name?: string | null; email?: string | null; phone?: string | null };
  depositedAt?: Date | string | null;
  deadline?: Date | string | null;
  invitedToPhase2?: boolean | null;
}

/** Below this, a governance section is too short to judge on its own words. */
export const GOVERNANCE_MIN_LENGTH = 200;
/** Words that show the section actually describes a governance (accents removed, lower case). */
const GOVERNANCE_WORDS =
  /gouvernance|assemblee|conseil|college|vote|democrat|une (personne|voix|structure),? une voix|comite|instance|societaire|parties prenantes/;

const SHORT_FORM: Record<string, string> = { '5710': 'SAS', '5499': 'SARL' };

const filled = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Validity of the ESUS agrément on the deposit date. The agrément is time-limited (code du travail, art. R. 3332-21-3:
 * five years, two years for a company younger than three years), so the pre-check compares its date with the deposit
 * date. Seed 001 makes it a condition for commercial companies: "société commerciale agréée ESUS". Never a rejection:
 * an expired or doubtful agrément makes the criterion "à vérifier".
 */
export const ESUS_VALIDITY_YEARS = 5;
export const ESUS_SHORT_VALIDITY_YEARS = 2;
export type EsusValidity = 'valide' | 'expire' | 'a_verifier';

function addYears(d: Date, years: number): Date {
  const out = new Date(d.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

function parseDay(x: string | Date | null | undefined): Date | null {
  if (x == null || x === '') return null;
  const d = x instanceof Date ? x : new Date(/^\d{4}-\d{2}-\d{2}$/.test(x) ? `${x}T12:00:00Z` : x);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function esusValidity(
  esusDate: string | Date | null | undefined,
  depositedAt: string | Date | null | undefined,
): { validity: EsusValidity; note: string } {
  const granted = parseDay(esusDate);
  const deposit = parseDay(depositedAt);
  if (!granted) return { validity: 'a_verifier', note: 'date de l’agrément ESUS non renseignée : date à vérifier' };
  const g = formatParisDate(granted);
  if (!deposit) return { validity: 'a_verifier', note: `agrément ESUS du ${g}, date de dépôt inconnue : date à vérifier` };
  if (granted.getTime() > deposit.getTime())
    return { validity: 'a_verifier', note: `agrément ESUS daté du ${g}, après le dépôt : date à vérifier` };
  const end = addYears(granted, ESUS_VALIDITY_YEARS);
  if (end.getTime() < deposit.getTime())
    return {
      validity: 'expire',
      note: `agrément ESUS expiré : accordé le ${g} pour ${ESUS_VALIDITY_YEARS} ans, échu le ${formatParisDate(end)}, avant le dépôt`,
    };
  if (addYears(granted, ESUS_SHORT_VALIDITY_YEARS).getTime() < deposit.getTime())
    return {
      validity: 'a_verifier',
      note: `agrément ESUS du ${g} : date à vérifier (un agrément de ${ESUS_SHORT_VALIDITY_YEARS} ans, pour une entreprise de moins de 3 ans, serait échu au dépôt)`,
    };
  return { validity: 'valide', note: `agrément ESUS du ${g}, en cours de validité au dépôt` };
}

/** An "ok because ESUS" result, downgraded to "à vérifier" when the agrément had expired at the deposit. */
function withEsus(okReason: string, input: EsusInput): Pick<CriterionResult, 'auto' | 'reason'> {
  if (!input.checkDate) return { auto: 'ok', reason: okReason };
  const v = esusValidity(input.esusDate, input.depositedAt);
  const base = okReason.replace(/\.$/, '');
  if (v.validity === 'expire') return { auto: 'a_verifier', reason: `${base} ; ${v.note} : à vérifier.` };
  return { auto: 'ok', reason: `${base} ; ${v.note}.` };
}

interface EsusInput {
  /** Only when the caller gave a date field (even null): older callers keep the plain result. */
  checkDate: boolean;
  esusDate?: string | Date | null;
  depositedAt?: string | Date | null;
}

function checkLegalForm(
  structure: PrecheckInput['structure'],
  depositedAt?: PrecheckInput['depositedAt'],
): Pick<CriterionResult, 'auto' | 'reason'> {
  const esusInput: EsusInput = { checkDate: 'esusDate' in structure, esusDate: structure.esusDate, depositedAt };
  const code = normaliseLegalFormCode(structure.legalFormCode);
  if (code === null) {
    return {
      auto: 'a_verifier',
      reason: 'Catégorie juridique non renseignée ou illisible : à vérifier au vu des statuts.',
    };
  }
  const esus = structure.esus;
  if (AMBIGUOUS_COOPERATIVE_CODES.includes(code)) {
    const form = SHORT_FORM[code];
    if (esus === true) {
      return withEsus(
        `Catégorie juridique ${code} (${form}) avec agrément ESUS déclaré : forme éligible (agrément à vérifier).`,
        esusInput,
      );
    }
    return {
      auto: 'a_verifier',
      reason:
        `Catégorie juridique ${code} (${form}) : une SCIC ou une CAE constituée en ${form} porte ce code ; ` +
        'à confirmer au vu des statuts' +
        (esus === false ? ' (pas d’agrément ESUS déclaré : seule une forme coopérative la rendrait éligible).' : '.'),
    };
  }
  const label = legalFormLabel(code);
  switch (legalCategoryOf(code)) {
    case 'association':
      return { auto: 'ok', reason: `Catégorie juridique ${code} (${label}) : association, forme éligible.` };
    case 'cooperative':
      return { auto: 'ok', reason: `Catégorie juridique ${code} (${label}) : coopérative, forme éligible.` };
    case 'societe_commerciale':
      if (esus === true) {
        return withEsus(
          `Catégorie juridique ${code} (${label}) : société commerciale avec agrément ESUS déclaré, forme éligible (agrément à vérifier).`,
          esusInput,
        );
      }
      if (esus === false) {
        return {
          auto: 'ko',
          reason: `Catégorie juridique ${code} (${label}) : société commerciale sans agrément ESUS, forme non éligible.`,
        };
      }
      return {
        auto: 'a_verifier',
        reason: `Catégorie juridique ${code} (${label}) : société commerciale, éligible seulement avec l’agrément ESUS, non renseigné.`,
      };
    case 'autre':
      if (code === '9210') {
        return {
          auto: 'ko',
          reason: `Catégorie juridique 9210 (${LEGAL_FORM_LABELS['9210']}) : sans personnalité morale, forme non éligible.`,
        };
      }
      return {
        auto: 'ko',
        reason: `Catégorie juridique ${code} (${label}) : ni association, ni coopérative, ni société commerciale, forme non éligible.`,
      };
  }
}

function checkStatuts(attachments: PrecheckInput['attachments']): Pick<CriterionResult, 'auto' | 'reason'> {
  return attachments.some((a) => a.kind === 'statuts')
    ? { auto: 'ok', reason: 'Les statuts de la structure porteuse sont joints.' }
    : { auto: 'ko', reason: 'Les statuts de la structure porteuse ne sont pas joints au dossier.' };
}

/** Never ko on content: judging a governance is the instructeur's job; only an empty section fails. */
function checkGovernance(sections: PrecheckInput['sections']): Pick<CriterionResult, 'auto' | 'reason'> {
  const text = sections.gouvernance;
  if (!filled(text)) {
    return { auto: 'ko', reason: `La rubrique « ${SECTION_LABELS.gouvernance} » n’est pas renseignée.` };
  }
  const length = text.trim().length;
  const mentions = GOVERNANCE_WORDS.test(plain(text));
  if (length >= GOVERNANCE_MIN_LENGTH && mentions) {
    return {
      auto: 'ok',
      reason: `La rubrique « ${SECTION_LABELS.gouvernance} » décrit des instances de gouvernance (${length} caractères) ; à confirmer à la lecture.`,
    };
  }
  return {
    auto: 'a_verifier',
    reason:
      length < GOVERNANCE_MIN_LENGTH
        ? `La rubrique « ${SECTION_LABELS.gouvernance} » est succincte (${length} caractères) : caractère démocratique à apprécier.`
        : `La rubrique « ${SECTION_LABELS.gouvernance} » ne mentionne ni instance ni mode de décision : caractère démocratique à apprécier.`,
  };
}

/**
 * Seed 001: "un regroupement … de réseaux, entreprises et structures de l'ESS associés à des entreprises industrielles
 * et commerciales et, le cas échéant, des collectivités locales, des centres de recherche et organismes de formation".
 * At least one ESS structure and one company; the others optional. No list yet: to be judged from the section.
 */
function checkComposition(members: PrecheckInput['members']): Pick<CriterionResult, 'auto' | 'reason'> {
  if (!members || members.length === 0) {
    return {
      auto: 'a_verifier',
      reason: `Liste des membres non renseignée : composition à apprécier d’après la rubrique « ${SECTION_LABELS.acteurs} ».`,
    };
  }
  const c = memberKindCounts(members);
  const others = c.collectivite + c.recherche + c.formation + c.institution + c.autre;
  const summary = `${members.length} membre${members.length > 1 ? 's' : ''} : ${c.ess} structure${c.ess > 1 ? 's' : ''} de l’ESS, ${c.entreprise} entreprise${c.entreprise > 1 ? 's' : ''}, ${others} autre${others > 1 ? 's' : ''}`;
  const missing: string[] = [];
  if (c.ess === 0) missing.push('aucune structure de l’ESS');
  if (c.entreprise === 0) missing.push('aucune entreprise industrielle ou commerciale');
  if (missing.length > 0) return { auto: 'ko', reason: `${summary} ; ${missing.join(', ')}.` };
  return { auto: 'ok', reason: `${summary} : structures de l’ESS associées à des entreprises.` };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkComplete(input: PrecheckInput): Pick<CriterionResult, 'auto' | 'reason'> {
  const missing: string[] = [];
  const doubtful: string[] = [];
  if (!filled(input.projectName)) missing.push('nom du projet');
  if (!filled(input.region)) missing.push('région');
  else if (!regionCodeFromName(input.region)) doubtful.push(`région « ${input.region.trim()} » non reconnue`);
  if (!filled(input.referent.name)) missing.push('nom de la personne référente');
  if (!filled(input.referent.email)) missing.push('courriel de la personne référente');
  else if (!EMAIL.test(input.referent.email.trim())) doubtful.push('courriel de la personne référente invalide');
  if (!filled(input.referent.phone)) missing.push('téléphone de la personne référente');
  for (const key of MANDATORY_SECTIONS) {
    if (!filled(input.sections[key])) missing.push(`rubrique « ${SECTION_LABELS[key]} »`);
  }
  if (missing.length > 0) {
    return { auto: 'ko', reason: `Éléments manquants : ${[...missing, ...doubtful].join(', ')}.` };
  }
  if (doubtful.length > 0) {
    return { auto: 'a_verifier', reason: `Éléments à vérifier : ${doubtful.join(', ')}.` };
  }
  return { auto: 'ok', reason: 'Toutes les informations et rubriques obligatoires sont renseignées.' };
}

/** A late dossier is flagged "hors délai", never dropped: ko here, the instructeur decides. */
function checkDeadline(input: PrecheckInput): Pick<CriterionResult, 'auto' | 'reason'> {
  if (input.depositedAt == null) return { auto: 'a_verifier', reason: 'Date de dépôt inconnue.' };
  if (input.deadline == null) return { auto: 'a_verifier', reason: 'Date limite de dépôt de la phase non fixée.' };
  const dep = formatParis(input.depositedAt);
  const dl = formatParis(input.deadline);
  return isLate(input.depositedAt, input.deadline)
    ? { auto: 'ko', reason: `Hors délai : déposé le ${dep}, après la date limite du ${dl}.` }
    : { auto: 'ok', reason: `Déposé le ${dep}, avant la date limite du ${dl}.` };
}

function checkInvitation(invited: boolean | null | undefined): Pick<CriterionResult, 'auto' | 'reason'> {
  if (invited === true) return { auto: 'ok', reason: 'La structure a été invitée en phase 2 à l’issue de la phase 1.' };
  if (invited === false) {
    return { auto: 'ko', reason: 'La structure n’a pas été invitée en phase 2 à l’issue de la phase 1.' };
  }
  return { auto: 'a_verifier', reason: 'Invitation en phase 2 non établie : rattacher le dossier de phase 1.' };
}

/** The automatic proposal for each criterion of the phase, in the order of ELIGIBILITY_CRITERIA. */
export function precheckEligibility(input: PrecheckInput): CriterionResult[] {
  return criteriaForPhase(input.phase).map((c) => {
    let r: Pick<CriterionResult, 'auto' | 'reason'>;
    switch (c.code) {
      case 'forme_juridique':
        r = checkLegalForm(input.structure, input.depositedAt);
        break;
      case 'statuts':
        r = checkStatuts(input.attachments);
        break;
      case 'gouvernance_democratique':
        r = checkGovernance(input.sections);
        break;
      case 'composition_partenariat':
        r = checkComposition(input.members);
        break;
      case 'dossier_complet':
        r = checkComplete(input);
        break;
      case 'depot_dans_les_delais':
        r = checkDeadline(input);
        break;
      case 'invitation_phase2':
        r = checkInvitation(input.invitedToPhase2);
        break;
    }
    return { code: c.code, label: c.label, ...r };
  });
}
