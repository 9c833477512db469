// The product's vocabularies, one exported list each, read by the API, the worker, the admin UI and the database's
// CHECK constraints (test/e2e/vocabulary.spec.ts proves the CHECK lists and these lists are the same).
import { WORKFLOW_ACTIONS } from './workflow/workflow.types';

/** Every action a dossier's journal can record: the workflow's transitions, then the other recorded changes. */
export const JOURNAL_ACTIONS = [
  ...WORKFLOW_ACTIONS,
  'creer',
  'importer',
  'reimporter',
  'modifier_contenu',
  'modifier_eligibilite',
  'rattacher_phase1',
  'assigner_avis',
  'retirer_avis',
  'declarer_conflit',
  'decliner_avis',
  'rouvrir_avis',
  'avis_rendu',
  'avis_sans_relecteur',
  'modifier_montant',
  'rouvrir_selection',
  'inviter_phase2',
  'modifier_membres',
] as const;
export type JournalAction = (typeof JOURNAL_ACTIONS)[number];

/**
 * What a reviewer may read of a dossier's journal: an allow-list, so that a new action stays hidden from reviewers
 * until someone decides they may see it. Left out on purpose: who reviews and why a colleague declined or declared a
 * conflict (the avis actions), and the cabinet's decisions with their motifs (provisional until the arrêt).
 */
export const REVIEWER_VISIBLE_JOURNAL_ACTIONS: ReadonlySet<string> = new Set<JournalAction>([
  'creer',
  'importer',
  'reimporter',
  'modifier_contenu',
  'modifier_eligibilite',
  'rattacher_phase1',
  'ouvrir_instruction',
  'declarer_eligible',
  'declarer_ineligible',
  'demander_complements',
  'enregistrer_complements',
  'marquer_instruit',
  'classer_sans_suite',
  'repasser_en_instruction',
]);

/** The domain events written to the outbox (read by the notification relay). */
export const OUTBOX_EVENT_TYPES = [
  'dossier.depose',
  'dossier.instruction_ouverte',
  'dossier.eligible',
  'dossier.ineligible',
  'dossier.complements_demandes',
  'dossier.complements_recus',
  'dossier.instruit',
  'dossier.laureat',
  'dossier.non_retenu',
  'dossier.sans_suite',
  'dossier.reouvert',
  'dossier.invite_phase2',
  'avis.assigne',
  'avis.rendu',
  'avis.decline',
  'avis.conflit',
  'avis.rouvert',
  'avis.retire',
  'avis.annule',
  'avis.retabli',
  'selection.arretee',
  'selection.rouverte',
  'selection.publiee',
  'campaign.calendrier_modifie',
  'campaign.canal_ds_modifie',
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

export const IMPORT_RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];
export const IMPORT_RUN_KINDS = ['ds', 'file'] as const;
export type ImportRunKind = (typeof IMPORT_RUN_KINDS)[number];

/**
 * The state a reviewer sees: a decision (lauréat, non retenu) is the cabinet's and provisional until the arrêt, so a
 * decided dossier shows as "instruit" to reviewers (issue 11: decisions never visible to reviewers).
 */
export function reviewerVisibleState<S extends string>(state: S): S | 'instruit' {
  return state === 'laureat' || state === 'non_retenu' ? 'instruit' : state;
}

/** The states a reviewer's state filter really matches: "instruit" includes the decided ones, a decision matches none. */
export function reviewerStateFilter<S extends string>(states: readonly S[]): string[] {
  return states.flatMap((s) => (s === 'instruit' ? ['instruit', 'laureat', 'non_retenu'] : s === 'laureat' || s === 'non_retenu' ? [] : [s]));
}
