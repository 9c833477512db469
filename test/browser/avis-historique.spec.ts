import type { Browser } from 'playwright-core';
import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/** A rendered avis' content classing the PTCE at maturity `level`. */
function avisContent(level: string) {
  return {
    scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score: 3, comment: `Appréciation ${c}.` }])),
    maturity: { level, markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, 3])) },
    typology: { type: 'territoire', actionLogics: ['mise_en_reseau'] },
    recommendation: 'favorable',
    synthesis: 'Synthèse du relecteur, suffisamment longue pour être rendue.',
  };
}

/**
 * The selection board flags with « Historique » the rows whose reviewers class the PTCE historique (the board serves
 * `historique: true`), with a title saying that the AMI targets emerging dynamics (seed 001).
 */
describe('admin UI in Chromium: « Historique » on the selection board', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST: process.env.ADMIN_DIST || ADMIN_DIST });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a row whose avis class the PTCE « historique » carries the chip; an emerging one does not', async () => {
    const instructeur = await t.as(['instructeur']);
    const cabinet = await t.as(['cabinet']);
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021' });
    for (const [name, level] of [
      ['Pôle historique de Roubaix', 'historique'],
      ['Jeune pôle du Trégor', 'emergent'],
    ]) {
      const created = await createDossier(t, instructeur.auth, campaignId, { projectName: name, region: '53' });
      await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = $1`, [created.id]);
      const reviewer = await t.createUser({ roles: ['cress'], regions: ['53'] });
      await t.db.query(
        `INSERT INTO avis (dossier_id, reviewer_id, role, status, content, recommendation, maturity, rendered_at)
         VALUES ($1,$2,'cress','rendu',$3,'favorable',$4, now())`,
        [created.id, reviewer.id, avisContent(level), level],
      );
    }
    // the API serves the flag
    const board = await t.http().get(`/api/campaigns/${campaignId}/phases/1/selection`).set('Authorization', cabinet.auth);
    expect(board.status).toBe(200);
    const flags = Object.fromEntries(
      (board.body.items as { projectName: string; historique: boolean }[]).map((i) => [i.projectName, i.historique]),
    );
    expect(flags).toEqual({ 'Pôle historique de Roubaix': true, 'Jeune pôle du Trégor': false });

    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1600, height: 1000 } });
    await loginInBrowser(page, t.url, cabinet.email, cabinet.password);
    await page.goto(`${t.url}/#/selection/${campaignId}/1`);
    await page.getByRole('heading', { name: 'Sélection — phase 1 — AMI PTCE 2021', level: 1 }).waitFor();
    const historic = page.getByRole('row').filter({ hasText: 'Pôle historique de Roubaix' });
    const chip = historic.locator('[data-historique="true"]');
    await chip.getByText('Historique', { exact: true }).waitFor();
    expect(await chip.getAttribute('title')).toMatch(/l’AMI vise l’émergence/);
    await page.getByRole('row').filter({ hasText: 'Jeune pôle du Trégor' }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: 'Jeune pôle du Trégor' }).locator('[data-historique]').count()).resolves.toBe(0);
    await page.close();
  });
});
