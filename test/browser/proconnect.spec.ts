import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, screenshot } from '../helpers/browser';
import { startTestApp, TestApp } from '../helpers/test-app';
import { freePort, proconnectEnv, startProvider, stopProvider } from '../e2e/audit-proconnect';

/** The local provider's development pages: any e-mail as login, any password, then consent. */
async function signInAtProvider(page: Page, email: string) {
  await page.locator('input[name="login"]').waitFor();
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('peu-importe');
  await page.locator('button[type="submit"]').click();
  // the provider's consent page ("Authorize"): continue
  const consent = page.getByRole('button', { name: /continue/i });
  await consent.waitFor();
  await consent.click();
}

describe('admin UI in Chromium: ProConnect sign-in against a local OIDC provider', () => {
  let t: TestApp;
  let browser: Browser;
  let provider: ChildProcess | undefined;
  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({ ADMIN_DIST: process.env.ADMIN_DIST || ADMIN_DIST, ...proconnectEnv(port) });
    provider = await startProvider(port, t.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopProvider(provider);
    await t?.close();
  });

  it('an agent with an active account signs in with the official button; an unknown e-mail is refused with a clear message', async () => {
    const agent = await t.createUser({ roles: ['instructeur'], fullName: 'Agathe Agente', email: 'agathe.agente@test.example.org' });
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await page.goto(`${t.url}/#/login`);
    const button = page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ });
    await button.waitFor();
    await screenshot(page, 'proconnect-login-page');
    await button.click();
    await signInAtProvider(page, agent.email);
    await page.waitForURL((u) => u.origin === new URL(t.url).origin && !u.hash.startsWith('#/login'), { timeout: 20000 });
    await page.getByRole('button', { name: 'Compte de Agathe Agente' }).waitFor();
    await screenshot(page, 'proconnect-signed-in');
    const [event] = await t.db.query(`SELECT data FROM audit_event WHERE type = 'auth.proconnect_succeeded' AND target_user_id = $1`, [
      agent.id,
    ]);
    expect(event.data.method).toBe('proconnect');

    // signing out ends the session here and at the provider, then comes back to the login page
    await page.getByRole('button', { name: 'Compte de Agathe Agente' }).click();
    await page.getByRole('menuitem', { name: 'Déconnexion' }).click();
    await page.waitForURL((u) => u.origin !== new URL(t.url).origin, { timeout: 20000 });
    const confirm = page.locator('form button[type="submit"], button[type="submit"]').first();
    await confirm.waitFor();
    await confirm.click();
    await page.waitForURL((u) => u.origin === new URL(t.url).origin, { timeout: 20000 });
    await page.locator('input[name="username"]').waitFor();
    await page.close();

    const other = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await other.goto(`${t.url}/#/login`);
    await other.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click();
    await signInAtProvider(other, 'inconnu.etat@test.example.org');
    await other.waitForURL((u) => u.origin === new URL(t.url).origin && u.hash.includes('proconnect_error'), { timeout: 20000 });
    await other
      .getByRole('alert')
      .getByText(/Aucun compte actif ne correspond à votre identité ProConnect \(inconnu\.etat@test\.example\.org\)/)
      .waitFor();
    await screenshot(other, 'proconnect-unknown-account');
    await other.close();
  });
});
