import {
  AVIS_STATUS_CODES,
  DOSSIER_STATES,
  ELIGIBILITIES,
  IMPORT_RUN_KINDS,
  IMPORT_RUN_STATUSES,
  JOURNAL_ACTIONS,
  NOTIFICATION_STATUSES,
  OUTBOX_EVENT_TYPES,
  REVIEWER_ROLES,
  ROLES,
  WORKFLOW_ACTIONS,
} from '@ptce/domain';
import { cloneTestDatabase, dropTestDatabase } from '../helpers/db';
import { Client } from 'pg';

/**
 * Issue 9: each vocabulary is one TypeScript list in the domain lib, and the database's CHECK constraint says the
 * same: a value added on one side only fails here, not in production.
 */
const CHECKS: Array<[constraint: string, list: readonly (string | number)[]]> = [
  ['dossier_state_known', DOSSIER_STATES],
  ['dossier_eligibility_known', ELIGIBILITIES],
  ['avis_status_known', AVIS_STATUS_CODES],
  ['avis_role_known', REVIEWER_ROLES],
  ['notification_status_check', NOTIFICATION_STATUSES],
  ['import_run_status_check', IMPORT_RUN_STATUSES],
  ['import_run_kind_check', IMPORT_RUN_KINDS],
  ['dossier_journal_action_known', JOURNAL_ACTIONS],
  ['outbox_event_type_known', OUTBOX_EVENT_TYPES],
  ['app_user_roles_known', ROLES],
];

describe('vocabularies: TypeScript lists = database CHECK constraints', () => {
  let db: { name: string; url: string };
  let c: Client;
  beforeAll(async () => {
    db = await cloneTestDatabase();
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c?.end();
    if (db) await dropTestDatabase(db.name);
  });

  it.each(CHECKS)('%s lists exactly the domain values', async (name, list) => {
    const { rows } = await c.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = $1`, [name]);
    expect(rows).toHaveLength(1);
    const values = [...(rows[0].def as string).matchAll(/'([^']*)'/g)].map((m) => m[1]);
    expect([...values].sort()).toEqual([...list].map(String).sort());
  });

  it('every workflow action is a journal action', () => {
    for (const a of WORKFLOW_ACTIONS) expect(JOURNAL_ACTIONS).toContain(a);
  });
});
