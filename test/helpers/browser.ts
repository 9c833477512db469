import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

export const ADMIN_DIST = path.resolve(__dirname, '../../apps/admin/dist');
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

/** Debian's Chromium driven by playwright-core (no browser download: the machine has no internet). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium introuvable (${executablePath}) : sudo apt-get install -y chromium`);
  if (!existsSync(path.join(ADMIN_DIST, 'index.html'))) throw new Error('Interface non construite : npm run build:admin');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function loginInBrowser(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.locator('input[name="username"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /connexion|se connecter/i }).click();
  await page.waitForURL((u) => !u.hash.startsWith('#/login'), { timeout: 15000 });
}
