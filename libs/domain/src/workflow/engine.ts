import { withDefaultComplementsDueAt } from './complements';
import { GUARDS } from './guards';
import { followUpAction, transitionEffects } from './instruit';
import { ACTION_LABELS, STATE_LABELS } from './labels';
import { INVALID_DUE_AT_MESSAGE, PAYLOAD_CHECKS, PROVENANCE_FIELDS, type PayloadField, type ProvenanceField } from './payload';
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

export { INVALID_DUE_AT_MESSAGE };

export const REQUIRED_FIELD_MESSAGES: Record<RequiredField, string> = {
  motif: 'Le motif est obligatoire.',
  message: 'Le message au porteur est obligatoire.',
  dueAt: 'La date limite de réponse est obligatoire.',
  decision: 'La décision est obligatoire.',
};
export const UNEXPECTED_FIELD_MESSAGE = 'Champ non prévu pour cette action.';
export const PAST_DUE_AT_MESSAGE = 'La date limite de réponse doit être dans le futur.';

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

/**
 * The action's payload checked against its declaration: required fields present, every `data` key one the action
 * accepts (provenance keys only from the system), each value valid. Answers the French problems per field and the
 * normalised values (trimmed texts, due dates as instants) that the journal and the events store.
 */
function validateInput(
  def: TransitionDef,
  input: TransitionInput,
  actor: Actor,
  now?: string,
): { details: Record<string, string>; values: Record<string, string | number> } {
  const details: Record<string, string> = {};
  const values: Record<string, string | number> = {};
  const data = input.data ?? {};
  for (const field of def.requires) {
    const raw = field === 'motif' ? input.motif : data[field];
    if (text(raw) === null) details[field] = REQUIRED_FIELD_MESSAGES[field];
    else if (field === 'motif') values.motif = text(raw) as string;
  }
  const system = actor.roles.includes('system');
  for (const [key, raw] of Object.entries(data)) {
    const declared = (def.requires as readonly string[]).includes(key) || (def.accepts ?? []).includes(key as PayloadField);
    const provenance = system && (PROVENANCE_FIELDS as readonly string[]).includes(key);
    if (!declared && !provenance) {
      details[`data.${key}`] = UNEXPECTED_FIELD_MESSAGE;
      continue;
    }
    if (raw === null || raw === undefined || details[key]) continue;
    const checked = PAYLOAD_CHECKS[key as PayloadField | ProvenanceField](raw);
    if ('error' in checked) {
      if (!details[key]) details[key] = checked.error;
    } else if (key === 'dueAt' && now && String(checked.value) <= now) {
      // A deadline already past would make the porteur late the moment the request leaves.
      details.dueAt = PAST_DUE_AT_MESSAGE;
    } else values[key] = checked.value;
  }
  for (const field of def.requires) {
    if (field !== 'motif' && !details[field] && values[field] === undefined) details[field] = REQUIRED_FIELD_MESSAGES[field];
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
  // A complements request without a due date gets the campaign's delay (the form proposes the same day).
  const given =
    def.action === 'demander_complements' && ctx.now && ctx.complementsDelayDays !== undefined
      ? { ...input, data: withDefaultComplementsDueAt(input.data, new Date(ctx.now), ctx.complementsDelayDays) }
      : input;
  const { details, values } = validateInput(def, given, actor, ctx.now);
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
  const next = { state: to, eligibility };
  const followUp = followUpAction(next, ctx.requiredAvisRendered === true, def.action);
  return {
    ok: true,
    next,
    events,
    data: values,
    followUps: followUp ? [followUp] : [],
    effects: transitionEffects(from, to, def.action),
  };
}
