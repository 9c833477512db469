import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

// Issue 14: each dashboard figure links to a filtered list whose Content-Range total is that figure, for the same user.
// Here the filters added for it: avis by the dossier's region (with overdue and role), avis rendered since a date,
// users of a regional role without a region.
describe('dashboard figures = totals of the lists they link to (region, renderedSince, regionMissing)', () => {
  let t: TestApp;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;
  let admin: Awaited<ReturnType<TestApp['as']>>;
  let cress53: Awaited<ReturnType<TestApp['as']>>;
  let campaignId: string;

  const list = (auth: string, resource: string, filter: Record<string, unknown>) =>
    t
      .http()
      .get(`/api/${resource}`)
      .query({ filter: JSON.stringify(filter), range: '[0,0]' })
      .set('Authorization', auth);
  const listCount = async (auth: string, resource: string, filter: Record<string, unknown>) => {
    const res = await list(auth, resource, filter);
    expect(res.status).toBe(200);
    return Number(String(res.headers['content-range']).split('/')[1]);
  };
  const dashboard = async (auth: string) => {
    const res = await t.http().get('/api/dashboard').set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    admin = await t.as(['admin']);
    cress53 = await t.as(['cress'], ['53']);
    await t.as(['cress'], ['84']);
    campaignId = await createCampaign(t, { name: 'Campagne des liens du tableau de bord' });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 0 WHERE id = $1`, [campaignId, ['cress']]);
    // Three dossiers in Bretagne (53), two in Provence-Alpes-Côte d'Azur (84), each with its CRESS avis.
    const opened: Record<string, string[]> = { '53': [], '84': [] };
    for (const region of ['53', '53', '53', '84', '84']) {
      const d = await createDossier(t, instructeur.auth, campaignId, { region });
      expect((await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version)).status).toBe(200);
      opened[region].push(d.id);
    }
    // Overdue: two in 53 (one still to write, one in draft), one in 84; the third of 53 rendered this week.
    await t.db.query(`UPDATE avis SET due_at = now() - interval '2 days' WHERE dossier_id = ANY($1)`, [
      [opened['53'][0], opened['53'][1], opened['84'][0]],
    ]);
    await t.db.query(`UPDATE avis SET status = 'brouillon' WHERE dossier_id = $1`, [opened['53'][1]]);
    await t.db.query(`UPDATE avis SET status = 'rendu', rendered_at = now() WHERE dossier_id = $1`, [opened['53'][2]]);
    // A rendered avis of the same reviewer from a month ago (an older dossier): counted in « rendus », not this week.
    const old = await createDossier(t, instructeur.auth, campaignId, { region: '53' });
    expect((await transition(t, instructeur.auth, old.id, 'ouvrir_instruction', old.version)).status).toBe(200);
    await t.db.query(`UPDATE avis SET status = 'rendu', rendered_at = now() - interval '30 days' WHERE dossier_id = $1`, [old.id]);
    // Users: two regional accounts without a region (one deactivated), and accounts the figure leaves out.
    await t.as(['correspondant_ess'], []);
    const inactive = await t.as(['cress'], []);
    await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [inactive.id]);
    await t.as(['compagnon'], []);
  });
  afterAll(() => t?.close());

  it('avis overdue by region and role: each line of the instructeur’s figure is the total of {overdue, role, region}', async () => {
    const b = await dashboard(instructeur.auth);
    expect(b.instructeur.avisOverdueByRegionRole).toEqual([
      expect.objectContaining({ region: '53', role: 'cress', count: 2 }),
      expect.objectContaining({ region: '84', role: 'cress', count: 1 }),
    ]);
    for (const r of b.instructeur.avisOverdueByRegionRole as { region: string; role: string; count: number }[]) {
      expect(await listCount(instructeur.auth, 'avis', { campaignId, overdue: true, role: r.role, region: r.region })).toBe(r.count);
    }
    expect(await listCount(instructeur.auth, 'avis', { campaignId, overdue: true })).toBe(b.instructeur.avisOverdue);
    // The region filter alone, and with several regions.
    expect(await listCount(instructeur.auth, 'avis', { campaignId, region: '84' })).toBe(2);
    expect(await listCount(instructeur.auth, 'avis', { campaignId, region: ['53', '84'] })).toBe(6);
  });

  it('rendered this week: the reviewer’s figure is the total of {mine, status rendu, renderedSince: Monday 00:00 Paris}', async () => {
    const b = await dashboard(cress53.auth);
    expect(b.reviewer).toMatchObject({ renderedThisWeek: 1, rendered: 2 });
    const [{ since }] = await t.db.query(
      `SELECT (date_trunc('week', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris') AS since`,
    );
    const renderedSince = new Date(since).toISOString();
    expect(await listCount(cress53.auth, 'avis', { campaignId, mine: true, status: 'rendu', renderedSince })).toBe(
      b.reviewer.renderedThisWeek,
    );
    expect(await listCount(cress53.auth, 'avis', { campaignId, mine: true, status: 'rendu' })).toBe(b.reviewer.rendered);
    // A date without time is accepted too (midnight UTC).
    expect(await listCount(cress53.auth, 'avis', { campaignId, renderedSince: '2000-01-01' })).toBe(2);
  });

  it('users without a region: the admin’s figure is the total of {regionMissing: true} (with or without active: true)', async () => {
    const b = await dashboard(admin.auth);
    expect(b.admin.usersWithoutRegion).toBe(1);
    expect(await listCount(admin.auth, 'users', { regionMissing: true })).toBe(b.admin.usersWithoutRegion);
    expect(await listCount(admin.auth, 'users', { regionMissing: true, active: true })).toBe(b.admin.usersWithoutRegion);
    const all = await listCount(admin.auth, 'users', {});
    expect(await listCount(admin.auth, 'users', { regionMissing: false })).toBe(all - 1);
  });

  it('refuses a bad value of the new filters with a 400 naming the filter', async () => {
    for (const [resource, filter, field] of [
      ['avis', { region: '99' }, 'filter.region'],
      ['avis', { region: 53 }, 'filter.region'],
      ['avis', { renderedSince: 'hier' }, 'filter.renderedSince'],
      ['avis', { renderedSince: '2026-13-45' }, 'filter.renderedSince'],
      ['avis', { renderedSince: 1700000000000 }, 'filter.renderedSince'],
      ['users', { regionMissing: 'oui' }, 'filter.regionMissing'],
    ] as const) {
      const res = await list(resource === 'users' ? admin.auth : instructeur.auth, resource, filter);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { [field]: expect.any(String) } });
    }
  });
});
