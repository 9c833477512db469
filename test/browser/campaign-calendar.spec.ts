import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * The campaign calendar editor in Chromium: dates typed as a day and a time in Paris time (the browser sits in
 * another time zone on purpose), sent with their offset, stored in UTC; the server's refusal of an impossible order
 * shown under the date concerned; the optimistic lock (version) refusing a stale form.
 */
describe('admin UI in Chromium: campaign calendar', () => {
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

  // each date is a group (its legend) of two inputs, named « <legend> Jour » and « <legend> Heure (Paris) »
  const dateInput = (label: string) => page.getByRole('textbox', { name: `${label} Jour`, exact: true });
  const timeInput = (label: string) => page.getByRole('textbox', { name: `${label} Heure (Paris)`, exact: true });
  async function setDate(label: string, day: string, time: string) {
    await dateInput(label).fill(day);
    await timeInput(label).fill(time);
  }

  it('an admin creates a campaign in Paris time, sees the server refuse an impossible order under the date, then a stale edit', async () => {
    const admin = await t.createUser({ roles: ['admin'], fullName: 'Alice Administratrice' });
    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, timezoneId: 'Pacific/Auckland' });
    await loginInBrowser(page, t.url, admin.email, admin.password);

    await page.goto(`${t.url}/#/campaigns/create`);
    await page.getByLabel('Nom de la campagne').fill('AMI PTCE 2021 — relance des PTCE');
    await setDate('Publication de l’appel', '2021-05-12', '00:00:00');
    await setDate('Date limite de dépôt de la phase 1', '2021-06-23', '23:59:59');
    // before the deposit deadline: impossible
    await setDate('Annonce des lauréats de la phase 1', '2021-06-19', '10:00:00');
    await setDate('Annonce des invitations en phase 2', '2021-07-26', '10:00:00');
    await setDate('Date limite de dépôt de la phase 2', '2021-09-30', '23:59:59');
    await setDate('Annonce des lauréats de la phase 2 (facultatif)', '2021-11-30', '12:00:00');
    await page.getByLabel('Enveloppe de la campagne (euros)').fill('1 500 000');
    await page.getByLabel('Numéro de démarche — phase 1').fill('41234');
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    const announcement = page.locator('fieldset', { has: page.getByText('Annonce des lauréats de la phase 1', { exact: true }) });
    await announcement.getByText(/doit venir après la date limite de dépôt de la phase 1 \(23\/06\/2021 23:59\)/).waitFor();
    expect(await page.locator('fieldset').filter({ hasText: 'doit venir après' }).count()).toBe(1);
    expect(await t.db.query(`SELECT id FROM campaign`)).toHaveLength(0);
    await screenshot(page, 'campaign-create-calendar-error');

    await setDate('Annonce des lauréats de la phase 1', '2021-07-19', '10:00:00');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((u) => /#\/campaigns\/[0-9a-f-]{36}\/show/.test(u.hash));
    await page.getByRole('cell', { name: '23 juin 2021 à 23:59' }).waitFor();
    const [row] = await t.db.query(
      `SELECT id, published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_announcement_at, envelope_cents, ds_demarche_phase1, version FROM campaign`,
    );
    expect(row.published_at.toISOString()).toBe('2021-05-11T22:00:00.000Z');
    expect(row.phase1_deposit_deadline.toISOString()).toBe('2021-06-23T21:59:59.000Z');
    expect(row.phase1_announcement_at.toISOString()).toBe('2021-07-19T08:00:00.000Z');
    expect(row.phase2_announcement_at.toISOString()).toBe('2021-11-30T11:00:00.000Z'); // winter time: UTC+1
    expect(row).toMatchObject({ envelope_cents: '150000000', ds_demarche_phase1: 41234 });
    await screenshot(page, 'campaign-show');

    // the list: publication, phase-1 deadline and envelope in euros
    await page.goto(`${t.url}/#/campaigns`);
    await page.getByRole('cell', { name: '1 500 000 €' }).waitFor();
    await screenshot(page, 'campaigns-list');

    // someone else saves in between: the form's version is stale and the server refuses it, in French
    await page.goto(`${t.url}/#/campaigns/${row.id}`);
    await expect(dateInput('Date limite de dépôt de la phase 1').inputValue()).resolves.toBe('2021-06-23');
    await expect(timeInput('Date limite de dépôt de la phase 1').inputValue()).resolves.toBe('23:59:59');
    await setDate('Date limite de dépôt de la phase 1', '2021-06-25', '12:00:00');
    await t.db.query(`UPDATE campaign SET avis_delay_days = 30, version = version + 1 WHERE id = $1`, [row.id]);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('La campagne a été modifiée entre-temps : rechargez la page avant d’enregistrer.').waitFor();
    const [after] = await t.db.query(`SELECT phase1_deposit_deadline, avis_delay_days FROM campaign WHERE id = $1`, [row.id]);
    expect(after.phase1_deposit_deadline.toISOString()).toBe('2021-06-23T21:59:59.000Z');
    expect(after.avis_delay_days).toBe(30);
    await screenshot(page, 'campaign-edit-conflict');
  });

  it('an instructeur reads the campaigns but is offered no creation or edition', async () => {
    await createCampaign(t, { name: 'AMI PTCE 2021 — relance des PTCE' });
    const instructeur = await t.createUser({ roles: ['instructeur'] });
    const p = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    try {
      await loginInBrowser(p, t.url, instructeur.email, instructeur.password);
      await p.goto(`${t.url}/#/campaigns`);
      await p.getByRole('cell', { name: 'AMI PTCE 2021 — relance des PTCE' }).first().click();
      await p.getByRole('heading', { name: 'Calendrier (heure de Paris)' }).waitFor();
      expect(await p.getByRole('link', { name: /Modifier/ }).count()).toBe(0);
      await p.goto(`${t.url}/#/campaigns`);
      await p.getByRole('cell', { name: 'AMI PTCE 2021 — relance des PTCE' }).first().waitFor();
      expect(await p.getByRole('link', { name: /Créer/ }).count()).toBe(0);
    } finally {
      await p.close();
    }
  });
});
