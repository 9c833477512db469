import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { until } from '../helpers/wait';

/** The local copies of dossier edits kept in this page's storage (key → stored JSON). */
const dossierDrafts = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.includes('.dossier.'))
        .map((k) => [k, localStorage.getItem(k) ?? '']),
    ),
  );

describe('admin UI in Chromium: dossier edits kept on the device as they are typed (issue 12)', () => {
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

  const newPage = () => browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });

  it('typed values survive a session revoked server-side and a reload: restored after signing in again, dropped once saved', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Iris Instructrice' });
    const admin = await t.as(['admin']);
    const staff = await t.as(['instructeur']);
    const campaignId = await createCampaign(t);
    const d = await createDossier(t, staff.auth, campaignId, { region: '53', projectName: 'Pôle de Morlaix' });

    const page = await newPage();
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers/${d.id}`);
    const name = page.getByRole('textbox', { name: /^Nom du projet/ });
    await name.waitFor();
    expect(await name.inputValue()).toBe('Pôle de Morlaix');
    expect(Object.keys(await dossierDrafts(page))).toEqual([]); // opening the form alone keeps nothing
    await name.fill('Pôle de Morlaix — baie et Monts d’Arrée');
    const structure = page.getByRole('textbox', { name: /^Raison sociale/ });
    await structure.fill('Association Pôle Morlaix Baie');
    // no click on « Enregistrer »: the copy is written as the user types
    await until(
      async () => Object.values(await dossierDrafts(page)).some((v) => v.includes('Association Pôle Morlaix Baie')),
      'the typed values kept',
    );

    // the session dies on the server (an admin's « log out everywhere »), then the page is reloaded
    expect((await t.http().post(`/api/users/${instructeur.id}/revoke-sessions`).set('Authorization', admin.auth)).status).toBe(200);
    await page.reload();
    await page.waitForURL((url) => url.hash.startsWith('#/login'), { timeout: 15000 });
    const [before] = await t.db.query(`SELECT project_name FROM dossier WHERE id = $1`, [d.id]);
    expect(before.project_name).toBe('Pôle de Morlaix');

    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    if (!page.url().includes(`#/dossiers/${d.id}`)) await page.goto(`${t.url}/#/dossiers/${d.id}`);
    const notice = page.getByRole('status').filter({ hasText: 'Modifications non enregistrées restaurées du' });
    await notice.waitFor();
    expect(await notice.getByRole('button', { name: 'Les abandonner' }).isVisible()).toBe(true);
    await until(async () => (await name.inputValue()) === 'Pôle de Morlaix — baie et Monts d’Arrée', 'restored project name');
    expect(await structure.inputValue()).toBe('Association Pôle Morlaix Baie');
    await screenshot(page, 'dossier-draft-restored');

    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await until(async () => {
      const [row] = await t.db.query(`SELECT project_name FROM dossier WHERE id = $1`, [d.id]);
      return row.project_name === 'Pôle de Morlaix — baie et Monts d’Arrée';
    }, 'the restored edit saved');
    const res = await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', staff.auth);
    expect(res.body.structure.name).toBe('Association Pôle Morlaix Baie');
    await page.waitForURL((url) => url.hash === `#/dossiers/${d.id}/show`);
    await name.waitFor({ state: 'detached' }); // the dossier's page replaced the form
    await until(async () => Object.keys(await dossierDrafts(page)).length === 0, 'local copy dropped once saved');

    // opened again: nothing to restore
    await page.goto(`${t.url}/#/dossiers/${d.id}`);
    await name.waitFor();
    expect(await name.inputValue()).toBe('Pôle de Morlaix — baie et Monts d’Arrée');
    expect(await page.getByText('Modifications non enregistrées restaurées').count()).toBe(0);
    await page.close();
  });

  it('« Les abandonner » puts the saved values back and drops the copy; a copy typed on an older version is not restored', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Ilan Instructeur' });
    const staff = await t.as(['instructeur']);
    const campaignId = await createCampaign(t);
    const d = await createDossier(t, staff.auth, campaignId, { region: '53', projectName: 'Pôle de Guingamp' });

    const page = await newPage();
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers/${d.id}`);
    const name = page.getByRole('textbox', { name: /^Nom du projet/ });
    await name.waitFor();
    // typed then put back as saved: nothing differs from the dossier, nothing is kept (every input of the form compared)
    await name.fill('Pôle de Guingamp — essai');
    await until(async () => Object.values(await dossierDrafts(page)).some((v) => v.includes('essai')), 'the typed value kept');
    await name.fill('Pôle de Guingamp');
    await until(async () => Object.keys(await dossierDrafts(page)).length === 0, 'no copy of a form equal to the dossier');
    await name.fill('Pôle de Guingamp — Argoat');
    await until(async () => Object.values(await dossierDrafts(page)).some((v) => v.includes('Argoat')), 'the typed value kept');

    // a reload with the session alive: the copy comes back, then is abandoned
    await page.reload();
    const notice = page.getByRole('status').filter({ hasText: 'Modifications non enregistrées restaurées du' });
    await notice.waitFor();
    await until(async () => (await name.inputValue()) === 'Pôle de Guingamp — Argoat', 'restored value');
    await notice.getByRole('button', { name: 'Les abandonner' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await name.inputValue()).toBe('Pôle de Guingamp');
    await until(async () => Object.keys(await dossierDrafts(page)).length === 0, 'local copy dropped');
    const [row] = await t.db.query(`SELECT project_name FROM dossier WHERE id = $1`, [d.id]);
    expect(row.project_name).toBe('Pôle de Guingamp');

    // typed again, then the dossier changes on the server: the copy (older version) is not put over it
    await name.fill('Pôle de Guingamp — version locale');
    await until(async () => Object.values(await dossierDrafts(page)).some((v) => v.includes('version locale')), 'the typed value kept');
    // (another instructeur's save, as the server records it: new content, version + 1)
    await t.db.query(`UPDATE dossier SET project_name = $2, version = version + 1 WHERE id = $1`, [
      d.id,
      'Pôle de Guingamp — changé ailleurs',
    ]);
    await page.reload();
    await page.getByText('portaient sur une version plus ancienne du dossier').waitFor();
    await until(async () => (await name.inputValue()) === 'Pôle de Guingamp — changé ailleurs', 'the server’s values shown');
    expect(await page.getByText('Modifications non enregistrées restaurées').count()).toBe(0);
    expect(Object.keys(await dossierDrafts(page))).toEqual([]);
    await page.close();
  });
});
