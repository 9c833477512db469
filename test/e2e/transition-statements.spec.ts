import { makeSiret } from '@ptce/domain';
import { createCampaign, createDossier } from '../helpers/fixtures';
import type { TestApp } from '../helpers/test-app';
import { counted, printStatements, sqlCapturingApp } from '../helpers/sql-capture';

/**
 * Issue 12: how many SQL statements one transition sends (a count, never a duration). The API runs in this process
 * with `DB_CAPTURE_SQL=1` (its TypeORM logger writes each statement to stderr, `[sql] …`): stderr is intercepted for
 * the whole file, and a statement counts only while a request of the test is in flight, so that the test's own setup
 * queries (same data source) are not counted. The rows written are compared in full: fewer statements, same rows.
 */
// Issue 12, BEGIN/COMMIT excluded. ouvrir_instruction with three avis sent 22 (a second avis read, one INSERT per avis,
// journal row and outbox row, each avis read back); now one INSERT per table. declarer_eligible: 8, unchanged.
const MAX_OUVRIR_INSTRUCTION = 10;
const MAX_DECLARER_ELIGIBLE = 8;

describe('transition statements: what one transition sends to PostgreSQL (issue 12)', () => {
  let t: TestApp;
  let auth: string;
  let instructeurId: string;
  const api = sqlCapturingApp();
  const captured = api.captured;

  /** One transition as a client sends it, with a request id of ours (it is journaled). */
  const move = (id: string, action: string, expectedVersion: number, requestId: string) =>
    t
      .http()
      .post(`/api/dossiers/${id}/transitions`)
      .set('Authorization', auth)
      .set('X-Request-Id', requestId)
      .send({ action, expectedVersion })
      .then((res) => res);

  beforeAll(async () => {
    t = api.app();
    const instructeur = await t.as(['instructeur']);
    auth = instructeur.auth;
    instructeurId = instructeur.id;
  });

  it('ouvrir_instruction with three required avis, then declarer_eligible: bounded statements, the same rows', async () => {
    const campaignId = await createCampaign(t, { avisDelayDays: 10 });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 1 WHERE id = $1`, [
      campaignId,
      ['correspondant_ess', 'cress', 'compagnon'],
    ]);
    const cress = await t.createUser({
      roles: ['cress'],
      regions: ['53'],
      fullName: 'Claire CRESS',
      organisationSiret: makeSiret('88800001', '0001'),
    });
    const correspondant = await t.createUser({ roles: ['correspondant_ess'], regions: ['53'], fullName: 'Paul Correspondant' });
    const compagnon = await t.createUser({ roles: ['compagnon'], fullName: 'Anne Compagnon' });
    const d = await createDossier(t, auth, campaignId, { region: '53' });

    // --- ouvrir_instruction
    const opened = await captured(() => move(d.id, 'ouvrir_instruction', d.version, 'req-ouvrir-0001'));
    expect(opened.result.status).toBe(200);
    expect(opened.result.body).toMatchObject({ state: 'en_instruction', version: d.version + 1 });
    printStatements('ouvrir_instruction', opened.sql);
    const ouvrirCount = counted(opened.sql);
    // Same transaction: the lock and every write between one START TRANSACTION and its COMMIT.
    expect(opened.sql.filter((s) => /^\s*START TRANSACTION/i.test(s.query))).toHaveLength(1);
    expect(opened.sql.filter((s) => /^\s*COMMIT/i.test(s.query))).toHaveLength(1);
    expect(opened.sql.some((s) => /FOR UPDATE/i.test(s.query))).toBe(true);
    expect(opened.sql.some((s) => /^\s*UPDATE\s+"?dossier"?\s/i.test(s.query) && /version\s*=\s*\$2/.test(s.query))).toBe(true);

    const avis: Array<Record<string, unknown>> = await t.db.query(
      `SELECT id, reviewer_id, role, status, required, due_at, reminded_at, reminder_count, content, recommendation, maturity,
              rendered_at, declined_reason, conflict_reason, assigned_by, assignment_override_reason, version,
              cancelled_reason, cancelled_from, cancelled_at
         FROM avis WHERE dossier_id = $1 ORDER BY role`,
      [d.id],
    );
    const base = {
      status: 'a_rediger',
      required: true,
      reminded_at: null,
      reminder_count: 0,
      content: {},
      recommendation: null,
      maturity: null,
      rendered_at: null,
      declined_reason: null,
      conflict_reason: null,
      assigned_by: null,
      assignment_override_reason: null,
      version: 1,
      cancelled_reason: null,
      cancelled_from: null,
      cancelled_at: null,
    };
    expect(avis).toEqual([
      { ...base, id: expect.any(String), reviewer_id: compagnon.id, role: 'compagnon', due_at: expect.any(Date) },
      { ...base, id: expect.any(String), reviewer_id: correspondant.id, role: 'correspondant_ess', due_at: expect.any(Date) },
      { ...base, id: expect.any(String), reviewer_id: cress.id, role: 'cress', due_at: expect.any(Date) },
    ]);
    const dueAt = (avis[0].due_at as Date).toISOString();
    expect(avis.every((a) => (a.due_at as Date).toISOString() === dueAt)).toBe(true);
    const byRole = new Map(avis.map((a) => [a.role as string, a]));
    const names: Record<string, string> = {
      correspondant_ess: 'Paul Correspondant',
      cress: 'Claire CRESS',
      compagnon: 'Anne Compagnon',
    };
    // The order the roles are assigned in (the campaign's required slots).
    const order = ['correspondant_ess', 'cress', 'compagnon'];

    const journal = await t.db.query(
      `SELECT actor_id, actor_role, action, from_state, to_state, motif, data, request_id, version
         FROM dossier_journal WHERE dossier_id = $1 AND action <> 'creer' ORDER BY id`,
      [d.id],
    );
    const v = d.version + 1;
    expect(journal).toEqual([
      {
        actor_id: instructeurId,
        actor_role: 'instructeur',
        action: 'ouvrir_instruction',
        from_state: 'depose',
        to_state: 'en_instruction',
        motif: null,
        data: { eligibility: 'a_verifier' },
        request_id: 'req-ouvrir-0001',
        version: v,
      },
      ...order.map((role) => ({
        actor_id: null,
        actor_role: 'system',
        action: 'assigner_avis',
        from_state: 'en_instruction',
        to_state: 'en_instruction',
        motif: null,
        data: {
          avisId: byRole.get(role)!.id,
          reviewerId: byRole.get(role)!.reviewer_id,
          reviewerName: names[role],
          role,
          dueAt,
          required: true,
          auto: true,
        },
        request_id: 'req-ouvrir-0001',
        version: v,
      })),
    ]);
    const outbox = await t.db.query(
      `SELECT type, campaign_id, payload, processed_at FROM outbox_event WHERE dossier_id = $1 AND type <> 'dossier.depose' ORDER BY id`,
      [d.id],
    );
    expect(outbox).toEqual([
      { type: 'dossier.instruction_ouverte', campaign_id: campaignId, payload: expect.any(Object), processed_at: null },
      ...order.map((role) => ({
        type: 'avis.assigne',
        campaign_id: campaignId,
        payload: { avisId: byRole.get(role)!.id, reviewerId: byRole.get(role)!.reviewer_id, role, dueAt },
        processed_at: null,
      })),
    ]);
    expect(outbox[0].payload).toEqual(expect.objectContaining({ from: 'depose', to: 'en_instruction' }));

    // --- declarer_eligible (the checklist resolved first, outside the counted request)
    const elig = await t.http().get(`/api/dossiers/${d.id}/eligibility`).set('Authorization', auth);
    expect(elig.status).toBe(200);
    const decisions: Record<string, unknown> = {};
    for (const item of elig.body.items)
      decisions[item.code] = item.auto === 'ok' ? { status: 'ok' } : { status: 'ok', reason: 'Vérifié au vu des statuts.' };
    const put = await t.http().put(`/api/dossiers/${d.id}/eligibility`).set('Authorization', auth).send({ decisions, expectedVersion: v });
    expect(put.status).toBe(200);

    const declared = await captured(() => move(d.id, 'declarer_eligible', put.body.version, 'req-eligible-0001'));
    expect(declared.result.status).toBe(200);
    expect(declared.result.body).toMatchObject({ state: 'en_instruction', eligibility: 'eligible', version: put.body.version + 1 });
    printStatements('declarer_eligible', declared.sql);
    const eligibleCount = counted(declared.sql);

    const [lastJournal] = await t.db.query(
      `SELECT actor_id, actor_role, action, from_state, to_state, motif, data, request_id, version
         FROM dossier_journal WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1`,
      [d.id],
    );
    expect(lastJournal).toEqual({
      actor_id: instructeurId,
      actor_role: 'instructeur',
      action: 'declarer_eligible',
      from_state: 'en_instruction',
      to_state: 'en_instruction',
      motif: null,
      data: { eligibility: 'eligible' },
      request_id: 'req-eligible-0001',
      version: put.body.version + 1,
    });
    const [lastEvent] = await t.db.query(
      `SELECT type, campaign_id, payload FROM outbox_event WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1`,
      [d.id],
    );
    expect(lastEvent).toMatchObject({ type: 'dossier.eligible', campaign_id: campaignId });
    // No avis added by a move that assigns none.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM avis WHERE dossier_id = $1`, [d.id]);
    expect(n).toBe(3);

    expect({ ouvrir_instruction: ouvrirCount, declarer_eligible: eligibleCount }).toEqual({
      ouvrir_instruction: Math.min(ouvrirCount, MAX_OUVRIR_INSTRUCTION),
      declarer_eligible: Math.min(eligibleCount, MAX_DECLARER_ELIGIBLE),
    });
  });
});
