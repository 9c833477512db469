import { CALENDAR_2021, defaultComplementsDueDay, parisEndOfDay } from '@ptce/domain';
import { createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>>;

/** Issue 14: the default due date of a complements request is the campaign's setting (complementsDelayDays). */
describe('complements delay per campaign', () => {
  let t: TestApp;
  let admin: Who;
  let instructeur: Who;
  let campaign: Record<string, unknown> & { id: string; version: number };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(['admin']);
    instructeur = await t.as(['instructeur']);
    const res = await t
      .http()
      .post('/api/campaigns')
      .set('Authorization', admin.auth)
      .send({ name: 'Campagne délai compléments', calendar: { ...CALENDAR_2021 } });
    expect(res.status).toBe(201);
    campaign = res.body;
  });
  afterAll(async () => t?.close());

  const put = (over: Record<string, unknown>) =>
    t
      .http()
      .put(`/api/campaigns/${campaign.id}`)
      .set('Authorization', admin.auth)
      .send({ ...campaign, ...over });

  it('defaults to 15 days, is editable by the admin and read back by GET', async () => {
    expect(campaign.complementsDelayDays).toBe(15);
    const res = await put({ complementsDelayDays: 10, version: campaign.version });
    expect(res.status).toBe(200);
    expect(res.body.complementsDelayDays).toBe(10);
    campaign = res.body;
    const got = await t.http().get(`/api/campaigns/${campaign.id}`).set('Authorization', instructeur.auth);
    expect(got.body.complementsDelayDays).toBe(10);
  });

  it.each([0, 91, 2.5])('refuses %p days with a French message and a code', async (days) => {
    const res = await put({ complementsDelayDays: days, version: campaign.version });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.complementsDelayDays).toMatch(/^Le délai de réponse aux compléments (doit|ne peut)/);
    const got = await t.http().get(`/api/campaigns/${campaign.id}`).set('Authorization', admin.auth);
    expect(got.body.complementsDelayDays).toBe(10);
  });

  it('gives a complements request without a due date the campaign’s delay (today + 10, Paris day); a given one is kept', async () => {
    let d = await createDossier(t, instructeur.auth, campaign.id);
    d = (await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version)).body;
    // The Paris day before and after the request: the test may straddle midnight.
    const before = defaultComplementsDueDay(new Date(), 10);
    const asked = await transition(t, instructeur.auth, d.id, 'demander_complements', d.version, {
      data: { message: 'Merci de joindre vos statuts signés.' },
    });
    const after = defaultComplementsDueDay(new Date(), 10);
    expect(asked.status).toBe(200);
    expect(asked.body.state).toBe('en_attente_complements');
    const [row] = await t.db.query(`SELECT data FROM dossier_journal WHERE dossier_id = $1 AND action = 'demander_complements'`, [d.id]);
    expect([before, after].map((day) => parisEndOfDay(day).toISOString())).toContain(row.data.dueAt);

    let e = await createDossier(t, instructeur.auth, campaign.id);
    e = (await transition(t, instructeur.auth, e.id, 'ouvrir_instruction', e.version)).body;
    const given = await transition(t, instructeur.auth, e.id, 'demander_complements', e.version, {
      data: { message: 'Merci.', dueAt: '2031-07-05' },
    });
    expect(given.status).toBe(200);
    const [kept] = await t.db.query(`SELECT data FROM dossier_journal WHERE dossier_id = $1 AND action = 'demander_complements'`, [e.id]);
    expect(kept.data.dueAt).toBe(parisEndOfDay('2031-07-05').toISOString());
  });
});
