import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * The « Bilan » page (issue 15; seed 004 is such a bilan: counts by region, by stage, by legal form): from the
 * campaign's page to the bilan of phase 1, the key figures, the map of France by region with the overseas regions,
 * the recharts charts, the XLSX export and the print button.
 */
describe('admin UI in Chromium: bilan', () => {
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

  it('the cabinet opens the bilan of phase 1 and finds the figures, the map with the overseas regions and the charts', async () => {
    const instructeur = await t.as(['instructeur']);
    const cabinet = await t.createUser({ roles: ['cabinet'], fullName: 'Claude Cabinet' });
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021' });
    const made: [string, string][] = [
      ['53', 'laureat'],
      ['53', 'laureat'],
      ['84', 'laureat'],
      ['04', 'laureat'],
      ['11', 'instruit'],
      ['11', 'ineligible'],
    ];
    for (const [region, state] of made) {
      const d = await createDossier(t, instructeur.auth, campaignId, { region });
      await t.db.query(`UPDATE dossier SET state = $2, eligibility = $3 WHERE id = $1`, [
        d.id,
        state,
        state === 'ineligible' ? 'ineligible' : 'eligible',
      ]);
    }

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1500, height: 1000 } });
    await loginInBrowser(page, t.url, cabinet.email, cabinet.password);
    await page.goto(`${t.url}/#/campaigns/${campaignId}/show`);
    await page.getByRole('link', { name: 'Bilan — phase 1' }).click();
    await page.getByRole('heading', { name: 'Bilan — phase 1 — AMI PTCE 2021', level: 1 }).first().waitFor();

    const totals = page.getByTestId('bilan-totals');
    await totals.getByText('Dossiers déposés').waitFor();
    expect(await totals.innerText()).toMatch(/6\s*Dossiers déposés/);
    expect(await totals.innerText()).toMatch(/83,3\s%\s*Taux d’éligibilité/);

    // the map: 18 regions, the 5 overseas ones among them, filled by lauréats (Bretagne darker than Mayotte)
    const map = page.getByTestId('bilan-map');
    await map.waitFor();
    expect(await map.locator('path[data-region]').count()).toBe(18);
    for (const code of ['01', '02', '03', '04', '06']) expect(await map.locator(`path[data-region="${code}"]`).count()).toBe(1);
    expect(await map.locator('path[data-region="53"] title').textContent()).toBe('Bretagne : 2 lauréats');
    expect(await map.locator('path[data-region="04"] title').textContent()).toBe('La Réunion : 1 lauréat');
    expect(await map.locator('path[data-region="06"]').getAttribute('fill')).toBe('#eeeeee');
    expect(await map.locator('path[data-region="53"]').getAttribute('fill')).not.toBe('#eeeeee');

    // recharts charts: bars drawn for states and regions
    await page.getByTestId('chart-states').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('chart-regions').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('chart-legal').locator('svg.recharts-surface').first().waitFor();
    // the regional table
    const regionRow = page.getByRole('table', { name: 'Dossiers et lauréats par région' }).getByRole('row', { name: /Bretagne/ });
    expect((await regionRow.innerText()).replace(/\s+/g, ' ')).toBe('Bretagne 2 2 2');
    await screenshot(page, 'bilan');

    // the XLSX export downloads the workbook
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Exporter \(XLSX\)/ }).click();
    expect((await download).suggestedFilename()).toBe('bilan-phase1.xlsx');
    // print hides the buttons (print media)
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // phase 2 from the tabs
    await page.getByRole('tab', { name: 'Phase 2' }).click();
    await page.getByRole('heading', { name: 'Bilan — phase 2 — AMI PTCE 2021', level: 1 }).first().waitFor();
  });
});
