import { CALENDAR_2021 } from '@ptce/domain';
import { createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('campaigns API', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['as']>>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(['admin']);
  });
  afterAll(async () => t?.close());

  const body = (over: Record<string, unknown> = {}) => ({
    name: 'AMI PTCE 2021 — relance des PTCE',
    calendar: { ...CALENDAR_2021 },
    envelopeCents: 500_000_000,
    dsDemarches: { phase1: 40001, phase2: 40002 },
    avisDelayDays: 15,
    ...over,
  });

  it('creates a campaign with its calendar, defaults and DS démarches; all staff can read it', async () => {
    const res = await t.http().post('/api/campaigns').set('Authorization', admin.auth).send(body());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'AMI PTCE 2021 — relance des PTCE',
      timezone: 'Europe/Paris',
      calendar: { phase1DepositDeadline: '2021-06-23T21:59:59.000Z' },
      envelopeCents: 500_000_000,
      dsDemarches: { phase1: 40001, phase2: 40002 },
      requiredAvisRoles: ['correspondant_ess', 'cress', 'compagnon'],
      avisDelayDays: 15,
    });
    const cress = await t.as(['cress'], ['53']);
    const list = await t.http().get('/api/campaigns').set('Authorization', cress.auth);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toMatch(/^campaigns 0-0\/1$/);
    expect((await t.http().post('/api/campaigns').set('Authorization', cress.auth).send(body())).status).toBe(403);
  });

  it('refuses an impossible calendar with French messages per date', async () => {
    const cal = { ...CALENDAR_2021, phase1AnnouncementAt: '2021-06-01T10:00:00+02:00', phase2DepositDeadline: '2021-05-01T10:00:00+02:00' };
    const res = await t
      .http()
      .post('/api/campaigns')
      .set('Authorization', admin.auth)
      .send(body({ calendar: cal }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.details)).toEqual(
      expect.arrayContaining(['calendar.phase1AnnouncementAt', 'calendar.phase2DepositDeadline']),
    );
    const bad = await t
      .http()
      .post('/api/campaigns')
      .set('Authorization', admin.auth)
      .send(body({ calendar: { ...CALENDAR_2021, publishedAt: '12/05/2021' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.details['calendar.publishedAt']).toMatch(/Date invalide/);
    const { phase1DepositDeadline: _gone, ...withoutDeadline } = CALENDAR_2021;
    const missing = await t
      .http()
      .post('/api/campaigns')
      .set('Authorization', admin.auth)
      .send(body({ calendar: withoutDeadline }));
    expect(missing.body.details['calendar.phase1DepositDeadline']).toBe('Cette date est obligatoire.');
  });

  it('updates with the version and refuses a stale one', async () => {
    const created = (
      await t
        .http()
        .post('/api/campaigns')
        .set('Authorization', admin.auth)
        .send(body({ name: 'Édition à modifier' }))
    ).body;
    const ok = await t
      .http()
      .put(`/api/campaigns/${created.id}`)
      .set('Authorization', admin.auth)
      .send({ ...created, name: 'Édition modifiée', version: created.version });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Édition modifiée');
    expect(ok.body.version).toBe(created.version + 1);
    const stale = await t
      .http()
      .put(`/api/campaigns/${created.id}`)
      .set('Authorization', admin.auth)
      .send({ ...created, version: created.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });

  it('recomputes the "hors délai" flag when the deadline moves', async () => {
    const created = (
      await t
        .http()
        .post('/api/campaigns')
        .set('Authorization', admin.auth)
        .send(body({ name: 'Échéance repoussée' }))
    ).body;
    const instructeur = await t.as(['instructeur']);
    const d = await createDossier(t, instructeur.auth, created.id, { depositedAt: '2021-06-25T10:00:00+02:00' });
    expect(d.lateDeposit).toBe(true);
    const later = { ...created.calendar, phase1DepositDeadline: '2021-06-30T23:59:59+02:00' };
    const res = await t
      .http()
      .put(`/api/campaigns/${created.id}`)
      .set('Authorization', admin.auth)
      .send({ ...created, calendar: later, version: created.version });
    expect(res.status).toBe(200);
    expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth)).body.lateDeposit).toBe(false);
  });
});
