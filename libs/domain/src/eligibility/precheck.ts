import { formatParis, isLate } from '../calendar';
import { AMBIGUOUS_COOPERATIVE_CODES, LEGAL_FORM_LABELS, legalCategoryOf, legalFormLabel, normaliseLegalFormCode } from '../legal-category';
import { regionCodeFromName } from '../regions';
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
  structure: { legalFormCode?: string | null; esus?: boolean | null };
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

function checkLegalForm(structure: PrecheckInput['structure']): Pick<CriterionResult, 'auto' | 'reason'> {
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
      return {
        auto: 'ok',
        reason: `Catégorie juridique ${code} (${form}) avec agrément ESUS déclaré : forme éligible (agrément à vérifier).`,
      };
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
        return {
          auto: 'ok',
          reason: `Catégorie juridique ${code} (${label}) : société commerciale avec agrément ESUS déclaré, forme éligible (agrément à vérifier).`,
        };
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
        r = checkLegalForm(input.structure);
        break;
      case 'statuts':
        r = checkStatuts(input.attachments);
        break;
      case 'gouvernance_democratique':
        r = checkGovernance(input.sections);
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
