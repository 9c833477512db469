// The "instruit" rule, one place (issue 9): a dossier under instruction is instruit once it is eligible and every avis
// its campaign requires is rendered (DOMAIN.md, dossier states). A pure function of the dossier, its avis and the
// campaign's requirement; the transition service applies the move it implies in the same transaction.
import { isReviewerRole, type ReviewerRole } from '../roles';
import type { DossierState, Eligibility, WorkflowAction } from './workflow.types';

export interface AvisRequirement {
  requiredAvisRoles: readonly string[] | null;
  compagnonsPerDossier: number | null;
}

/** How many avis of each role a dossier of the campaign needs (compagnons: the campaign's count, others: one). */
export function requiredSlots(c: AvisRequirement): Partial<Record<ReviewerRole, number>> {
  const out: Partial<Record<ReviewerRole, number>> = {};
  for (const role of c.requiredAvisRoles ?? []) {
    if (!isReviewerRole(role)) continue;
    const n = role === 'compagnon' ? (c.compagnonsPerDossier ?? 1) : 1;
    if (n > 0) out[role] = n;
  }
  return out;
}

/** A required avis as the rule sees it. Declined, conflicted or cancelled avis are out of play (a replacement counts). */
export interface AvisFact {
  role: string;
  status: string;
  required: boolean;
}

const OUT_OF_PLAY = new Set(['decline', 'conflit', 'annule']);

/**
 * Every required avis still in play is rendered, and every required role has a rendered one. A campaign that requires
 * no avis (no role, or no compagnon per dossier) needs none: eligibility alone makes the dossier instruit.
 */
export function allRequiredAvisRendered(requirement: AvisRequirement, avis: readonly AvisFact[]): boolean {
  const slots = requiredSlots(requirement);
  const inPlay = avis.filter((a) => a.required && !OUT_OF_PLAY.has(a.status));
  if (!inPlay.every((a) => a.status === 'rendu')) return false;
  return (Object.keys(slots) as ReviewerRole[]).every((role) => inPlay.some((a) => a.role === role && a.status === 'rendu'));
}

/**
 * The move a transition implies at once: eligible and every required avis rendered → marquer_instruit (by the system).
 * Not right after a re-opening, whose point is to work on the dossier again.
 */
export function followUpAction(
  after: { state: DossierState; eligibility: Eligibility },
  avisRendered: boolean,
  action: WorkflowAction,
): WorkflowAction | null {
  if (action === 'repasser_en_instruction' || action === 'marquer_instruit') return null;
  return after.state === 'en_instruction' && after.eligibility === 'eligible' && avisRendered ? 'marquer_instruit' : null;
}

/** What other areas must do in the same transaction, as data (no callback registry): the workflow service runs them. */
export type WorkflowEffect = 'assigner_avis_requis' | 'verifier_decision' | 'annuler_avis' | 'retablir_avis';

/** States where the dossier has left the instruction: its open avis are cancelled (status `annule`, with the reason). */
const LEFT_INSTRUCTION: readonly DossierState[] = ['ineligible', 'sans_suite', 'laureat', 'non_retenu'];

export function transitionEffects(from: DossierState, to: DossierState, action: WorkflowAction): WorkflowEffect[] {
  const out: WorkflowEffect[] = [];
  // Re-opened from a final state: the avis cancelled when it left come back first (before any missing one is assigned).
  if (action === 'repasser_en_instruction' && LEFT_INSTRUCTION.includes(from)) out.push('retablir_avis');
  // Entering instruction (opened, complements received, re-opened): the dossier gets its missing required avis.
  if (to === 'en_instruction' && from !== 'en_instruction') out.push('assigner_avis_requis');
  // A lauréat decision obeys the selection's rules (phase-2 amount, envelope).
  if (action === 'retenir') out.push('verifier_decision');
  // Leaving the instruction (inéligible, sans suite, decided): the avis still expected are cancelled.
  if (LEFT_INSTRUCTION.includes(to) && !LEFT_INSTRUCTION.includes(from)) out.push('annuler_avis');
  return out;
}

/** Why the open avis of a dossier were cancelled, shown on the avis (French, for the reviewer). */
export const AVIS_CANCEL_REASONS: Readonly<Partial<Record<DossierState, string>>> = {
  ineligible: 'Le dossier a été déclaré inéligible : votre avis n’est plus attendu.',
  sans_suite: 'Le dossier a été classé sans suite : votre avis n’est plus attendu.',
  laureat: 'Le dossier a été décidé (lauréat) : votre avis n’est plus attendu.',
  non_retenu: 'Le dossier a été décidé (non retenu) : votre avis n’est plus attendu.',
};

export function avisCancelReason(to: DossierState): string {
  return AVIS_CANCEL_REASONS[to] ?? 'Le dossier a quitté l’instruction : votre avis n’est plus attendu.';
}
