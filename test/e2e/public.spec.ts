import { startTestApp, TestApp } from '../helpers/test-app';
import { arreteePhase1, campaignWith, decide, instruitDossier, staff, Staff } from './selection-fixtures';

describe('publication and the public list of lauréats (real PostgreSQL)', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp();
    s = await staff(t);
  });
  afterAll(async () => t?.close());

  const publish = (campaignId: string, phase: number, auth = s.cabinet.auth) =>
    t.http().post(`/api/campaigns/${campaignId}/phases/${phase}/publication`).set('Authorization', auth);
  const json = (campaignId: string, phase: number) => t.http().get(`/api/public/campaigns/${campaignId}/laureats?phase=${phase}`);
  const csv = (campaignId: string, phase: number) => t.http().get(`/api/public/campaigns/${campaignId}/laureats?phase=${phase}&format=csv`);
  const html = (campaignId: string, phase: number) => t.http().get(`/public/campaigns/${campaignId}/laureats?phase=${phase}`);

  it('is 404 before publication (JSON, CSV, HTML); publication needs the arrêt', async () => {
    const campaignId = await campaignWith(t);
    const d = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]);
    expect((await decide(t, s.cabinet.auth, campaignId, 1, [{ dossierId: d.id, decision: 'laureat' }])).status).toBe(200);
    expect((await json(campaignId, 1)).status).toBe(404);
    expect((await csv(campaignId, 1)).status).toBe(404);
    const page = await html(campaignId, 1);
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="fr"');
    const early = await publish(campaignId, 1);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('SELECTION_NOT_ARRETEE');
    // Unknown campaign, bad phase, not a uuid.
    expect((await json('00000000-0000-0000-0000-000000000000', 1)).status).toBe(404);
    expect((await json('pas-un-id', 1)).status).toBe(404);
    expect((await json(campaignId, 7)).status).toBe(400);
    expect((await html(campaignId, 7)).status).toBe(400);
  });

  it('lists exactly the lauréats after publication, by region, in JSON, CSV and HTML, with nothing personal', async () => {
    const names = ['Pôle Armor', 'Coop & <Sud>', 'Réseau Francilien', 'Écart Un', 'Écart Deux'];
    const { campaignId, made } = await arreteePhase1(t, s, names, 3);
    expect((await json(campaignId, 1)).status).toBe(404); // arrêtée, not yet published
    expect((await publish(campaignId, 1, s.instructeur.auth)).status).toBe(403);
    const pub = await publish(campaignId, 1);
    expect(pub.status).toBe(200);
    expect(pub.body).toEqual({
      publishedAt: expect.any(String),
      publicUrl: expect.stringMatching(new RegExp(`/public/campaigns/${campaignId}/laureats\\?phase=1$`)),
    });
    const again = await publish(campaignId, 1);
    expect(again.body.publishedAt).toBe(pub.body.publishedAt);
    const events = await t.db.query(`SELECT payload FROM outbox_event WHERE campaign_id = $1 AND type = 'selection.publiee'`, [campaignId]);
    expect(events).toEqual([{ payload: { phase: 1 } }]);
    const campaign = await t.http().get(`/api/campaigns/${campaignId}`).set('Authorization', s.cabinet.auth);
    expect(campaign.body.phase1PublishedAt).toBe(pub.body.publishedAt);

    const rows = await t.db.query(
      `SELECT project_name, structure_name, region, referent_name, referent_email, referent_phone FROM dossier WHERE id = ANY($1::uuid[]) ORDER BY project_name`,
      [made.map((m) => m.id)],
    );
    const byName = new Map(rows.map((r: { project_name: string }) => [r.project_name, r]));
    const label: Record<string, string> = { '53': 'Bretagne', '84': 'Auvergne-Rhône-Alpes', '11': 'Île-de-France' };
    const expected = names.slice(0, 3).map((n) => {
      const r = byName.get(n) as { structure_name: string; region: string };
      return { projectName: n, structureName: r.structure_name, region: r.region, regionLabel: label[r.region] };
    });
    expected.sort((a, b) => a.regionLabel.localeCompare(b.regionLabel, 'fr'));

    const j = await json(campaignId, 1);
    expect(j.status).toBe(200);
    expect(j.body).toEqual(expected); // exactly: no other field, no non-retenu

    const c = await csv(campaignId, 1);
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toMatch(/text\/csv/);
    expect(c.text.charCodeAt(0)).toBe(0xfeff);
    const lines = c.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Projet;Structure porteuse;Code région;Région');
    expect(lines.slice(1)).toEqual(expected.map((e) => [e.projectName, e.structureName, e.region, e.regionLabel].join(';')));
    const viaAccept = await t.http().get(`/api/public/campaigns/${campaignId}/laureats?phase=1`).set('Accept', 'text/csv');
    expect(viaAccept.text).toBe(c.text);
    // Without ?phase, the first phase's list (a link without it is not an error).
    const noPhase = await t.http().get(`/api/public/campaigns/${campaignId}/laureats`).set('Accept', 'text/csv');
    expect(noPhase.text).toBe(c.text);
    expect((await t.http().get(`/public/campaigns/${campaignId}/laureats`)).status).toBe(200);

    const page = await html(campaignId, 1);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    for (const e of expected) expect(page.text).toContain(e.regionLabel.replace('&', '&amp;'));
    expect(page.text).toContain('Coop &amp; &lt;Sud&gt;');
    expect(page.text).not.toContain('<Sud>');
    expect(page.text).toContain('Pôle Armor');
    expect(page.text).not.toContain('Écart Un');
    expect(page.text).toMatch(/<h2 id="region-53">Bretagne<\/h2>/);
    expect(page.text).toMatch(/<th scope="col">Projet<\/th>/);
    // The schematic map, with its text alternative.
    expect(page.text).toContain('<svg class="carte" role="img"');
    expect(page.text).toMatch(/<desc id="carte-desc">[^<]*Bretagne : \d/);

    // Nothing personal anywhere: referent name, e-mail, phone; nor motifs or avis.
    for (const body of [JSON.stringify(j.body), c.text, page.text]) {
      for (const r of rows) {
        for (const v of [r.referent_email, r.referent_phone]) if (v) expect(body).not.toContain(v);
      }
      expect(body).not.toContain('Jeanne Exemple');
      expect(body).not.toContain('Projet moins avancé');
      expect(body).not.toContain('Synthèse confidentielle');
    }
    // Phase 2 has its own (unpublished) list.
    expect((await json(campaignId, 2)).status).toBe(404);
  });

  it('phase 2 lists the amounts; a re-opening withdraws the publication until the next one', async () => {
    const campaignId = await campaignWith(t, 10_000_000);
    const parent = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]);
    const p2 = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }], {
      phase: 2,
      parentDossierId: parent.id,
      amountRequestedCents: 5_000_000,
      projectName: 'Phase deux',
    });
    expect(
      (await decide(t, s.cabinet.auth, campaignId, 2, [{ dossierId: p2.id, decision: 'laureat', amountCents: 4_500_050 }])).status,
    ).toBe(200);
    expect((await t.http().post(`/api/campaigns/${campaignId}/phases/2/arret`).set('Authorization', s.cabinet.auth)).status).toBe(200);
    expect((await publish(campaignId, 2)).status).toBe(200);
    const j = await json(campaignId, 2);
    expect(j.body).toEqual([expect.objectContaining({ projectName: 'Phase deux', amountCents: 4_500_050 })]);
    const c = await csv(campaignId, 2);
    expect(c.text).toContain(';Montant attribué (€)');
    expect(c.text).toContain(';45000,50');
    expect((await html(campaignId, 2)).text).toContain('45 000,50 €');
    const reopened = await t
      .http()
      .post(`/api/campaigns/${campaignId}/phases/2/arret/reopen`)
      .set('Authorization', s.admin.auth)
      .send({ motif: 'Montant à revoir.' });
    expect(reopened.status).toBe(200);
    expect((await json(campaignId, 2)).status).toBe(404);
    expect((await html(campaignId, 2)).status).toBe(404);
  });
});
