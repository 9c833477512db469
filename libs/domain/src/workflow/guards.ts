import type { Actor, GuardFailure, WorkflowContext } from './workflow.types';

/**
 * Guards are pure: (context, actor) → null when the action may go on, or a failure with a stable code (the API
 * returns it as the error code) and a French message fit for the user.
 */
export type Guard = (ctx: WorkflowContext, actor: Actor) => GuardFailure | null;

export const GUARD_MESSAGES = {
  ELIGIBILITY_INCOMPLETE: 'Tous les critères d’éligibilité doivent être confirmés et satisfaits avant de déclarer le dossier éligible.',
  ALREADY_ELIGIBLE: 'Le dossier est déjà déclaré éligible.',
  NOT_ELIGIBLE: 'Le dossier doit être déclaré éligible avant d’être marqué comme instruit.',
  AVIS_INCOMPLETE: 'Tous les avis requis doivent être rendus avant que le dossier soit marqué comme instruit.',
  SELECTION_LOCKED: 'La sélection de cette phase est arrêtée : la décision ne peut plus changer sans réouverture.',
  REOPENING_RESERVED: 'La sélection de cette phase est arrêtée : seul le cabinet ou un administrateur peut rouvrir ce dossier.',
} as const;

export function eligibilityChecklistComplete(ctx: WorkflowContext): GuardFailure | null {
  const c = ctx.eligibilityChecklist;
  return c && c.allResolved && c.allPassed ? null : { code: 'ELIGIBILITY_INCOMPLETE', message: GUARD_MESSAGES.ELIGIBILITY_INCOMPLETE };
}

export function notAlreadyEligible(ctx: WorkflowContext): GuardFailure | null {
  return ctx.dossier.eligibility === 'eligible' ? { code: 'ALREADY_ELIGIBLE', message: GUARD_MESSAGES.ALREADY_ELIGIBLE } : null;
}

export function isEligible(ctx: WorkflowContext): GuardFailure | null {
  return ctx.dossier.eligibility === 'eligible' ? null : { code: 'NOT_ELIGIBLE', message: GUARD_MESSAGES.NOT_ELIGIBLE };
}

export function requiredAvisRendered(ctx: WorkflowContext): GuardFailure | null {
  return ctx.requiredAvisRendered === true ? null : { code: 'AVIS_INCOMPLETE', message: GUARD_MESSAGES.AVIS_INCOMPLETE };
}

export function selectionNotLocked(ctx: WorkflowContext): GuardFailure | null {
  return ctx.selectionLocked ? { code: 'SELECTION_LOCKED', message: GUARD_MESSAGES.SELECTION_LOCKED } : null;
}

/**
 * Once the selection is arrêtée, re-opening a decided dossier (lauréat / non retenu) is the audited re-opening,
 * reserved to the cabinet and the admin. The code stays SELECTION_LOCKED so that clients need a single case.
 */
export function reopeningAllowed(ctx: WorkflowContext, actor: Actor): GuardFailure | null {
  const decided = ctx.dossier.state === 'laureat' || ctx.dossier.state === 'non_retenu';
  if (!decided || !ctx.selectionLocked) return null;
  if (actor.roles.includes('cabinet') || actor.roles.includes('admin')) return null;
  return { code: 'SELECTION_LOCKED', message: GUARD_MESSAGES.REOPENING_RESERVED };
}

const GUARD_FUNCTIONS = {
  eligibilityChecklistComplete,
  notAlreadyEligible,
  isEligible,
  requiredAvisRendered,
  selectionNotLocked,
  reopeningAllowed,
};

export type GuardName = keyof typeof GUARD_FUNCTIONS;
/** By name, as TransitionDef.guards refers to them. */
export const GUARDS: Readonly<Record<GuardName, Guard>> = GUARD_FUNCTIONS;
