import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * Issue 14 §3 in Chromium, keyboard only: Tab reaches every row of the dossier list (it used to jump from the headers to
 * the pagination), Enter opens the dossier, « s » / « p » go to the next / previous one of the filtered list, « l »
 * comes back to the list, « ? » shows the shortcuts.
 */
describe('admin UI in Chromium: keyboard only, list → dossier → next → back', () => {
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

  const focusedText = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');

  it('tabs through every row, opens a dossier with Enter, moves with s / p, comes back with l', async () => {
    const cress = await t.createUser({ roles: ['cress'], regions: ['53'] }); // a reviewer: no row selection, links only
    const instructeur = await t.createUser({ roles: ['instructeur'] });
    const auth = `Bearer ${await t.login(instructeur)}`;
    const campaignId = await createCampaign(t);
    const names = ['Pôle Alpha', 'Pôle Bravo', 'Pôle Charlie'];
    for (const [i, projectName] of names.entries()) {
      await createDossier(t, auth, campaignId, { projectName, region: '53', depositedAt: `2021-06-2${i}T10:00:00+02:00` });
    }

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await loginInBrowser(page, t.url, cress.email, cress.password);
    await page.goto(`${t.url}/#/dossiers?sort=projectName&order=ASC`);
    await page.getByText('1-3 sur 3').waitFor();

    // Tab from the top of the page: every row's link is a stop, in order, before the pagination.
    const reached: string[] = [];
    for (let i = 0; i < 60 && reached.length < 3; i++) {
      await page.keyboard.press('Tab');
      const text = await focusedText();
      if (names.includes(text) && !reached.includes(text)) reached.push(text);
    }
    expect(reached).toEqual(names);
    // the focus is visible (an outline is drawn on the focused link)
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');

    // Shift+Tab back to Bravo, Enter opens it.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedText()).toBe('Pôle Bravo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Pôle Bravo', exact: true }).waitFor();
    await page.getByText('2 sur 3').waitFor();

    // « s »: the next one in the list's sort; « p »: back; « ? »: the shortcuts; « l »: the list.
    await page.keyboard.press('s');
    await page.getByRole('heading', { level: 1, name: 'Pôle Charlie', exact: true }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: 'Pôle Bravo', exact: true }).waitFor();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Raccourcis clavier' });
    await help.waitFor();
    await help.getByText('Revenir à la liste').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('l');
    await page.waitForURL(/#\/dossiers(\?|$)/);
    await page.getByText('1-3 sur 3').waitFor();
  }, 180_000);
});
