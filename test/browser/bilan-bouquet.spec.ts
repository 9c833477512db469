import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * The « bouquet de services spécifique émergence » (issue 15; seed 001: "Soutenir les dynamiques émergentes par un
 * bouquet de services"): from the campaign page, the instructeur adds a service to the catalogue, allocates it to a
 * phase-1 lauréat and follows it.
 */
describe('admin UI in Chromium: bouquet de services', () => {
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

  it('catalogue, bulk allocation to a lauréat, follow-up', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Isabelle Instructrice' });
    const auth = `Bearer ${await t.login(instructeur)}`;
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021' });
    const d = await createDossier(t, auth, campaignId, { projectName: 'Pôle coopératif du Trégor' });
    await t.db.query(`UPDATE dossier SET state = 'laureat', eligibility = 'eligible' WHERE id = $1`, [d.id]);

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/campaigns/${campaignId}/show`);
    await page.getByRole('link', { name: 'Bouquet de services' }).click();
    await page.getByRole('link', { name: 'Ajouter un service' }).click();
    await page.getByLabel('Campagne').click();
    await page.getByRole('option', { name: 'AMI PTCE 2021' }).click();
    await page.getByLabel('Titre du service').fill('Mentorat par un PTCE compagnon');
    await page.getByLabel('Prestataire').fill('Collectif PTCE Compagnons');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('cell', { name: 'Mentorat par un PTCE compagnon' }).waitFor();

    await page.goto(`${t.url}/#/campaigns/${campaignId}/show`);
    await page.getByRole('link', { name: 'Suivi des services' }).click();
    await page.getByRole('button', { name: 'Attribuer des services' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attribuer des services aux lauréats de la phase 1' });
    await dialog.getByLabel('Mentorat par un PTCE compagnon (Collectif PTCE Compagnons)').check();
    await dialog.getByLabel('Pôle coopératif du Trégor').check();
    await dialog.getByRole('button', { name: 'Attribuer (1 × 1)' }).click();
    await page.getByText('1 attribution(s) créée(s).').waitFor();
    await page.getByRole('cell', { name: 'Pôle coopératif du Trégor' }).waitFor();
    await screenshot(page, 'bouquet-allocations');

    await page.getByRole('cell', { name: 'Pôle coopératif du Trégor' }).click();
    await page.waitForURL(/service-allocations\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Suivi du service' }).first().waitFor();
    await page.getByRole('combobox', { name: /^Suivi/ }).click();
    await page.getByRole('option', { name: 'En cours' }).click();
    await page.getByLabel('Note').fill('Premier rendez-vous fixé.');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('cell', { name: 'En cours' }).waitFor();
    const rows = await t.db.query(`SELECT status, note FROM service_allocation`);
    expect(rows).toEqual([{ status: 'started', note: 'Premier rendez-vous fixé.' }]);
  });

  it('phase-2 lauréat: the instructeur establishes the convention and records a payment and a reported value', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Ingrid Instructrice' });
    const auth = `Bearer ${await t.login(instructeur)}`;
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021 bis' });
    const d = await createDossier(t, auth, campaignId, { projectName: 'Pôle coopératif du Léon' });
    await t.db.query(
      `UPDATE dossier SET state = 'laureat', eligibility = 'eligible', phase = 2, decision_amount_cents = 6000000 WHERE id = $1`,
      [d.id],
    );

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers/${d.id}/show/convention`);
    await page.getByRole('button', { name: /Établir la convention/ }).click();
    const tab = page.getByTestId('convention-tab');
    await tab.getByText(/Montant : 60\s000\s€ · durée : 24 mois/).waitFor();
    await tab.getByLabel('Constaté : Nombre d’emplois créés').fill('6');
    await tab.getByRole('button', { name: 'Enregistrer le suivi de la convention' }).click();
    await page.getByText('Convention enregistrée.').last().waitFor();
    await screenshot(page, 'convention');
    const [row] = await t.db.query(`SELECT indicators, version FROM convention WHERE dossier_id = $1`, [d.id]);
    expect(row.version).toBe(2);
    expect(row.indicators[0]).toMatchObject({ label: 'Nombre d’emplois créés', reported: 6 });
  });
});
