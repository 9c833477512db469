import type { GuardName } from './guards';
import type { PayloadField } from './payload';
import type { OutboxEventType } from '../vocabulary';
import { ACTION_LABELS } from './labels';
import type { ActorRole, DossierState, Eligibility, RequiredField, WorkflowAction } from './workflow.types';

export interface TransitionDef {
  action: WorkflowAction;
  from: readonly DossierState[];
  /** 'same': the state does not change (declarer_eligible only records the eligibility). */
  to: DossierState | 'same';
  /** Any one of these roles suffices. */
  roles: readonly ActorRole[];
  requires: readonly RequiredField[];
  /** Optional `data` fields the action takes (anything else is refused; see payload.ts). */
  accepts?: readonly PayloadField[];
  /** Checked in order; the first failure is the error. */
  guards: readonly GuardName[];
  setsEligibility?: Eligibility;
  /** Re-opening from these states resets the eligibility to a_verifier (it must be judged again). */
  resetsEligibilityFrom?: readonly DossierState[];
  label: string;
  events: readonly OutboxEventType[];
}

const NON_FINAL: readonly DossierState[] = ['depose', 'en_instruction', 'en_attente_complements', 'instruit'];

/** The dossier's state machine, as data: the engine, the API and the UI buttons all read this table. */
export const TRANSITIONS: readonly TransitionDef[] = [
  {
    action: 'ouvrir_instruction',
    from: ['depose'],
    to: 'en_instruction',
    roles: ['instructeur', 'admin', 'system'],
    requires: [],
    guards: [],
    label: ACTION_LABELS.ouvrir_instruction,
    events: ['dossier.instruction_ouverte'],
  },
  {
    action: 'declarer_eligible',
    from: ['en_instruction'],
    to: 'same',
    roles: ['instructeur'],
    requires: [],
    guards: ['notAlreadyEligible', 'eligibilityChecklistComplete'],
    setsEligibility: 'eligible',
    label: ACTION_LABELS.declarer_eligible,
    events: ['dossier.eligible'],
  },
  {
    action: 'declarer_ineligible',
    from: NON_FINAL,
    to: 'ineligible',
    roles: ['instructeur'],
    requires: ['motif'],
    guards: [],
    setsEligibility: 'ineligible',
    label: ACTION_LABELS.declarer_ineligible,
    events: ['dossier.ineligible'],
  },
  {
    action: 'demander_complements',
    from: ['en_instruction'],
    to: 'en_attente_complements',
    roles: ['instructeur'],
    requires: ['message', 'dueAt'],
    guards: [],
    label: ACTION_LABELS.demander_complements,
    events: ['dossier.complements_demandes'],
  },
  {
    action: 'enregistrer_complements',
    from: ['en_attente_complements'],
    to: 'en_instruction',
    roles: ['instructeur', 'system'],
    requires: [],
    guards: [],
    label: ACTION_LABELS.enregistrer_complements,
    events: ['dossier.complements_recus'],
  },
  {
    action: 'marquer_instruit',
    from: ['en_instruction'],
    to: 'instruit',
    roles: ['system', 'instructeur'],
    requires: [],
    guards: ['isEligible', 'requiredAvisRendered'],
    label: ACTION_LABELS.marquer_instruit,
    events: ['dossier.instruit'],
  },
  {
    action: 'retenir',
    from: ['instruit', 'non_retenu'],
    to: 'laureat',
    roles: ['cabinet'],
    requires: [],
    accepts: ['amountCents'],
    guards: ['selectionNotLocked'],
    label: ACTION_LABELS.retenir,
    events: ['dossier.laureat'],
  },
  {
    action: 'ne_pas_retenir',
    from: ['instruit', 'laureat'],
    to: 'non_retenu',
    roles: ['cabinet'],
    requires: ['motif'],
    guards: ['selectionNotLocked'],
    label: ACTION_LABELS.ne_pas_retenir,
    events: ['dossier.non_retenu'],
  },
  {
    action: 'classer_sans_suite',
    from: NON_FINAL,
    to: 'sans_suite',
    roles: ['instructeur', 'admin', 'system'],
    requires: ['motif'],
    guards: [],
    label: ACTION_LABELS.classer_sans_suite,
    events: ['dossier.sans_suite'],
  },
  {
    action: 'repasser_en_instruction',
    from: ['ineligible', 'sans_suite', 'instruit', 'laureat', 'non_retenu'],
    to: 'en_instruction',
    roles: ['instructeur', 'cabinet', 'admin'],
    requires: ['motif'],
    guards: ['reopeningAllowed'],
    resetsEligibilityFrom: ['ineligible'],
    label: ACTION_LABELS.repasser_en_instruction,
    events: ['dossier.reouvert'],
  },
];

const BY_ACTION: ReadonlyMap<string, TransitionDef> = new Map(TRANSITIONS.map((t) => [t.action, t]));

export function transitionFor(action: string): TransitionDef | undefined {
  return BY_ACTION.get(action);
}
