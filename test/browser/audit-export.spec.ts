import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { ADMIN_DIST, launchBrowser, loginInBrowser } from '../helpers/browser';
import { startTestApp, TestApp } from '../helpers/test-app';
import { until, serverClockAhead } from '../helpers/wait';

describe('admin UI in Chromium: the audit log exported as CSV (issue 14)', () => {
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

  it('« Exporter en CSV » downloads the filtered log, the expired access token renewed first', async () => {
    const admin = await t.createUser({ roles: ['admin'], fullName: 'Aude Auditrice', email: 'audit-export@test.example.org' });
    await t.http().post('/api/auth/login').send({ email: admin.email, password: 'pas-le-bon' });
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await loginInBrowser(page, t.url, admin.email, admin.password);
    await page.goto(`${t.url}/#/audit-events`);
    await page.getByText('Connexion échouée').first().waitFor();
    await page.getByRole('combobox', { name: 'Événement' }).click();
    await page.getByRole('option', { name: 'Connexion échouée' }).click();
    await page.waitForURL((u) => decodeURIComponent(u.hash).includes('auth.login_failed'));
    // the filtered list loaded (no request of the page's own left to renew the token before the export)
    await page.getByRole('cell', { name: 'audit-export@test.example.org' }).first().waitFor();
    await until(async () => (await page.getByText('Connexion réussie').count()) === 0, 'filtered list');

    const restore = serverClockAhead(16 * 60_000);
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200);
    try {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^journal-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv).toContain('audit-export@test.example.org');
      expect(csv).not.toContain('auth.login_succeeded'); // the list's filter applies to the export
      await refreshed; // the token was renewed on the way, not the export sent without one
    } finally {
      restore();
    }
    await page.close();
  });
});
