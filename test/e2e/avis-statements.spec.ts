import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from '@ptce/domain';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import type { TestApp } from '../helpers/test-app';
import { counted, printStatements, sqlCapturingApp } from '../helpers/sql-capture';
import { until } from '../helpers/wait';

/**
 * How many SQL statements the reviewer's autosave (PUT /api/avis/:id) and submit (POST /api/avis/:id/submit) send
 * (a count, never a duration), as in transition-statements.spec.ts: the API runs in this process with
 * `DB_CAPTURE_SQL=1`, stderr is intercepted, and a statement counts only while a request of the test is in flight.
 * The rows written (avis, journal, outbox) and the answers are compared in full: fewer statements, same results.
 */
// BEGIN/COMMIT excluded; the first statement is the auth guard's user read. Before: the draft sent 8 (the avis read
// for visibility, the whole dossier row with its sections, the avis locked, TypeORM's save re-reading it before its
// UPDATE, the reviewer's name and the dossier summary read again for the answer), the submit 11. Now the draft is one
// read (avis, dossier's few columns, name) and one UPDATE … RETURNING conditioned on the version; the submit the same
// read locking the dossier, the UPDATE, the journal and outbox rows, and the instruit check.
const MAX_DRAFT = 3;
const MAX_SUBMIT = 6;

/** A complete avis content (the bench sends the same shape). */
function fullContent(k: number) {
  return {
    scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score: 1 + (k % 3), comment: `Appréciation sur ${c}, version ${k}.` }])),
    maturity: { level: 'emergent', markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, 2])) },
    typology: { type: 'territoire', actionLogics: ['mise_en_reseau'] },
    recommendation: 'favorable',
    synthesis: 'Un PTCE solide, bien ancré sur son territoire, avec une gouvernance partagée et des projets concrets.',
  };
}

