import type { Browser, Page } from 'playwright-core';
import { makeSiret } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/** Issue 14 §1 in Chromium: the list's search finds a dossier by SIRET (typed with spaces) and by SIREN, never a 500. */
describe('admin UI in Chromium: search the dossier list by SIRET and SIREN', () => {
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

  it('finds by SIRET with spaces, by SIREN, shows an honest empty list for an unknown one', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'] });
    const auth = `Bearer ${await t.login(instructeur)}`;
    const campaignId = await createCampaign(t);
    const siret = makeSiret('41234567', '0012');
    await createDossier(t, auth, campaignId, {
      projectName: 'Pôle de la SIRET cherchée',
      structure: { siret, name: 'Coop cherchée', legalFormCode: '9220', esus: false },
    });
    for (let i = 0; i < 3; i++) await createDossier(t, auth, campaignId);

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/dossiers') && r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
    });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers`);
    await page.getByText('1-4 sur 4').waitFor();
    const search = page.getByLabel('Recherche');

    await search.fill(`${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`);
    await page.getByText('1-1 sur 1').waitFor();
    await page.getByRole('link', { name: 'Pôle de la SIRET cherchée' }).waitFor();
    await screenshot(page, 'search-siret');

    await search.fill(siret.slice(0, 9));
    await page.getByText('1-1 sur 1').waitFor();
    await page.getByRole('link', { name: 'Pôle de la SIRET cherchée' }).waitFor();

    // 14 digits that match nothing: no 500, the empty list says so and shows no count beside it.
    await search.fill('99999999999999');
    await page.getByText(/Aucun résultat/).waitFor();
    expect(await page.getByText(/\d+-\d+ sur \d+/).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 180_000);

  // Issue 14 §4: on a phone the filters fold behind one « Filtres » button and each card labels its chips.
  it('on a phone: one « Filtres » button opens the filters, the cards say what each chip is', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'] });
    await page?.close();
    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers`);
    const filters = page.getByRole('button', { name: 'Filtres', exact: true });
    await filters.waitFor();
    expect(await filters.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Région').first().isVisible()).toBe(false); // folded away
    await page.getByText('Pôle de la SIRET cherchée').waitFor();
    expect(await page.getByText('État :').count()).toBeGreaterThan(0);
    expect(await page.getByText('Éligibilité :').count()).toBeGreaterThan(0);
    await filters.click();
    expect(await filters.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('Région').first().waitFor({ state: 'visible' });
    await screenshot(page, 'dossier-list-phone-filters');
  }, 180_000);
});
