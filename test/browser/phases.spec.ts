import type { Browser, Page } from 'playwright-core';
import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/** A complete avis content (every entry scored 3), as a reviewer renders it. */
const fullContent = () => ({
  scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score: 3, comment: `Appréciation sur ${c}.` }])),
  maturity: { level: 'emergent', markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, 2])) },
  typology: { type: 'territoire', actionLogics: ['mise_en_reseau'] },
  recommendation: 'favorable',
  synthesis: 'Un PTCE solide, bien ancré sur son territoire, avec une gouvernance partagée et des projets concrets.',
});

/**
 * The two phases of a dossier in the admin UI (Chromium against the real API and database, issue 11 §3): a phase-2
 * dossier the import could not link by SIRET shows "Non rattaché" (list chip and filter, alert in the « Phases »
 * tab); the instructeur finds the phase-1 dossier by SIRET and links it (POST /api/dossiers/:id/parent); the tab then
 * shows the phase-1 dossier and its avis beside the phase-2 dossier.
 */
describe('admin UI in Chromium: phase-1 and phase-2 dossiers', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  it('an unlinked phase-2 dossier is flagged, found by the list filter, linked by hand, and then shows the phase-1 avis', async () => {
    const instructeur = await t.as(['instructeur']);
    const cress = await t.as(['cress'], ['53'], { fullName: 'Camille Cress' });
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021 — phases' });
    await t.db.query(`UPDATE campaign SET required_avis_roles = '{cress}', compagnons_per_dossier = 0 WHERE id = $1`, [campaignId]);

    // phase 1: the structure's dossier, instructed, with the CRESS avis rendered; another phase-1 dossier beside it
    let p1 = await createDossier(t, instructeur.auth, campaignId, {
      projectName: 'Pôle Trégor Réemploi',
      structure: { siret: '44306184100047', name: 'Association Trégor Réemploi', legalFormCode: '9220', esus: false },
    });
    await createDossier(t, instructeur.auth, campaignId, { projectName: 'Pôle Cornouaille Mobilités' });
    p1 = (await transition(t, instructeur.auth, p1.id, 'ouvrir_instruction', p1.version)).body;
    expect(p1.state).toBe('en_instruction');
    const avis = (
      await t
        .http()
        .get('/api/avis')
        .query({ filter: JSON.stringify({ dossierId: p1.id }) })
        .set('Authorization', instructeur.auth)
    ).body;
    expect(avis).toHaveLength(1);
    expect(avis[0]).toMatchObject({ role: 'cress', reviewerId: cress.id });
    const rendered = await t
      .http()
      .post(`/api/avis/${avis[0].id}/submit`)
      .set('Authorization', cress.auth)
      .send({ content: fullContent(), expectedVersion: avis[0].version });
    expect(rendered.status).toBe(200);

    // phase 2: deposited under another SIRET (the structure moved): the import could not link it
    const [p2] = await t.db.query(
      `INSERT INTO dossier (campaign_id, phase, parent_dossier_id, project_name, region, structure_name, structure_siret, referent_email, source)
       VALUES ($1, 2, NULL, 'Trégor Réemploi — phase 2', '53', 'Association Trégor Réemploi', '44306184100054', 'tregor@example.org', 'ds')
       RETURNING id`,
      [campaignId],
    );
    await t.db.query(
      `INSERT INTO dossier (campaign_id, phase, parent_dossier_id, project_name, region, structure_name, referent_email, source)
       VALUES ($1, 2, $2, 'Cornouaille — phase 2 rattachée', '53', 'Autre structure', 'autre@example.org', 'ds')`,
      [campaignId, (await t.db.query(`SELECT id FROM dossier WHERE project_name = 'Pôle Cornouaille Mobilités'`))[0].id],
    );

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, timezoneId: 'Europe/Paris' });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);

    // the list: the filter « Non rattachés (phase 2) » keeps only the unlinked one, with its chip
    await page.goto(`${t.url}/#/dossiers`);
    await page.getByRole('link', { name: 'Cornouaille — phase 2 rattachée' }).waitFor();
    await page.getByRole('combobox', { name: 'Non rattachés (phase 2)' }).click();
    await page.getByRole('option', { name: 'Non rattachés (phase 2)' }).click();
    await page.getByRole('link', { name: 'Pôle Cornouaille Mobilités' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Cornouaille — phase 2 rattachée' }).waitFor({ state: 'detached' });
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Trégor Réemploi — phase 2' }) });
    await row.locator('[data-unlinked="true"]').waitFor();
    expect(await row.getByText('Non rattaché', { exact: true }).count()).toBe(1);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'phases-list-unlinked');

    // the « Phases » tab: the alert, the search by SIRET, the confirmation
    await page.goto(`${t.url}/#/dossiers/${p2.id}/show/phases`);
    const tab = page.getByTestId('phases-tab');
    await tab.getByTestId('unlinked-alert').getByText('Non rattaché', { exact: true }).waitFor();
    const search = tab.getByRole('combobox', { name: /Dossier de phase 1/ });
    await search.fill('44306184100047');
    await page.getByRole('option', { name: /Pôle Trégor Réemploi/ }).click();
    await screenshot(page, 'phases-link');
    // meanwhile someone else changed the dossier: the server refuses (version), in French, and the page offers to reload
    await t.db.query(`UPDATE dossier SET version = version + 1 WHERE id = $1`, [p2.id]);
    await tab.getByRole('button', { name: 'Rattacher à ce dossier de phase 1' }).click();
    const error = tab.getByTestId('link-error');
    await error.getByText('Le dossier a été modifié entre-temps : rechargez-le avant de recommencer.').waitFor();
    expect((await t.db.query(`SELECT parent_dossier_id FROM dossier WHERE id = $1`, [p2.id]))[0].parent_dossier_id).toBeNull();
    await error.getByRole('button', { name: 'Recharger le dossier' }).click();
    await error.waitFor({ state: 'detached' });
    await tab.getByRole('button', { name: 'Rattacher à ce dossier de phase 1' }).click();

    // linked: the phase-1 column shows the dossier and its rendered avis, beside the phase-2 dossier
    const phase1 = tab.getByTestId('phase-1');
    await phase1.getByRole('link', { name: 'Pôle Trégor Réemploi' }).waitFor();
    await phase1.getByTestId('avis-synthesis').waitFor();
    expect(await phase1.getByTestId('avis-overall').textContent()).toMatch(/^3 \/ 4$/);
    await phase1.getByText('Camille Cress').first().waitFor();
    await tab.getByTestId('phase-2').getByText('Trégor Réemploi — phase 2').waitFor();
    expect(await tab.getByTestId('unlinked-alert').count()).toBe(0);
    await screenshot(page, 'phases-linked');

    // saved and journaled by the server
    const [saved] = await t.db.query(`SELECT parent_dossier_id, version FROM dossier WHERE id = $1`, [p2.id]);
    expect(saved.parent_dossier_id).toBe(p1.id);
    const journal = await t.db.query(
      `SELECT action, actor_id, data FROM dossier_journal WHERE dossier_id = $1 AND action = 'rattacher_phase1'`,
      [p2.id],
    );
    expect(journal).toEqual([
      { action: 'rattacher_phase1', actor_id: instructeur.id, data: expect.objectContaining({ parentDossierId: p1.id }) },
    ]);

    // the list filter no longer finds it
    await page.goto(`${t.url}/#/dossiers?filter=${encodeURIComponent(JSON.stringify({ unlinked: true }))}`);
    await page.getByText(/Aucun/).first().waitFor();
    expect(await page.locator('[data-unlinked="true"]').count()).toBe(0);
  });
});
