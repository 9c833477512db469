import type { Role } from '../roles';

/** The states of a dossier, per phase (a phase-2 dossier is a new dossier with its own state). */
export const DOSSIER_STATES = [
  'depose',
  'en_instruction',
  'en_attente_complements',
  'instruit',
  'laureat',
  'non_retenu',
  'ineligible',
  'sans_suite',
] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

/**
 * No ordinary action leaves these; only the motivated re-opening (repasser_en_instruction) does. laureat and
 * non_retenu can still swap while the phase's selection is not arrêtée.
 */
export const FINAL_STATES: readonly DossierState[] = ['laureat', 'non_retenu', 'ineligible', 'sans_suite'];
export const NON_FINAL_STATES: readonly DossierState[] = DOSSIER_STATES.filter((s) => !FINAL_STATES.includes(s));

export function isFinalState(s: DossierState): boolean {
  return FINAL_STATES.includes(s);
}

export const ELIGIBILITIES = ['a_verifier', 'eligible', 'ineligible'] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];

export const WORKFLOW_ACTIONS = [
  'ouvrir_instruction',
  'declarer_eligible',
  'declarer_ineligible',
  'demander_complements',
  'enregistrer_complements',
  'marquer_instruit',
  'retenir',
  'ne_pas_retenir',
  'classer_sans_suite',
  'repasser_en_instruction',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export function isWorkflowAction(x: unknown): x is WorkflowAction {
  return typeof x === 'string' && (WORKFLOW_ACTIONS as readonly string[]).includes(x);
}

/** 'system' is the platform itself (imports, the avis-complete trigger, scheduled jobs); never a user's role. */
export type ActorRole = Role | 'system';
export const SYSTEM_ROLE = 'system' as const;

export interface Actor {
  id: string | null;
  roles: readonly ActorRole[];
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ id: null, roles: [SYSTEM_ROLE] });

/** What the guards read; the caller (API, worker) assembles it from the database. */
export interface WorkflowContext {
  dossier: {
    state: DossierState;
    eligibility: Eligibility;
    phase: 1 | 2;
    invitedToPhase2?: boolean;
  };
  /** The cabinet has arrêté the selection of this dossier's phase. */
  selectionLocked: boolean;
  /** From eligibility/resolveChecklist; absent means no checklist yet. */
  eligibilityChecklist?: { allResolved: boolean; allPassed: boolean };
  /** Every avis the campaign requires for this dossier is rendered; absent means unknown, hence not rendered. */
  requiredAvisRendered?: boolean;
  /** The current instant (ISO), for rules about dates the caller gives (a due date is in the future). */
  now?: string;
  /** The campaign's delay of a complements request: with `now`, a request without a due date gets that day (issue 14). */
  complementsDelayDays?: number;
}

/** Fields an action needs from the caller: motif is top-level, the others come in `data`. */
export type RequiredField = 'motif' | 'message' | 'dueAt' | 'decision';

export interface GuardFailure {
  code: string;
  message: string;
}

export interface DomainEvent {
  type: import('../vocabulary').OutboxEventType;
  payload: Record<string, unknown>;
}

export interface TransitionInput {
  motif?: string | null;
  data?: Record<string, unknown> | null;
}

export type WorkflowErrorCode = 'TRANSITION_NOT_ALLOWED' | 'FORBIDDEN' | 'VALIDATION_FAILED' | (string & {});

export interface WorkflowError {
  code: WorkflowErrorCode;
  message: string;
  details?: Record<string, string>;
}

export type ApplyResult =
  | {
      ok: true;
      next: { state: DossierState; eligibility: Eligibility };
      events: DomainEvent[];
      /** The payload as declared by the action, validated and normalised: what the journal stores. */
      data: Record<string, string | number>;
      /** Moves the transition implies at once (marquer_instruit), applied by the system in the same transaction. */
      followUps: WorkflowAction[];
      /** What other areas do in the same transaction (reviewer assignment, decision checks). */
      effects: import('./instruit').WorkflowEffect[];
    }
  | { ok: false; error: WorkflowError };

export interface AllowedAction {
  action: WorkflowAction;
  label: string;
  requires: readonly RequiredField[];
}
