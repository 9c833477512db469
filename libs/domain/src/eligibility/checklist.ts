import type { CriterionResult } from './precheck';

/**
 * The instructeur's decision on one criterion. Chosen shape: the instructeur sets the FINAL value, ok or ko, of
 * each criterion:
 *   { status: 'ok' | 'ko', reason?: string }
 * A written reason is required when the value differs from the automatic one (an override) and when the criterion
 * was 'a_verifier' (nothing to agree with). Confirming an automatic ok/ko needs no reason.
 * Accepted aliases, for clients that think in "confirm / override": { status: 'confirme' } takes the automatic
 * value (refused on an 'a_verifier' criterion), { status: 'infirme', reason } the opposite one.
 */
export type FinalValue = 'ok' | 'ko';
export interface CriterionDecision {
  status: FinalValue | 'confirme' | 'infirme';
  reason?: string | null;
}
export type ChecklistDecisions = Readonly<Record<string, CriterionDecision | null | undefined>>;

export interface ChecklistItem extends CriterionResult {
  decision: CriterionDecision | null;
  /** The value that counts: null until the instructeur has validly decided. */
  final: FinalValue | null;
  /** The final value differs from the automatic proposal (or decides an 'a_verifier'). */
  overridden: boolean;
  /** Why the decision is not valid (French), if so. */
  error?: string;
}

export interface Checklist {
  items: ChecklistItem[];
  allResolved: boolean;
  allPassed: boolean;
  failed: ChecklistItem[];
  /** {criterion code: French message} for invalid decisions; empty when all given decisions are valid. */
  errors: Record<string, string>;
}

export const CHECKLIST_MESSAGES = {
  unknownCriterion: 'Critère inconnu pour ce dossier.',
  invalidStatus: 'Décision invalide : « ok » (satisfait) ou « ko » (non satisfait) attendu.',
  reasonForOverride: 'Une justification écrite est obligatoire pour s’écarter du résultat automatique.',
  reasonForUndecided: 'Une justification écrite est obligatoire pour trancher un critère à vérifier.',
  confirmUndecided: 'Ce critère est à vérifier : indiquer s’il est satisfait ou non, avec une justification.',
} as const;

function finalOf(auto: CriterionResult['auto'], d: CriterionDecision): FinalValue | { error: string } {
  switch (d.status) {
    case 'ok':
    case 'ko':
      return d.status;
    case 'confirme':
      return auto === 'a_verifier' ? { error: CHECKLIST_MESSAGES.confirmUndecided } : auto;
    case 'infirme':
      if (auto === 'a_verifier') return { error: CHECKLIST_MESSAGES.confirmUndecided };
      return auto === 'ok' ? 'ko' : 'ok';
    default:
      return { error: CHECKLIST_MESSAGES.invalidStatus };
  }
}

function resolveItem(result: CriterionResult, decision: CriterionDecision | null): ChecklistItem {
  if (!decision) return { ...result, decision: null, final: null, overridden: false };
  const f = finalOf(result.auto, decision);
  if (typeof f === 'object') return { ...result, decision, final: null, overridden: false, error: f.error };
  const overridden = f !== result.auto;
  const hasReason = typeof decision.reason === 'string' && decision.reason.trim() !== '';
  if (overridden && !hasReason) {
    const error = result.auto === 'a_verifier' ? CHECKLIST_MESSAGES.reasonForUndecided : CHECKLIST_MESSAGES.reasonForOverride;
    return { ...result, decision, final: null, overridden, error };
  }
  return { ...result, decision, final: f, overridden };
}

/** Combine the pre-check with the instructeur's decisions. Invalid decisions count as undecided and are reported. */
export function resolveChecklist(results: readonly CriterionResult[], decisions: ChecklistDecisions = {}): Checklist {
  const items = results.map((r) => resolveItem(r, decisions[r.code] ?? null));
  const errors: Record<string, string> = {};
  for (const item of items) if (item.error) errors[item.code] = item.error;
  const known = new Set(results.map((r) => r.code as string));
  for (const [code, d] of Object.entries(decisions)) {
    if (d && !known.has(code)) errors[code] = CHECKLIST_MESSAGES.unknownCriterion;
  }
  const allResolved = items.every((i) => i.final !== null);
  return {
    items,
    allResolved,
    allPassed: allResolved && items.every((i) => i.final === 'ok'),
    failed: items.filter((i) => i.final === 'ko'),
    errors,
  };
}

/** The French messages that make a PUT of the checklist a VALIDATION_FAILED; empty when acceptable. */
export function validateChecklistDecisions(results: readonly CriterionResult[], decisions: ChecklistDecisions): Record<string, string> {
  return resolveChecklist(results, decisions).errors;
}

const sentence = (s: string) => s.trim().replace(/[.\s]+$/, '');

/**
 * A motif for declarer_ineligible, prefilled from the failed criteria (the instructeur's reason when given, else the
 * pre-check's). Empty string when no criterion failed.
 */
export function ineligibilityMotif(checklist: Pick<Checklist, 'items'>): string {
  const failed = checklist.items.filter((i) => i.final === 'ko');
  if (failed.length === 0) return '';
  const lines = failed.map((i) => {
    const why = i.decision?.reason && i.decision.reason.trim() !== '' ? i.decision.reason : i.reason;
    return `- ${i.label} : ${sentence(why)}.`;
  });
  const intro =
    failed.length === 1
      ? 'Le dossier ne satisfait pas au critère d’éligibilité suivant de l’appel à manifestation d’intérêt :'
      : 'Le dossier ne satisfait pas aux critères d’éligibilité suivants de l’appel à manifestation d’intérêt :';
  return [intro, ...lines].join('\n');
}
