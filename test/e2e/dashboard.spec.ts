import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

// Issue 14 §2: one GET /api/dashboard per role, computed in SQL, scoped as the lists are; each figure matches a list filter.
describe('GET /api/dashboard: the figures of each role, scoped, matching the filtered lists', () => {
  let t: TestApp;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;
  let cabinet: Awaited<ReturnType<TestApp['as']>>;
  let admin: Awaited<ReturnType<TestApp['as']>>;
  let cress53: Awaited<ReturnType<TestApp['as']>>;
  let cress84: Awaited<ReturnType<TestApp['as']>>;
  let campaignId: string;
  const ids: Record<string, string> = {};

  const listCount = async (auth: string, resource: string, filter: Record<string, unknown>) => {
    const res = await t
      .http()
      .get(`/api/${resource}`)
      .query({ filter: JSON.stringify(filter), range: '[0,0]' })
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    return Number(String(res.headers['content-range']).split('/')[1]);
  };
  const dashboard = async (auth: string, query: Record<string, string> = {}) => {
    const res = await t.http().get('/api/dashboard').query(query).set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    cabinet = await t.as(['cabinet']);
    admin = await t.as(['admin']);
    cress53 = await t.as(['cress'], ['53']);
    cress84 = await t.as(['cress'], ['84']);
    await t.as(['correspondant_ess'], []); // a regional user without a region (admin's figure)
    await createCampaign(t, { name: 'Ancienne campagne' });
    await t.db.query(`UPDATE campaign SET published_at = published_at - interval '1 year'`);
    campaignId = await createCampaign(t, { name: 'Campagne du tableau de bord' });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 0 WHERE id = $1`, [campaignId, ['cress']]);
    // Two dossiers to open (53, 84), two opened (53) with their CRESS avis, one waiting for pieces past due, one instruit.
    ids.depose53 = (await createDossier(t, instructeur.auth, campaignId, { region: '53' })).id;
    ids.depose84 = (await createDossier(t, instructeur.auth, campaignId, { region: '84' })).id;
    for (const k of ['open53a', 'open53b', 'complements', 'instruit']) {
      const d = await createDossier(t, instructeur.auth, campaignId, { region: '53' });
      const r = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
      expect(r.status).toBe(200);
      ids[k] = d.id;
    }
    const c = (await t.http().get(`/api/dossiers/${ids.complements}`).set('Authorization', instructeur.auth)).body;
    const asked = await transition(t, instructeur.auth, ids.complements, 'demander_complements', c.version, {
      data: { message: 'Merci d’envoyer les statuts signés.', dueAt: '2031-07-01' },
    });
    expect(asked.status).toBe(200);
    // A past deadline is refused by the workflow: the overdue request is an earlier one, written as history.
    await t.db.query(
      `INSERT INTO dossier_journal (dossier_id, actor_role, action, from_state, to_state, data)
       VALUES ($1, 'instructeur', 'demander_complements', 'en_instruction', 'en_attente_complements', '{"dueAt":"2021-07-01T21:59:59.000Z"}')`,
      [ids.complements],
    );
    await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = $1`, [ids.instruit]);
    await t.db.query(`UPDATE avis SET status = 'rendu', rendered_at = now() WHERE dossier_id = $1`, [ids.instruit]);
    // One avis overdue, one in draft.
    await t.db.query(`UPDATE avis SET due_at = now() - interval '2 days' WHERE dossier_id = $1`, [ids.open53a]);
    await t.db.query(`UPDATE avis SET status = 'brouillon' WHERE dossier_id = $1`, [ids.open53b]);
    await t.db.query(
      `INSERT INTO notification (template, idempotency_key, campaign_id, recipient, status, attempts, last_error)
       VALUES ('accuse_reception', 'test-failed-1', $1, 'x@example.org', 'failed', 5, 'SMTP refusé')`,
      [campaignId],
    );
    await t.db.query(
      `INSERT INTO import_run (campaign_id, phase, kind, status, errors, created_by) VALUES ($1, 1, 'file', 'done', '[{"row":3,"message":"SIRET invalide"}]', $2)`,
      [campaignId, admin.id],
    );
  });
  afterAll(() => t?.close());

  it('instructeur: to open, eligibility to decide, complements overdue, ready for the cabinet, avis overdue by region and role, last import, failed e-mails', async () => {
    const b = await dashboard(instructeur.auth);
    expect(b.campaign).toMatchObject({ id: campaignId, name: 'Campagne du tableau de bord' });
    expect(b.instructeur).toMatchObject({
      toOpen: 2,
      eligibilityToDecide: 2,
      complementsOverdue: 1,
      complementsPending: 1,
      readyForCabinet: 1,
      avisOverdue: 1,
      avisOverdueByRegionRole: [{ region: '53', regionLabel: 'Bretagne', role: 'cress', count: 1 }],
      lastImport: { kind: 'file', status: 'done', errorCount: 1 },
      failedEmails: 1,
    });
    expect(b.reviewer).toBeNull();
    expect(b.cabinet).toBeNull();
    // Each figure is the count of the list it links to.
    const a = instructeur.auth;
    expect(await listCount(a, 'dossiers', { campaignId, state: 'depose' })).toBe(b.instructeur.toOpen);
    expect(await listCount(a, 'dossiers', { campaignId, state: 'en_instruction', eligibility: 'a_verifier' })).toBe(
      b.instructeur.eligibilityToDecide,
    );
    expect(await listCount(a, 'dossiers', { campaignId, complementsOverdue: true })).toBe(b.instructeur.complementsOverdue);
    expect(await listCount(a, 'dossiers', { campaignId, state: 'instruit' })).toBe(b.instructeur.readyForCabinet);
    expect(await listCount(a, 'avis', { campaignId, overdue: true })).toBe(b.instructeur.avisOverdue);
    expect(await listCount(a, 'notifications', { status: 'failed' })).toBe(b.instructeur.failedEmails);
    // Pipeline per phase and avis completion per region.
    expect(b.pipeline[0]).toMatchObject({
      phase: 1,
      total: 6,
      byState: { depose: 2, en_instruction: 2, en_attente_complements: 1, instruit: 1 },
    });
    expect(b.pipeline[1]).toMatchObject({ phase: 2, total: 0 });
    expect(b.avisCompletion).toEqual([{ region: '53', regionLabel: 'Bretagne', expected: 4, rendered: 1, overdue: 1 }]);
  });

  it('reviewer: my avis to write, drafts, overdue first, rendered this week; scoped to my region', async () => {
    const b = await dashboard(cress53.auth);
    expect(b.instructeur).toBeNull();
    expect(b.reviewer).toMatchObject({ toWrite: 2, drafts: 1, overdue: 1, renderedThisWeek: 1 });
    expect(b.reviewer.next.map((x: { dossierId: string }) => x.dossierId)[0]).toBe(ids.open53a);
    expect(b.reviewer.next[0]).toMatchObject({ overdue: true, status: 'a_rediger' });
    expect(await listCount(cress53.auth, 'avis', { campaignId, mine: true, status: 'a_rediger' })).toBe(b.reviewer.toWrite);
    expect(await listCount(cress53.auth, 'avis', { campaignId, mine: true, status: 'brouillon' })).toBe(b.reviewer.drafts);
    expect(b.pipeline[0].total).toBe(await listCount(cress53.auth, 'dossiers', { campaignId, phase: 1 }));
    const other = await dashboard(cress84.auth);
    expect(other.reviewer).toMatchObject({ toWrite: 0, drafts: 0, overdue: 0, renderedThisWeek: 0, next: [] });
    expect(other.pipeline[0]).toMatchObject({ total: 1, byState: { depose: 1 } });
    expect(other.avisCompletion).toEqual([]);
  });

  it('cabinet: instruit awaiting a decision, decided, envelope used', async () => {
    const before = await dashboard(cabinet.auth);
    expect(before.cabinet).toMatchObject({ awaitingDecision: 1, decided: 0, envelope: { envelopeCents: 100_000_000, usedCents: 0 } });
    const d = (await t.http().get(`/api/dossiers/${ids.instruit}`).set('Authorization', cabinet.auth)).body;
    expect((await transition(t, cabinet.auth, ids.instruit, 'retenir', d.version)).status).toBe(200);
    const after = await dashboard(cabinet.auth);
    expect(after.cabinet).toMatchObject({ awaitingDecision: 0, decided: 1 });
    expect(after.cabinet.phases[0]).toMatchObject({ phase: 1, laureat: 1, nonRetenu: 0, arreteAt: null });
    expect(await listCount(cabinet.auth, 'dossiers', { campaignId, state: ['laureat', 'non_retenu'] })).toBe(after.cabinet.decided);
  });

  it('admin: imports, users without a region, the calendar with the next date', async () => {
    const b = await dashboard(admin.auth);
    expect(b.admin).toMatchObject({ imports: { running: 0, failed: 0, total: 1 }, usersWithoutRegion: 1 });
    expect(b.admin.calendar.map((e: { field: string }) => e.field)).toEqual([
      'publishedAt',
      'phase1DepositDeadline',
      'phase1AnnouncementAt',
      'phase2InvitationAt',
      'phase2DepositDeadline',
      'phase2AnnouncementAt',
    ]);
    expect(b.admin.calendar[0]).toMatchObject({ label: expect.any(String), past: true });
  });

  it('another campaign by id; a bad id is a 400, an unknown one a 404; no login is a 401', async () => {
    const campaigns = await t.db.query(`SELECT id FROM campaign WHERE name = 'Ancienne campagne'`);
    const old = await dashboard(instructeur.auth, { campaignId: campaigns[0].id });
    expect(old.pipeline[0].total).toBe(0);
    expect((await t.http().get('/api/dashboard').query({ campaignId: 'x' }).set('Authorization', instructeur.auth)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (await t.http().get('/api/dashboard').query({ campaignId: '00000000-0000-4000-8000-000000000000' }).set('Authorization', admin.auth))
        .status,
    ).toBe(404);
    expect((await t.http().get('/api/dashboard')).status).toBe(401);
  });
});
