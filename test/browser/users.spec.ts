import type { Browser } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { startTestApp, TestApp } from '../helpers/test-app';
import { until } from '../helpers/wait';

describe('admin UI in Chromium: users', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin logs in, opens the users list and creates a CRESS user for region 53', async () => {
    const admin = await t.createUser({ roles: ['admin'], fullName: 'Alice Administratrice', email: 'admin@test.example.org' });
    await t.createUser({ roles: ['instructeur'], fullName: 'Isabelle Instructrice' });
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await loginInBrowser(page, t.url, admin.email, admin.password);

    await page.goto(`${t.url}/#/users`);
    await page.getByText('Isabelle Instructrice').waitFor();
    await screenshot(page, 'users-list');

    await page.goto(`${t.url}/#/users/create`);
    await page.getByRole('textbox', { name: /^Nom complet/ }).fill('Yann Le Gall');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill('cress.bretagne@test.example.org');
    await page.getByRole('textbox', { name: /^Mot de passe/ }).fill('Bretagne-Landes-Ajoncs53');
    await page.getByLabel('CRESS').check();
    await page.getByLabel('Régions').click();
    await page.getByRole('option', { name: /Bretagne/ }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    // Saved on the server: the row exists with the role and the region, and the new account can log in.
    await page.waitForURL((u) => !u.hash.endsWith('/create'));
    const rows = await t.db.query(`SELECT roles, regions, active FROM app_user WHERE email = 'cress.bretagne@test.example.org'`);
    expect(rows).toEqual([{ roles: ['cress'], regions: ['53'], active: true }]);
    await page.goto(`${t.url}/#/users`);
    await page.getByText('Yann Le Gall').waitFor();
    await screenshot(page, 'users-created');
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'cress.bretagne@test.example.org', password: 'Bretagne-Landes-Ajoncs53' });
    expect(login.status).toBe(200);
  });
  it('an admin invites a user without typing a password, then closes all of a user’s sessions', async () => {
    const admin = await t.createUser({ roles: ['admin'], fullName: 'Alain Admin', email: 'admin2@test.example.org' });
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await loginInBrowser(page, t.url, admin.email, admin.password);
    t.sink.clear();
    await page.goto(`${t.url}/#/users/create`);
    await page.getByRole('textbox', { name: /^Nom complet/ }).fill('Inès Invitée');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill('ines.invitee@test.example.org');
    await page.getByLabel('Instructeur').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((u) => !u.hash.endsWith('/create'));
    const [mail] = await t.sink.waitFor(1);
    expect(mail.to).toEqual(['ines.invitee@test.example.org']);
    expect(mail.text).toMatch(/#\/login\?invitation=/);
    const [row] = await t.db.query(`SELECT id, password_set FROM app_user WHERE email = 'ines.invitee@test.example.org'`);
    expect(row.password_set).toBe(false);

    const victim = await t.createUser({ roles: ['cabinet'], fullName: 'Vincent Cabinet' });
    const token = await t.login(victim);
    await page.goto(`${t.url}/#/users/${victim.id}`);
    await page.getByRole('button', { name: 'Déconnecter partout' }).click();
    await page.getByText('Toutes les sessions de Vincent Cabinet sont fermées.').waitFor();
    await screenshot(page, 'users-revoke-sessions');
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    await page.close();
  });
  it('an admin reads the audit log, filtered by event type', async () => {
    const admin = await t.createUser({ roles: ['admin'], fullName: 'Aude Auditrice', email: 'audit@test.example.org' });
    await t.http().post('/api/auth/login').send({ email: admin.email, password: 'pas-le-bon' });
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await loginInBrowser(page, t.url, admin.email, admin.password);
    await page.goto(`${t.url}/#/audit-events`);
    await page.getByText('Connexion réussie').first().waitFor();
    await page.getByText('Connexion échouée').first().waitFor();
    await page.getByRole('combobox', { name: 'Événement' }).click();
    await page.getByRole('option', { name: 'Connexion échouée' }).click();
    await page.waitForURL((u) => decodeURIComponent(u.hash).includes('auth.login_failed'));
    await until(async () => (await page.getByText('Connexion réussie').count()) === 0, 'filtered list');
    await page.getByRole('cell', { name: 'audit@test.example.org' }).first().waitFor();
    await page.getByRole('button', { name: 'Exporter en CSV' }).waitFor();
    await screenshot(page, 'audit-log');
    await page.close();
  });
});
