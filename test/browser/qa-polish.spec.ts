import type { Browser, Page } from 'playwright-core';
import { makeSiret } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * What a QA pass found, in Chromium against the real API: a required avis nobody could be assigned to is shown (with
 * why, and the assign action); the audit log's details read as French text (raw JSON kept for support); the login
 * page makes no failing session probe; SIRET, « 1er », « 0 caractère » and the bilan's state axis.
 */
describe('admin UI in Chromium: QA polish', () => {
  let t: TestApp;
  let browser: Browser;
  const pages: Page[] = [];
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST: process.env.ADMIN_DIST || ADMIN_DIST });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const p of pages) await p.close();
    await browser?.close();
    await t?.close();
  });
  const newPage = async () => {
    const p = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, timezoneId: 'America/Cayenne' });
    pages.push(p);
    return p;
  };

  it('a required avis role with nobody to assign shows « non attribué » with the reason, then the instructeur assigns it from that line', async () => {
    const instructeur = await t.createUser({
      roles: ['instructeur'],
      fullName: 'Irène Instructrice',
      email: 'qa-instructrice@test.example.org',
    });
    const cress = await t.createUser({ roles: ['cress'], regions: ['53'], fullName: 'Yannick CRESS', email: 'qa-cress@test.example.org' });
    const campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET required_avis_roles = ARRAY['correspondant_ess','cress'] WHERE id = $1`, [campaignId]);
    const siret = makeSiret('41234567', '0001');
    const created = await createDossier(t, `Bearer ${await t.login(instructeur)}`, campaignId, {
      region: '53',
      projectName: 'Pôle QA de Bretagne',
      structure: { siret, name: 'Association QA', legalFormCode: '9220', esus: false },
      depositedAt: '2021-06-01T10:00:00+02:00',
    });
    const opened = await transition(t, `Bearer ${await t.login(instructeur)}`, created.id, 'ouvrir_instruction', created.version);
    expect(opened.status).toBe(200);
    // no correspondant ESS in region 53: only the CRESS avis could be assigned
    const roles = await t.db.query(`SELECT role FROM avis WHERE dossier_id = $1 ORDER BY role`, [created.id]);
    expect(roles).toEqual([{ role: 'cress' }]);

    const page = await newPage();
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers/${created.id}/show/avis`);
    const missing = page.locator('[data-missing-role="correspondant_ess"]');
    await missing.getByText('Avis Correspondant ESS de l’État en région : non attribué').waitFor();
    await missing.getByText('aucun évaluateur disponible dans la région').waitFor();
    expect(await page.locator('[data-missing-role]').count()).toBe(1); // the CRESS one is assigned
    await screenshot(page, 'qa-avis-missing-role');

    // a correspondant joins the region: the line's action opens the dialog on that role
    await t.createUser({ roles: ['correspondant_ess'], regions: ['53'], fullName: 'Corinne Correspondante' });
    await page.reload();
    await missing.getByText('1 évaluateur disponible').waitFor();
    await missing.getByRole('button', { name: /Affecter l’avis Correspondant ESS/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Affecter un relecteur' });
    await expect(dialog.getByRole('radio', { name: 'Correspondant ESS de l’État en région' }).isChecked()).resolves.toBe(true);
    await dialog.getByRole('radio', { name: /Corinne Correspondante/ }).check();
    await dialog.getByRole('button', { name: 'Affecter' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('dossier-avis-list').getByRole('rowheader', { name: 'Corinne Correspondante' }).waitFor();
    await missing.waitFor({ state: 'detached' });

    // ---- the CRESS reviewer's avis page: SIRET grouped, « 1er juin », « 0 caractère »
    const [mine] = await t.db.query(`SELECT id FROM avis WHERE dossier_id = $1 AND reviewer_id = $2`, [created.id, cress.id]);
    const reviewer = await newPage();
    await loginInBrowser(reviewer, t.url, cress.email, cress.password);
    await reviewer.goto(`${t.url}/#/avis/${mine.id}`);
    const panel = reviewer.getByRole('complementary');
    await panel.getByText(`${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`, { exact: true }).waitFor();
    await panel.getByText('1er juin 2021', { exact: true }).waitFor();
    expect(await reviewer.getByText(/^1 juin/).count()).toBe(0);
    await reviewer.getByText(/^0 caractère \(/).waitFor();
    await screenshot(reviewer, 'qa-avis-panel');
  });

  it('the audit log shows the details as French text, the raw JSON behind a disclosure', async () => {
    const admin = await t.createUser({ roles: ['admin'], fullName: 'Aude Admin', email: 'qa-audit@test.example.org' });
    expect((await t.http().post('/api/auth/login').send({ email: admin.email, password: 'pas-le-bon-mot' })).status).toBe(401);
    const page = await newPage();
    await loginInBrowser(page, t.url, admin.email, admin.password);
    await page.goto(`${t.url}/#/audit-events`);
    const row = page.getByRole('row').filter({ hasText: 'Connexion échouée' }).filter({ hasText: admin.email }).first();
    const details = row.getByTestId('audit-details');
    await details.waitFor();
    await details.getByText('Motif :').waitFor();
    await details.getByText('mot de passe erroné', { exact: true }).waitFor();
    expect(await details.innerText()).not.toContain('wrong_password'); // the code only in the closed disclosure
    await details.getByText('Données brutes (JSON)').click();
    await details
      .locator('pre')
      .getByText(/"reason": "wrong_password"/)
      .waitFor();
    await screenshot(page, 'qa-audit-details');
  });

  it('the login page makes no failing session probe; a reload of a signed-in tab still renews the session', async () => {
    const u = await t.createUser({ roles: ['instructeur'], fullName: 'Lou Sonde' });
    const page = await newPage();
    const refreshes: number[] = [];
    const consoleErrors: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/api/auth/refresh')) refreshes.push(r.status());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${t.url}/#/dossiers`);
    await page.waitForURL((url) => url.hash.startsWith('#/login'));
    await page.locator('input[name="username"]').waitFor();
    expect(refreshes).toEqual([]);

    await loginInBrowser(page, t.url, u.email, u.password);
    const renewed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'));
    await page.reload();
    expect((await renewed).status()).toBe(200);
    await page.getByRole('button', { name: 'Compte de Lou Sonde' }).waitFor();

    await page.getByRole('button', { name: 'Compte de Lou Sonde' }).click();
    await page.getByRole('menuitem', { name: 'Déconnexion' }).click();
    await page.waitForURL((url) => url.hash.startsWith('#/login'));
    await page.reload();
    await page.locator('input[name="username"]').waitFor();
    expect(refreshes).toEqual([200]);
    expect(consoleErrors.filter((e) => /401/.test(e))).toEqual([]);
  });

  it('the bilan draws every state name inside its chart', async () => {
    const instructeur = await t.as(['instructeur']);
    const cabinet = await t.createUser({ roles: ['cabinet'], fullName: 'Camille Cabinet' });
    const campaignId = await createCampaign(t, { name: 'AMI PTCE QA' });
    for (const state of ['en_attente_complements', 'en_instruction', 'laureat']) {
      const d = await createDossier(t, instructeur.auth, campaignId);
      await t.db.query(`UPDATE dossier SET state = $2 WHERE id = $1`, [d.id, state]);
    }
    const page = await newPage();
    await page.setViewportSize({ width: 1500, height: 1000 });
    await loginInBrowser(page, t.url, cabinet.email, cabinet.password);
    await page.goto(`${t.url}/#/bilan/${campaignId}/1`);
    const chart = page.getByTestId('chart-states');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    // recharts writes a long name as several <tspan> lines
    const ticks = await chart.locator('.recharts-cartesian-axis-tick-label text').evaluateAll((els) => els.map((e) => e.textContent));
    expect(ticks.some((x) => /^En attente de\s?compléments$/.test(x ?? ''))).toBe(true);
    const outside = await chart.evaluate((box) => {
      const svg = box.querySelector('svg.recharts-surface')!.getBoundingClientRect();
      return Array.from(box.querySelectorAll('.recharts-cartesian-axis-tick-label text'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5;
        })
        .map((el) => el.textContent);
    });
    expect(outside).toEqual([]);
    await screenshot(page, 'qa-bilan-states');
  });
});
