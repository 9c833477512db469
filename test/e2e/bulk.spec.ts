import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

interface BulkResult {
  applied: number;
  failed: number;
  results: Array<{ id: string; ok: boolean; state?: string; version?: number; code?: string; message?: string; [k: string]: unknown }>;
}

// Issue 14 §3: row selection and bulk actions on the dossier list, exports of the selection and of the avis.
describe('bulk actions on dossiers: open, confirm the satisfied criteria, declare eligible, assign; exports', () => {
  let t: TestApp;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;
  let cress: Awaited<ReturnType<TestApp['as']>>;
  let expert: Awaited<ReturnType<TestApp['as']>>;
  let campaignId: string;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    cress = await t.as(['cress'], ['53'], { fullName: 'Relectrice CRESS' });
    expert = await t.as(['expert'], [], { fullName: 'Experte régionale' });
    campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 0 WHERE id = $1`, [campaignId, ['cress']]);
    ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createDossier(t, instructeur.auth, campaignId, { projectName: `Projet groupé ${i}` })).id);
  });
  afterAll(() => t?.close());

  const post = (path: string, auth: string, body: object) => t.http().post(`/api/dossiers/${path}`).set('Authorization', auth).send(body);
  const journal = async (id: string) =>
    (await t.http().get(`/api/dossiers/${id}/journal`).set('Authorization', instructeur.auth)).body as Array<{
      action: string;
      motif: string | null;
    }>;

  it('opens the instruction of every selected dossier, each through the workflow; a dossier already open is reported', async () => {
    const first = await post('bulk-transitions', instructeur.auth, { action: 'ouvrir_instruction', dossierIds: [ids[0]] });
    expect(first.status).toBe(200);
    const res = await post('bulk-transitions', instructeur.auth, { action: 'ouvrir_instruction', dossierIds: ids });
    expect(res.status).toBe(200);
    const body = res.body as BulkResult;
    expect(body).toMatchObject({ applied: 2, failed: 1 });
    expect(body.results[0]).toMatchObject({ id: ids[0], ok: false, code: 'TRANSITION_NOT_ALLOWED', message: expect.any(String) });
    expect(body.results.slice(1)).toEqual([
      expect.objectContaining({ id: ids[1], ok: true, state: 'en_instruction' }),
      expect.objectContaining({ id: ids[2], ok: true, state: 'en_instruction' }),
    ]);
    // The same effects as one by one: the journal row, the outbox event, the required avis assigned.
    for (const id of ids) expect((await journal(id)).map((j) => j.action)).toContain('ouvrir_instruction');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'dossier.instruction_ouverte' AND dossier_id = ANY($1)`,
      [ids],
    );
    expect(n).toBe(3);
    const [{ a }] = await t.db.query(`SELECT count(*)::int AS a FROM avis WHERE dossier_id = ANY($1) AND role = 'cress'`, [ids]);
    expect(a).toBe(3);
  });

  it('confirms every criterion the pre-check found satisfied with one shared justification, then declares eligible in bulk', async () => {
    const before = (await t.http().get(`/api/dossiers/${ids[1]}/eligibility`).set('Authorization', instructeur.auth)).body;
    const satisfied = before.items.filter((i: { auto: string }) => i.auto === 'ok').map((i: { code: string }) => i.code);
    expect(satisfied.length).toBeGreaterThan(0);
    const res = await post('bulk-eligibility', instructeur.auth, { dossierIds: ids, justification: 'Vérifié sur les statuts déposés.' });
    expect(res.status).toBe(200);
    const body = res.body as BulkResult;
    expect(body.applied).toBe(3);
    expect(body.results[1]).toMatchObject({ ok: true, confirmed: satisfied.length });
    const after = (await t.http().get(`/api/dossiers/${ids[1]}/eligibility`).set('Authorization', instructeur.auth)).body;
    for (const i of after.items.filter((x: { auto: string }) => x.auto === 'ok')) {
      expect(i.decision).toMatchObject({ status: 'ok', reason: 'Vérifié sur les statuts déposés.', by: instructeur.id });
    }
    expect((await journal(ids[1])).map((j) => j.action)).toContain('modifier_eligibilite');
    // A second run has nothing left to confirm.
    const again = (await post('bulk-eligibility', instructeur.auth, { dossierIds: [ids[1]], justification: 'Encore.' })).body as BulkResult;
    expect(again.results[0]).toMatchObject({ ok: true, confirmed: 0 });
    // The criteria the pre-check could not decide stay for the instructeur, one by one; then the bulk declaration.
    expect(body.results.every((r) => r.allResolved === false || r.allPassed === true)).toBe(true);
    for (const id of ids) {
      const e = (await t.http().get(`/api/dossiers/${id}/eligibility`).set('Authorization', instructeur.auth)).body;
      const left = e.items.filter((i: { decision: unknown }) => !i.decision);
      expect(left.every((i: { auto: string }) => i.auto !== 'ok')).toBe(true);
      const decisions = Object.fromEntries(left.map((i: { code: string }) => [i.code, { status: 'ok', reason: 'Vu dans les statuts.' }]));
      const put = await t
        .http()
        .put(`/api/dossiers/${id}/eligibility`)
        .set('Authorization', instructeur.auth)
        .send({ decisions, expectedVersion: e.version });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ allResolved: true, allPassed: true });
    }
    const ready = ids;
    const declared = (await post('bulk-transitions', instructeur.auth, { action: 'declarer_eligible', dossierIds: ready }))
      .body as BulkResult;
    expect(declared).toMatchObject({ applied: 3, failed: 0 });
    expect(declared.results[0]).toMatchObject({ state: 'en_instruction', eligibility: 'eligible' });
  });

  it('assigns one reviewer on every selected dossier; refusals (already assigned) are reported per dossier', async () => {
    const one = await t
      .http()
      .post(`/api/dossiers/${ids[0]}/assignments`)
      .set('Authorization', instructeur.auth)
      .send({ reviewerId: expert.id, role: 'expert' });
    expect(one.status).toBe(201);
    const res = await post('bulk-assignments', instructeur.auth, { dossierIds: ids, reviewerId: expert.id, role: 'expert' });
    expect(res.status).toBe(200);
    const body = res.body as BulkResult;
    expect(body).toMatchObject({ applied: 2, failed: 1 });
    expect(body.results[0]).toMatchObject({ ok: false, code: 'ALREADY_ASSIGNED' });
    expect(body.results[1]).toMatchObject({ ok: true, avisId: expect.any(String) });
    const mine = await t
      .http()
      .get('/api/avis')
      .query({ filter: JSON.stringify({ mine: true }) })
      .set('Authorization', expert.auth);
    expect(mine.body).toHaveLength(3);
  });

  it('refuses an empty selection, more than 200 dossiers, a bad id, a missing justification (400), and reviewers (403)', async () => {
    const bad = [
      await post('bulk-transitions', instructeur.auth, { action: 'ouvrir_instruction', dossierIds: [] }),
      await post('bulk-transitions', instructeur.auth, { action: 'ouvrir_instruction', dossierIds: Array(201).fill(ids[0]) }),
      await post('bulk-transitions', instructeur.auth, { action: 'ouvrir_instruction', dossierIds: ['pas-un-uuid'] }),
      await post('bulk-eligibility', instructeur.auth, { dossierIds: ids }),
      await post('bulk-assignments', instructeur.auth, { dossierIds: ids, role: 'expert' }),
    ];
    for (const r of bad) {
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
    expect((await post('bulk-transitions', cress.auth, { action: 'ouvrir_instruction', dossierIds: ids })).status).toBe(403);
    expect((await post('bulk-eligibility', cress.auth, { dossierIds: ids, justification: 'xxxx' })).status).toBe(403);
    // An unknown dossier is reported like any refusal (404 in its row), never a 500.
    const unknown = (
      await post('bulk-transitions', instructeur.auth, {
        action: 'ouvrir_instruction',
        dossierIds: ['00000000-0000-4000-8000-000000000000'],
      })
    ).body;
    expect(unknown.results[0]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('exports the selection (filter id) and the avis, one row per avis with every score, for French Excel', async () => {
    const sel = await t
      .http()
      .get('/api/dossiers/export')
      .query({ filter: JSON.stringify({ id: [ids[0], ids[2]] }), format: 'csv' })
      .set('Authorization', instructeur.auth);
    expect(sel.status).toBe(200);
    expect(sel.text.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(sel.text).toContain('Projet groupé 0');
    expect(sel.text).not.toContain('Projet groupé 1');

    const avis = await t
      .http()
      .get('/api/avis/export')
      .query({ filter: JSON.stringify({ campaignId }), format: 'csv', sort: JSON.stringify(['projectName', 'ASC']) })
      .set('Authorization', instructeur.auth);
    expect(avis.status).toBe(200);
    expect(avis.headers['content-type']).toMatch(/text\/csv/);
    expect(avis.headers['content-disposition']).toMatch(/avis-\d{4}-\d{2}-\d{2}\.csv/);
    expect(avis.text.charCodeAt(0)).toBe(0xfeff);
    const lines = avis.text.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + 6); // 3 CRESS + 3 expert avis
    const header = lines[0].split(';');
    expect(header.slice(0, 8)).toEqual([
      'Projet',
      'Structure porteuse',
      'Région',
      'Phase',
      'État du dossier',
      'Rôle',
      'Relecteur',
      'Statut de l’avis',
    ]);
    expect(header.filter((h) => h.endsWith('(note)')).length).toBeGreaterThanOrEqual(9);
    expect(lines.slice(1).some((l) => l.includes('Experte régionale') && l.includes('À rédiger') && l.includes('Bretagne'))).toBe(true);
    const xlsx = await t
      .http()
      .get('/api/avis/export')
      .query({ filter: JSON.stringify({ campaignId }), format: 'xlsx' })
      .set('Authorization', instructeur.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect((await t.http().get('/api/avis/export').query({ format: 'pdf' }).set('Authorization', instructeur.auth)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await t.http().get('/api/avis/export').set('Authorization', cress.auth)).status).toBe(403);
  });
});
