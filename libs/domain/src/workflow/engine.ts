import { isIsoInstant, parisEndOfDay } from '../calendar';
import { GUARDS } from './guards';
import { ACTION_LABELS, STATE_LABELS } from './labels';
import { TRANSITIONS, transitionFor, type TransitionDef } from './transitions';
import type {
  Actor,
  AllowedAction,
  ApplyResult,
  DomainEvent,
  Eligibility,
  GuardFailure,
  RequiredField,
  TransitionInput,
  WorkflowContext,
} from './workflow.types';

export const REQUIRED_FIELD_MESSAGES: Record<RequiredField, string> = {
  motif: 'Le motif est obligatoire.',
  message: 'Le message au porteur est obligatoire.',
  dueAt: 'La date limite de réponse est obligatoire.',
  decision: 'La décision est obligatoire.',
};
export const INVALID_DUE_AT_MESSAGE = 'La date limite de réponse doit être une date valide (ISO 8601).';

/** A due date as an instant: a bare day (a date picker's '2021-07-15') means that day's end in Paris. */
function dueAtInstant(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    try {
      return parisEndOfDay(value).toISOString();
    } catch {
      return null;
    }
  }
  return isIsoInstant(value) ? new Date(value).toISOString() : null;
}

function hasRole(def: TransitionDef, actor: Actor): boolean {
  return def.roles.some((r) => actor.roles.includes(r));
}

function firstGuardFailure(def: TransitionDef, ctx: WorkflowContext, actor: Actor): GuardFailure | null {
  for (const name of def.guards) {
    const failure = GUARDS[name](ctx, actor);
    if (failure) return failure;
  }
  return null;
}

function text(x: unknown): string | null {
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : null;
}

/** Missing or invalid required fields, as {field: French message}; the values, trimmed, for the events. */
function validateInput(def: TransitionDef, input: TransitionInput): { details: Record<string, string>; values: Record<string, string> } {
  const details: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const field of def.requires) {
    const raw = field === 'motif' ? input.motif : input.data?.[field];
    const value = text(raw);
    if (value === null) {
      details[field] = REQUIRED_FIELD_MESSAGES[field];
    } else if (field === 'dueAt') {
      const at = dueAtInstant(value);
      if (at === null) details[field] = INVALID_DUE_AT_MESSAGE;
      else values[field] = at;
    } else {
      values[field] = value;
    }
  }
  return { details, values };
}

/** The actions this actor may take now: state and role match and every guard passes. In table order. */
export function allowedActions(ctx: WorkflowContext, actor: Actor): AllowedAction[] {
  return TRANSITIONS.filter(
    (def) => def.from.includes(ctx.dossier.state) && hasRole(def, actor) && firstGuardFailure(def, ctx, actor) === null,
  ).map((def) => ({ action: def.action, label: def.label, requires: def.requires }));
}

/**
 * Decide one transition. Pure: the caller persists the next state, appends the journal entry and publishes the
 * events. Checks, in order: the action exists and applies to the state (TRANSITION_NOT_ALLOWED), the actor's
 * role (FORBIDDEN), the required fields (VALIDATION_FAILED with details), then the guards (their own codes).
 */
export function apply(ctx: WorkflowContext, action: string, input: TransitionInput, actor: Actor): ApplyResult {
  const def = transitionFor(action);
  if (!def) {
    return { ok: false, error: { code: 'TRANSITION_NOT_ALLOWED', message: `Action inconnue : « ${action} ».` } };
  }
  const from = ctx.dossier.state;
  if (!def.from.includes(from)) {
    return {
      ok: false,
      error: {
        code: 'TRANSITION_NOT_ALLOWED',
        message: `L’action « ${ACTION_LABELS[def.action]} » n’est pas possible pour un dossier à l’état « ${STATE_LABELS[from]} ».`,
      },
    };
  }
  if (!hasRole(def, actor)) {
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: `Votre rôle ne permet pas l’action « ${ACTION_LABELS[def.action]} ».` },
    };
  }
  const { details, values } = validateInput(def, input);
  if (Object.keys(details).length > 0) {
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: Object.values(details).join(' '),
        details,
      },
    };
  }
  const failure = firstGuardFailure(def, ctx, actor);
  if (failure) return { ok: false, error: { code: failure.code, message: failure.message } };

  const to = def.to === 'same' ? from : def.to;
  let eligibility: Eligibility = def.setsEligibility ?? ctx.dossier.eligibility;
  if (def.resetsEligibilityFrom?.includes(from)) eligibility = 'a_verifier';

  const payload: Record<string, unknown> = {
    action: def.action,
    from,
    to,
    eligibility,
    actorId: actor.id,
    phase: ctx.dossier.phase,
    ...values,
  };
  // A re-opening after the arrêt is the audited one: say so in the event, the journal keeps it.
  if (def.action === 'repasser_en_instruction') payload.afterSelectionLocked = ctx.selectionLocked;
  const events: DomainEvent[] = def.events.map((type) => ({ type, payload: { ...payload } }));
  return { ok: true, next: { state: to, eligibility }, events };
}
