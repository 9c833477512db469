import { MigrationInterface, QueryRunner } from 'typeorm';

// The journal's actions as of this migration (libs/domain/src/vocabulary.ts JOURNAL_ACTIONS; the vocabulary test
// compares both). A new action is a new migration that replaces the constraint.
const ACTIONS = [
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
];

// The outbox's event types as of this migration (OUTBOX_EVENT_TYPES).
const EVENT_TYPES = [
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
];

/** Issue 9: the journal's action is one of a known vocabulary, checked by the database as by TypeScript. */
export class JournalVocabulary1764000014000 implements MigrationInterface {
  name = 'JournalVocabulary1764000014000';

  async up(q: QueryRunner): Promise<void> {
    const list = ACTIONS.map((a) => `'${a}'`).join(',');
    await q.query(`ALTER TABLE dossier_journal ADD CONSTRAINT dossier_journal_action_known CHECK (action IN (${list}))`);
    const types = EVENT_TYPES.map((a) => `'${a}'`).join(',');
    await q.query(`ALTER TABLE outbox_event ADD CONSTRAINT outbox_event_type_known CHECK (type IN (${types}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_type_known`);
    await q.query(`ALTER TABLE dossier_journal DROP CONSTRAINT dossier_journal_action_known`);
  }
}
