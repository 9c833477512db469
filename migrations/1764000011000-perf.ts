import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (performance): an index for every sort the dossier list offers (column, id — read forwards or backwards,
 * the list's ORDER BY having no NULLS clause on NOT NULL columns), and for the first page of the filters the UI
 * offers most (campaign + phase [+ state], region — the CRESS's scope) in the default order (deposit date).
 */
const INDEXES: [string, string][] = [
  ['dossier_state_sort', 'dossier (state, id)'],
  ['dossier_eligibility_sort', 'dossier (eligibility, id)'],
  ['dossier_late_sort', 'dossier (late_deposit, id)'],
  ['dossier_phase_sort', 'dossier (phase, id)'],
  // ds_number is nullable: the list sorts it ASC NULLS FIRST / DESC NULLS LAST, which this index serves both ways.
  ['dossier_ds_number_sort', 'dossier (ds_number ASC NULLS FIRST, id)'],
  ['dossier_campaign_phase_deposited', 'dossier (campaign_id, phase, deposited_at, id)'],
  ['dossier_campaign_phase_state_deposited', 'dossier (campaign_id, phase, state, deposited_at, id)'],
  ['dossier_region_deposited', 'dossier (region, deposited_at, id)'],
  ['dossier_state_deposited', 'dossier (state, deposited_at, id)'],
];

export class Perf1764000011000 implements MigrationInterface {
  name = 'Perf1764000011000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, on] of INDEXES) await q.query(`CREATE INDEX IF NOT EXISTS ${name} ON ${on}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX IF EXISTS ${name}`);
  }
}
