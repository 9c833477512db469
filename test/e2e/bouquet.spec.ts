// The phase-1 "bouquet de services spécifique émergence" and the phase-2 convention (issue 15). Seed 001: "Soutenir
// les dynamiques émergentes par un bouquet de services"; "Phase 2 : … bénéficier d'un soutien financier spécifique
// de l'Etat".
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>>;

describe('bouquet de services and convention (real PostgreSQL)', () => {
  let t: TestApp;
  let instructeur: Who;
  let cabinet: Who;
  let cress: Who;
  let campaignId: string;
  const laureats: string[] = [];
  let notLaureat: string;

  async function dossierIn(state: string, phase = 1, decided: number | null = null) {
    const d = await createDossier(t, instructeur.auth, campaignId, { region: '53' });
    await t.db.query(`UPDATE dossier SET state = $2, phase = $3, decision_amount_cents = $4 WHERE id = $1`, [d.id, state, phase, decided]);
    return d.id as string;
  }
  const post = (path: string, body: unknown, auth = instructeur.auth) =>
    t
      .http()
      .post(path)
      .set('Authorization', auth)
      .send(body as object);
  const put = (path: string, body: unknown, auth = instructeur.auth) =>
    t
      .http()
      .put(path)
      .set('Authorization', auth)
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    cabinet = await t.as(['cabinet']);
    cress = await t.as(['cress'], ['53']);
    campaignId = await createCampaign(t);
    for (let i = 0; i < 3; i++) laureats.push(await dossierIn('laureat'));
    notLaureat = await dossierIn('non_retenu');
  });
  afterAll(async () => t?.close());

  it('keeps a per-campaign catalogue (title, provider, description, capacity) on the react-admin contract', async () => {
    const created = await post('/api/services', {
      campaignId,
      title: 'Accompagnement à la structuration juridique',
      provider: 'France Active',
      description: 'Trois jours d’accompagnement par un conseiller.',
      capacity: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ campaignId, title: 'Accompagnement à la structuration juridique', capacity: 2, allocated: 0 });
    await post('/api/services', { campaignId, title: 'Mentorat par un PTCE compagnon', provider: 'Collectif PTCE Compagnons' });
    const list = await t
      .http()
      .get('/api/services')
      .query({ filter: JSON.stringify({ campaignId }), sort: JSON.stringify(['title', 'ASC']), range: '[0,9]' })
      .set('Authorization', cabinet.auth);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toBe('services 0-1/2');
    expect(list.body.map((s: { title: string }) => s.title)).toEqual([
      'Accompagnement à la structuration juridique',
      'Mentorat par un PTCE compagnon',
    ]);
    const bad = await post('/api/services', { campaignId, title: ' ', capacity: 0, extra: 1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details).sort()).toEqual(['capacity', 'extra', 'provider', 'title']);
    expect(bad.body.details.title).toBe('Le titre du service est obligatoire.');
    expect((await post('/api/services', { campaignId, title: 'X', provider: 'Y' }, cabinet.auth)).status).toBe(403);
    expect((await t.http().get('/api/services').set('Authorization', cress.auth)).status).toBe(403);
  });

  it('allocates services to phase-1 lauréats in bulk (all or nothing, capacity, idempotent) and follows each one', async () => {
    const services = (
      await t
        .http()
        .get('/api/services')
        .query({ filter: JSON.stringify({ campaignId }) })
        .set('Authorization', instructeur.auth)
    ).body as { id: string; title: string }[];
    const [juridique, mentorat] = services;

    // a non-lauréat refuses the whole request
    const refused = await post('/api/service-allocations/bulk', { serviceIds: [mentorat.id], dossierIds: [laureats[0], notLaureat] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOT_LAUREAT');
    expect(refused.body.details.dossiers.map((d: { id: string }) => d.id)).toEqual([notLaureat]);
    // capacity 2: three lauréats refused with the numbers
    const full = await post('/api/service-allocations/bulk', { serviceIds: [juridique.id], dossierIds: laureats });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'SERVICE_CAPACITY_EXCEEDED', details: { capacity: 2, allocated: 0, requested: 3 } });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM service_allocation`);
    expect(n).toBe(0);

    const ok = await post('/api/service-allocations/bulk', { serviceIds: [juridique.id, mentorat.id], dossierIds: laureats.slice(0, 2) });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ created: 4, skipped: 0 });
    const again = await post('/api/service-allocations/bulk', { serviceIds: [mentorat.id], dossierIds: laureats });
    expect(again.body).toEqual({ created: 1, skipped: 2 });

    const mine = await t
      .http()
      .get('/api/service-allocations')
      .query({ filter: JSON.stringify({ dossierId: laureats[0] }), sort: JSON.stringify(['serviceTitle', 'ASC']) })
      .set('Authorization', instructeur.auth);
    expect(mine.headers['content-range']).toBe('service-allocations 0-1/2');
    expect(mine.body.map((a: { serviceTitle: string; status: string }) => [a.serviceTitle, a.status])).toEqual([
      ['Accompagnement à la structuration juridique', 'planned'],
      ['Mentorat par un PTCE compagnon', 'planned'],
    ]);
    const followed = await put(`/api/service-allocations/${mine.body[0].id}`, {
      status: 'started',
      note: 'Premier rendez-vous le 3 septembre.',
    });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ status: 'started', statusLabel: 'En cours', note: 'Premier rendez-vous le 3 septembre.' });
    const badStatus = await put(`/api/service-allocations/${mine.body[0].id}`, { status: 'fini' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.details.status).toMatch(/planned/);
    const done = await t
      .http()
      .get('/api/service-allocations')
      .query({ filter: JSON.stringify({ campaignId, status: 'started' }) })
      .set('Authorization', cabinet.auth);
    expect(done.body).toHaveLength(1);

    // a service in use cannot be deleted nor shrunk below its allocations
    const del = await t.http().delete(`/api/services/${juridique.id}`).set('Authorization', instructeur.auth);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('SERVICE_IN_USE');
    expect((await put(`/api/services/${juridique.id}`, { capacity: 1 })).body.code).toBe('SERVICE_CAPACITY_EXCEEDED');
    expect((await put(`/api/services/${juridique.id}`, { capacity: 5, description: 'Cinq places.' })).body).toMatchObject({
      capacity: 5,
      allocated: 2,
    });
  });

  it('the phase-1 lauréat decision e-mail lists the services allocated (variable services)', async () => {
    const admin = await t.as(['admin']);
    const tpl = await t.http().get('/api/email-templates/decision_phase1_laureat').set('Authorization', admin.auth);
    expect(tpl.body.variables).toEqual(expect.arrayContaining(['services', 'services.title', 'services.provider']));
    const preview = await post(
      '/api/email-templates/decision_phase1_laureat/preview',
      { subject: tpl.body.subject, html: tpl.body.html, text: tpl.body.text, dossierId: laureats[0] },
      admin.auth,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.text).toContain(
      'Les services qui vous sont attribués :\n- Accompagnement à la structuration juridique (France Active)\n- Mentorat par un PTCE compagnon (Collectif PTCE Compagnons)',
    );
    expect(preview.body.html).toContain('<li>Mentorat par un PTCE compagnon (Collectif PTCE Compagnons)</li>');
    const none = await post(
      '/api/email-templates/decision_phase1_laureat/preview',
      { subject: tpl.body.subject, html: tpl.body.html, text: tpl.body.text, dossierId: notLaureat },
      admin.auth,
    );
    expect(none.body.text).not.toContain('Les services qui vous sont attribués');
  });

  it('phase-2 lauréat: a convention with a 2-year default, the decided amount, instalments and the dossier indicators', async () => {
    const p2 = await dossierIn('laureat', 2, 6_000_000);
    expect((await t.http().get(`/api/dossiers/${p2}/convention`).set('Authorization', instructeur.auth)).status).toBe(404);
    const created = await put(`/api/dossiers/${p2}/convention`, {
      instalments: [
        { label: 'Avance à la signature', amountCents: 3_000_000, plannedAt: '2021-12-15', paidAt: '2021-12-20' },
        { label: 'Solde', amountCents: 3_000_000, plannedAt: '2023-01-15' },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ amountCents: 6_000_000, durationMonths: 24, version: 1, paidCents: 3_000_000 });
    // the indicators come from the dossier's "Indicateurs de suivi et d'évaluation"
    expect(created.body.indicators.map((i: { label: string }) => i.label)).toEqual([
      'Nombre d’emplois créés',
      'Tonnes de déchets évitées',
      'Nombre de membres actifs',
    ]);
    const reported = await put(`/api/dossiers/${p2}/convention`, {
      expectedVersion: 1,
      indicators: [{ label: 'Nombre d’emplois créés', unit: 'ETP', target: 15, reported: 6 }],
    });
    expect(reported.body).toMatchObject({
      version: 2,
      indicators: [{ label: 'Nombre d’emplois créés', unit: 'ETP', target: 15, reported: 6 }],
    });
    expect(reported.body.instalments).toHaveLength(2);
    const stale = await put(`/api/dossiers/${p2}/convention`, { expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const over = await put(`/api/dossiers/${p2}/convention`, { instalments: [{ amountCents: 7_000_000, plannedAt: '2022-01-01' }] });
    expect(over.status).toBe(400);
    expect(over.body.details.instalments).toMatch(/dépassent le montant/);
    const phase1 = await put(`/api/dossiers/${laureats[0]}/convention`, {});
    expect(phase1.status).toBe(409);
    expect(phase1.body.code).toBe('NOT_LAUREAT');
    expect((await put(`/api/dossiers/${p2}/convention`, {}, cabinet.auth)).status).toBe(403);
  });
});
