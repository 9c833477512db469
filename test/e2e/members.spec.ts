// The structured member list of a dossier (issue 15). Seed 001: "Etre un regroupement sur un même territoire de
// réseaux, entreprises et structures de l'ESS associés à des entreprises industrielles et commerciales et, le cas
// échéant, des collectivités locales, des centres de recherche et organismes de formation".
import { makeSiret } from '@ptce/domain';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>>;

describe('dossier members (real PostgreSQL)', () => {
  let t: TestApp;
  let instructeur: Who;
  let cabinet: Who;
  let cress53: Who;
  let cress32: Who;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    cabinet = await t.as(['cabinet']);
    cress53 = await t.as(['cress'], ['53']);
    cress32 = await t.as(['cress'], ['32']);
    campaignId = await createCampaign(t);
  });
  afterAll(async () => t?.close());

  const memberSiret = makeSiret('77700001', '0001');
  const put = (id: string, members: unknown, expectedVersion: number, auth = instructeur.auth) =>
    t.http().put(`/api/dossiers/${id}/members`).set('Authorization', auth).send({ members, expectedVersion });

  it('an instructeur fills the list; it is journaled, versioned, and read back in order with counts', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    const empty = await t.http().get(`/api/dossiers/${d.id}/members`).set('Authorization', instructeur.auth);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ dossierId: d.id, version: d.version, members: [] });
    expect(empty.body.kinds.map((k: { code: string }) => k.code)).toContain('institution');

    const res = await put(
      d.id,
      [
        { name: 'Recyclerie du Trégor', siret: memberSiret, kind: 'ess' },
        { name: 'Menuiserie Le Goff', kind: 'entreprise' },
        { name: 'Communauté de communes', siret: null, kind: 'collectivite' },
      ],
      d.version,
    );
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(d.version + 1);
    expect(res.body.members).toEqual([
      { name: 'Recyclerie du Trégor', siret: memberSiret, kind: 'ess', kindLabel: 'Structure de l’ESS', source: 'manuel' },
      {
        name: 'Menuiserie Le Goff',
        siret: null,
        kind: 'entreprise',
        kindLabel: 'Entreprise industrielle ou commerciale',
        source: 'manuel',
      },
      { name: 'Communauté de communes', siret: null, kind: 'collectivite', kindLabel: 'Collectivité locale', source: 'manuel' },
    ]);
    expect(res.body.counts).toMatchObject({ ess: 1, entreprise: 1, collectivite: 1, recherche: 0 });
    const journal = await t.http().get(`/api/dossiers/${d.id}/journal`).set('Authorization', instructeur.auth);
    expect(journal.body.map((j: { action: string }) => j.action)).toContain('modifier_membres');
    // The member SIRETs join the dossier's memberSirets (what conflict detection reads).
    const dossier = await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth);
    expect(dossier.body.memberSirets).toEqual([memberSiret]);

    // Replacing the list takes the old SIRETs out.
    const again = await put(d.id, [{ name: 'Menuiserie Le Goff', kind: 'entreprise' }], res.body.version);
    expect(again.status).toBe(200);
    const after = await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth);
    expect(after.body.memberSirets).toEqual([]);
  });

  it('refuses bad input in French with VALIDATION_FAILED, a stale version with VERSION_CONFLICT, and other roles', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    const bad = await put(d.id, [{ name: '', siret: '123', kind: 'banque' }], d.version);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.details).sort()).toEqual(['members.0.kind', 'members.0.name', 'members.0.siret']);
    expect(bad.body.details['members.0.siret']).toMatch(/SIRET invalide/);
    const notArray = await t
      .http()
      .put(`/api/dossiers/${d.id}/members`)
      .set('Authorization', instructeur.auth)
      .send({ members: 'x', expectedVersion: d.version });
    expect(notArray.status).toBe(400);
    const stale = await put(d.id, [], d.version - 1);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await put(d.id, [], d.version, cabinet.auth)).status).toBe(403);
    // A reviewer of the region reads it; one of another region does not see the dossier at all.
    expect((await t.http().get(`/api/dossiers/${d.id}/members`).set('Authorization', cress53.auth)).status).toBe(200);
    expect((await t.http().get(`/api/dossiers/${d.id}/members`).set('Authorization', cress32.auth)).status).toBe(404);
    expect((await t.http().get(`/api/dossiers/not-a-uuid/members`).set('Authorization', instructeur.auth)).status).toBe(404);
  });

  it('feeds the pre-check "composition du partenariat" (seed 001)', async () => {
    let d = await createDossier(t, instructeur.auth, campaignId);
    d = (await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version)).body;
    const crit = async () =>
      (await t.http().get(`/api/dossiers/${d.id}/eligibility`).set('Authorization', instructeur.auth)).body.items.find(
        (i: { code: string }) => i.code === 'composition_partenariat',
      );
    expect(await crit()).toMatchObject({ auto: 'a_verifier', label: 'Composition du partenariat' });
    const r1 = await put(d.id, [{ name: 'Régie de quartier', kind: 'ess' }], d.version);
    expect(await crit()).toMatchObject({ auto: 'ko', reason: expect.stringMatching(/aucune entreprise industrielle ou commerciale/) });
    await put(
      d.id,
      [
        { name: 'Régie de quartier', kind: 'ess' },
        { name: 'Imprimerie Kerné', kind: 'entreprise' },
      ],
      r1.body.version,
    );
    expect((await crit()).auto).toBe('ok');
  });

  it('member SIRETs feed the conflict-of-interest detection', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId, { region: '53' });
    const partnerSiret = makeSiret('88800001', '0001');
    const expert = await t.as(['expert'], ['53'], { organisationSiret: makeSiret('88800001', '0002') });
    await put(d.id, [{ name: 'Partenaire industriel', siret: partnerSiret, kind: 'entreprise' }], d.version);
    const candidates = await t
      .http()
      .get(`/api/dossiers/${d.id}/assignment-candidates`)
      .query({ role: 'expert' })
      .set('Authorization', instructeur.auth);
    const c = candidates.body.find((x: { id: string }) => x.id === expert.id);
    expect(c.conflict).toBeTruthy();
  });
});
