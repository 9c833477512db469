import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { serverClockAhead } from '../helpers/wait';

/**
 * Issue 14 §3 in Chromium: the instructeur selects dossiers on the list and opens their instruction in one go, then
 * confirms every criterion the pre-check found satisfied with one shared justification and declares them eligible.
 */
describe('admin UI in Chromium: bulk open and bulk eligibility from the dossier list', () => {
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

  it('selects three dossiers, opens them, then confirms the satisfied criteria and declares them eligible', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Inès Instructrice' });
    const auth = `Bearer ${await t.login(instructeur)}`;
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021 — actions groupées' });
    await t.db.query(`UPDATE campaign SET required_avis_roles = '{}' WHERE id = $1`, [campaignId]);
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) ids.push((await createDossier(t, auth, campaignId, { projectName: `Pôle groupé ${i}` })).id);

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers`);
    await page.getByText('1-3 sur 3').waitFor();

    // Select every row (the header's box), then « Ouvrir l'instruction ».
    await page
      .getByRole('checkbox', { name: /tout sélectionner|select all/i })
      .first()
      .check();
    await page.getByText('3 sélectionnés').waitFor();
    await page.getByRole('button', { name: 'Ouvrir l’instruction', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Ouvrir l’instruction (3)' }).click();
    await dialog.getByTestId('bulk-outcome').getByText('3 dossiers traités.').waitFor();
    await screenshot(page, 'bulk-open');
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    const states = await t.db.query(`SELECT state FROM dossier WHERE id = ANY($1)`, [ids]);
    expect(states.map((r: { state: string }) => r.state)).toEqual(['en_instruction', 'en_instruction', 'en_instruction']);

    // The criteria the pre-check cannot judge are settled one by one on two of them (the third stays incomplete).
    for (const id of ids.slice(0, 2)) {
      const e = (await t.http().get(`/api/dossiers/${id}/eligibility`).set('Authorization', auth)).body;
      const decisions = Object.fromEntries(
        e.items
          .filter((i: { auto: string }) => i.auto !== 'ok')
          .map((i: { code: string }) => [i.code, { status: 'ok', reason: 'Vu dans les statuts.' }]),
      );
      expect(
        (await t.http().put(`/api/dossiers/${id}/eligibility`).set('Authorization', auth).send({ decisions, expectedVersion: e.version }))
          .status,
      ).toBe(200);
    }
    await page.reload();
    await page.getByText('1-3 sur 3').waitFor();
    await page
      .getByRole('checkbox', { name: /tout sélectionner|select all/i })
      .first()
      .check();
    await page.getByRole('button', { name: 'Confirmer l’éligibilité' }).click();
    await dialog.getByLabel(/Justification commune/).fill('Pré-contrôle vérifié sur les statuts et l’extrait SIRENE.');
    await dialog.getByRole('button', { name: 'Confirmer', exact: true }).click();
    await dialog.getByTestId('bulk-outcome').waitFor();
    await dialog.getByTestId('bulk-notes').getByText('Pôle groupé 3').waitFor();
    await screenshot(page, 'bulk-eligibility');
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    const rows = await t.db.query(
      `SELECT project_name, eligibility, eligibility_decisions FROM dossier WHERE id = ANY($1) ORDER BY project_name`,
      [ids],
    );
    expect(rows.map((r: { eligibility: string }) => r.eligibility)).toEqual(['eligible', 'eligible', 'a_verifier']);
    const satisfied = Object.values(rows[2].eligibility_decisions as Record<string, { reason: string }>);
    expect(satisfied.length).toBeGreaterThan(0);
    for (const d of satisfied) expect(d.reason).toBe('Pré-contrôle vérifié sur les statuts et l’extrait SIRENE.');
    // the list shows the new states once the dialog is closed
    await page.locator('[data-eligibility="eligible"]').nth(1).waitFor();
  }, 180_000);

  it('« Exporter la sélection » downloads the selected dossiers as XLSX, the expired access token renewed first', async () => {
    const cabinet = await t.createUser({ roles: ['cabinet'], fullName: 'Camille Cabinet' });
    const staff = await t.as(['instructeur']);
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021 — export de sélection' });
    for (const name of ['Pôle exporté A', 'Pôle exporté B', 'Pôle non choisi'])
      await createDossier(t, staff.auth, campaignId, { projectName: name });

    const own = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await loginInBrowser(own, t.url, cabinet.email, cabinet.password);
    await own.goto(`${t.url}/#/dossiers?filter=${encodeURIComponent(JSON.stringify({ campaignId }))}`);
    for (const name of ['Pôle exporté A', 'Pôle exporté B']) {
      await own.getByRole('row').filter({ hasText: name }).getByRole('checkbox').check();
    }
    await own.getByText('2 sélectionnés').waitFor();

    const restore = serverClockAhead(16 * 60_000);
    try {
      const refreshed = own.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200);
      const [download] = await Promise.all([
        own.waitForEvent('download'),
        own.getByRole('button', { name: 'Exporter la sélection' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^dossiers-selection-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
      const cells: string[] = [];
      wb.worksheets[0].eachRow((row) => cells.push(...(row.values as unknown[]).map(String)));
      expect(cells).toEqual(expect.arrayContaining(['Pôle exporté A', 'Pôle exporté B']));
      expect(cells).not.toContain('Pôle non choisi');
      await refreshed; // renewed on the way, not sent with the dead token
    } finally {
      restore();
    }
    await own.close();
  }, 120_000);
});