describe('avis statements: what one autosave and one submit send to PostgreSQL', () => {
  let t: TestApp;
  const api = sqlCapturingApp();
  const captured = api.captured;

  beforeAll(() => {
    t = api.app();
  });

  it('autosave then submit: bounded statements, one transaction each, the same rows, journal, outbox and answers', async () => {
    const instructeur = await t.as(['instructeur']);
    const cress = await t.as(['cress'], ['53'], { fullName: 'Claire CRESS' });
    const compagnon = await t.as(['compagnon'], [], { fullName: 'Anne Compagnon' });
    const campaignId = await createCampaign(t, { avisDelayDays: 10 });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 1 WHERE id = $1`, [
      campaignId,
      ['cress', 'compagnon'],
    ]);
    const created = await createDossier(t, instructeur.auth, campaignId, { region: '53' });
    const opened = await transition(t, instructeur.auth, created.id, 'ouvrir_instruction', created.version);
    expect(opened.status).toBe(200);
    const d = opened.body;
    const [draftAvis] = await t.db.query(`SELECT id, version FROM avis WHERE dossier_id = $1 AND role = 'cress'`, [d.id]);
    const [submitAvis] = await t.db.query(`SELECT id, version FROM avis WHERE dossier_id = $1 AND role = 'compagnon'`, [d.id]);
    const journalCount = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM dossier_journal WHERE dossier_id = $1`, [d.id]))[0].n as number;
    const outboxCount = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dossier_id = $1`, [d.id]))[0].n as number;
    const avisRow = async (id: string) =>
      (
        await t.db.query(
          `SELECT status, content, recommendation, maturity, version, rendered_at, updated_at, reviewer_id, role FROM avis WHERE id = $1`,
          [id],
        )
      )[0];
    const getAs = async (id: string, auth: string) => {
      const res = await t.http().get(`/api/avis/${id}`).set('Authorization', auth);
      expect(res.status).toBe(200);
      return res.body;
    };
    const [j0, o0] = [await journalCount(), await outboxCount()];

    // --- autosave (draft)
    const content1 = fullContent(1);
    const saved = await captured(() =>
      t
        .http()
        .put(`/api/avis/${draftAvis.id}`)
        .set('Authorization', cress.auth)
        .send({ content: content1, expectedVersion: draftAvis.version }),
    );
    printStatements('autosave', saved.sql);
    expect(saved.result.status).toBe(200);
    expect(saved.sql.filter((s) => /^\s*START TRANSACTION/i.test(s.query))).toHaveLength(1);
    expect(saved.sql.filter((s) => /^\s*COMMIT/i.test(s.query))).toHaveLength(1);
    // The avis row locked by its write, conditioned on the version; never the dossier by a draft.
    expect(saved.sql.some((s) => /^\s*UPDATE\s+"?avis"?\s/i.test(s.query) && /\bversion\s*=\s*\$2/.test(s.query))).toBe(true);
    expect(saved.sql.some((s) => /FOR UPDATE OF "?d"?\b/i.test(s.query))).toBe(false);
    const draftCount = counted(saved.sql);
    // The answer is the avis as GET shows it (same shape, same values).
    expect(saved.result.body).toEqual(await getAs(draftAvis.id, cress.auth));
    expect(saved.result.body).toMatchObject({
      id: draftAvis.id,
      status: 'brouillon',
      version: draftAvis.version + 1,
      reviewerName: 'Claire CRESS',
      recommendation: 'favorable',
      maturity: { level: 'emergent' },
      dossier: { projectName: d.projectName, region: '53', state: 'en_instruction', phase: d.phase },
      actions: ['save', 'submit', 'decline', 'conflict'],
    });
    const row1 = await avisRow(draftAvis.id);
    expect(row1).toMatchObject({
      status: 'brouillon',
      content: content1,
      recommendation: 'favorable',
      maturity: 'emergent',
      version: draftAvis.version + 1,
      rendered_at: null,
    });
    expect(row1.updated_at.toISOString()).toBe(saved.result.body.updatedAt);
    // A draft leaves no journal row and no event.
    expect([await journalCount(), await outboxCount()]).toEqual([j0, o0]);

    // The rules still hold on the short path: a stale version, a wrong value, someone else's avis.
    const stale = await t
      .http()
      .put(`/api/avis/${draftAvis.id}`)
      .set('Authorization', cress.auth)
      .send({ content: fullContent(2), expectedVersion: draftAvis.version });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: draftAvis.version + 1 } });
    const wrong = await t
      .http()
      .put(`/api/avis/${draftAvis.id}`)
      .set('Authorization', cress.auth)
      .send({ content: { ...fullContent(2), recommendation: 'peut-etre' }, expectedVersion: draftAvis.version + 1 });
    expect(wrong.status).toBe(400);
    const notMine = await t
      .http()
      .put(`/api/avis/${draftAvis.id}`)
      .set('Authorization', instructeur.auth)
      .send({ content: fullContent(2), expectedVersion: draftAvis.version + 1 });
    expect(notMine.status).toBe(403);
    expect(await avisRow(draftAvis.id)).toEqual(row1);

    // --- submit (content + render): the compagnon's, the CRESS avis still due (the dossier stays en_instruction)
    const content2 = fullContent(2);
    const submitted = await captured(() =>
      t
        .http()
        .post(`/api/avis/${submitAvis.id}/submit`)
        .set('Authorization', compagnon.auth)
        .set('X-Request-Id', 'req-avis-submit-0001')
        .send({ content: content2, expectedVersion: submitAvis.version }),
    );
    printStatements('submit', submitted.sql);
    expect(submitted.result.status).toBe(200);
    expect(submitted.sql.filter((s) => /^\s*START TRANSACTION/i.test(s.query))).toHaveLength(1);
    expect(submitted.sql.filter((s) => /^\s*COMMIT/i.test(s.query))).toHaveLength(1);
    // The dossier row locked (before the avis: the avis' UPDATE comes after).
    const lockAt = submitted.sql.findIndex((s) => /FOR UPDATE OF "?d"?\b/i.test(s.query));
    const updateAt = submitted.sql.findIndex((s) => /^\s*UPDATE\s+"?avis"?\s/i.test(s.query));
    expect(lockAt).toBeGreaterThan(-1);
    expect(updateAt).toBeGreaterThan(lockAt);
    const submitCount = counted(submitted.sql);
    expect(submitted.result.body).toEqual(await getAs(submitAvis.id, compagnon.auth));
    expect(submitted.result.body).toMatchObject({
      id: submitAvis.id,
      status: 'rendu',
      version: submitAvis.version + 1,
      reviewerName: 'Anne Compagnon',
      dossier: { state: 'en_instruction' },
      actions: [],
    });
    const row2 = await avisRow(submitAvis.id);
    expect(row2).toMatchObject({
      status: 'rendu',
      content: content2,
      recommendation: 'favorable',
      maturity: 'emergent',
      version: submitAvis.version + 1,
    });
    expect(row2.rendered_at.toISOString()).toBe(submitted.result.body.renderedAt);
    expect(row2.updated_at.toISOString()).toBe(submitted.result.body.updatedAt);

    const journal = await t.db.query(
      `SELECT actor_id, actor_role, action, from_state, to_state, motif, data, request_id, version
         FROM dossier_journal WHERE dossier_id = $1 ORDER BY id`,
      [d.id],
    );
    expect(journal).toHaveLength(j0 + 1);
    expect(journal[j0]).toEqual({
      actor_id: compagnon.id,
      actor_role: 'compagnon',
      action: 'avis_rendu',
      from_state: 'en_instruction',
      to_state: 'en_instruction',
      motif: null,
      data: { avisId: submitAvis.id, role: 'compagnon' },
      request_id: 'req-avis-submit-0001',
      version: d.version,
    });
    const outbox = await t.db.query(`SELECT type, campaign_id, payload, processed_at FROM outbox_event WHERE dossier_id = $1 ORDER BY id`, [
      d.id,
    ]);
    expect(outbox).toHaveLength(o0 + 1);
    expect(outbox[o0]).toEqual({
      type: 'avis.rendu',
      campaign_id: campaignId,
      payload: { avisId: submitAvis.id, reviewerId: compagnon.id, role: 'compagnon' },
      processed_at: null,
    });
    const [dossier] = await t.db.query(`SELECT state, version FROM dossier WHERE id = $1`, [d.id]);
    expect(dossier).toEqual({ state: 'en_instruction', version: d.version });

    expect({ draft: draftCount, submit: submitCount }).toEqual({
      draft: Math.min(draftCount, MAX_DRAFT),
      submit: Math.min(submitCount, MAX_SUBMIT),
    });
  });

  it('an avis written by someone else between the draft’s read and its write: VERSION_CONFLICT, decided on the locked row', async () => {
    const instructeur = await t.as(['instructeur']);
    const cress = await t.as(['cress'], ['84'], { fullName: 'Chloé CRESS' });
    const campaignId = await createCampaign(t, { avisDelayDays: 10 });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2 WHERE id = $1`, [campaignId, ['cress']]);
    const created = await createDossier(t, instructeur.auth, campaignId, { region: '84' });
    expect((await transition(t, instructeur.auth, created.id, 'ouvrir_instruction', created.version)).status).toBe(200);
    const [a] = await t.db.query(`SELECT id, version FROM avis WHERE dossier_id = $1`, [created.id]);

    // Another transaction writes the avis (not committed yet): the draft reads the committed version, then its UPDATE waits.
    const other = t.db.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`UPDATE avis SET version = version + 1, content = '{"synthesis":"Écrit ailleurs."}' WHERE id = $1`, [a.id]);
      const pending = captured(() =>
        t
          .http()
          .put(`/api/avis/${a.id}`)
          .set('Authorization', cress.auth)
          .send({ content: fullContent(3), expectedVersion: a.version }),
      );
      await until(
        async () =>
          (
            await t.db.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE avis SET%'`,
            )
          )[0].n === 1,
        'the draft’s UPDATE waiting on the row lock',
      );
      await other.commitTransaction();
      const { result, sql } = await pending;
      printStatements('autosave, avis moved meanwhile', sql);
      expect(result.status).toBe(409);
      expect(result.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: a.version + 1 } });
      // The UPDATE found the row moved, then the avis was locked and checked again.
      expect(sql.some((s) => /^\s*SELECT .* FROM avis WHERE id = \$1 FOR UPDATE/is.test(s.query))).toBe(true);
      expect(sql.filter((s) => /^\s*ROLLBACK/i.test(s.query))).toHaveLength(1);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
    const [row] = await t.db.query(`SELECT status, content, version FROM avis WHERE id = $1`, [a.id]);
    expect(row).toEqual({ status: 'a_rediger', content: { synthesis: 'Écrit ailleurs.' }, version: a.version + 1 });
  });
});
