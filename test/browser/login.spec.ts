import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { until } from '../helpers/wait';

describe('admin UI in Chromium: sign-in, session, forgotten password, drafts kept across an expired session', () => {
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

  it('keeps the access token out of localStorage; a reload stays signed in (refresh cookie); signing out ends the session', async () => {
    const u = await t.createUser({ roles: ['instructeur'], fullName: 'Inès Instructrice' });
    const page = await newPage();
    await loginInBrowser(page, t.url, u.email, u.password);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toMatch(/eyJ/); // no JWT in the page's storage
    const cookies = await page.context().cookies();
    const refresh = cookies.find((c) => c.name === 'ptce_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api' });

    await page.reload();
    await page.getByRole('button', { name: 'Compte de Inès Instructrice' }).waitFor();
    expect(page.url()).not.toContain('#/login');

    await page.getByRole('button', { name: 'Compte de Inès Instructrice' }).click();
    await page.getByRole('menuitem', { name: 'Déconnexion' }).click();
    await page.waitForURL((url) => url.hash.startsWith('#/login'));
    await page.reload();
    await page.locator('input[name="username"]').waitFor();
    expect(page.url()).toContain('#/login');
    const [revoked] = await t.db.query(`SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1 AND revoked_at IS NOT NULL`, [u.id]);
    expect(revoked.n).toBe(1);
    await page.close();
  });

  it('"Mot de passe oublié ?" sends a link; the link page refuses a weak password with the reason and sets a good one', async () => {
    const u = await t.createUser({ roles: ['expert'], regions: ['53'], fullName: 'Erwan Oublieux' });
    const page = await newPage();
    await page.goto(`${t.url}/#/login`);
    await page.getByRole('button', { name: 'Mot de passe oublié ?' }).click();
    t.sink.clear();
    await page.getByRole('textbox', { name: /Adresse électronique/ }).fill(u.email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText(/Si un compte actif correspond à cette adresse/).waitFor();
    await screenshot(page, 'login-forgot-sent');
    const [mail] = await t.sink.waitFor(1);
    const link = /(http\S+#\/login\?reset=\S+)/.exec(mail.text)![1].replace(/^https?:\/\/[^/]+/, t.url);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Choisir un nouveau mot de passe' }).waitFor();
    await page.locator('input[name="new-password"]').fill('azertyuiop12');
    await page.locator('input[name="confirm-password"]').fill('azertyuiop12');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page
      .getByRole('alert')
      .getByText(/courants|deviner/)
      .waitFor();
    await screenshot(page, 'login-reset-refused');
    await page.locator('input[name="new-password"]').fill('Goéland-Phare-Granit-29');
    await page.locator('input[name="confirm-password"]').fill('Goéland-Phare-Granit-29');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Votre mot de passe est enregistré').waitFor();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await loginInBrowser(page, t.url, u.email, 'Goéland-Phare-Granit-29');
    await page.close();
  });

  it('what a reviewer types survives a session revoked mid-avis: sent to the login page, restored after signing in again', async () => {
    const instructeur = await t.as(['instructeur']);
    const admin = await t.as(['admin']);
    const cress = await t.createUser({ roles: ['cress'], regions: ['53'], fullName: 'Yann Le Gall' });
    const campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET required_avis_roles = ARRAY['cress'] WHERE id = $1`, [campaignId]);
    const created = await createDossier(t, instructeur.auth, campaignId, { region: '53', projectName: 'Pôle du Trégor' });
    expect((await transition(t, instructeur.auth, created.id, 'ouvrir_instruction', created.version)).status).toBe(200);
    const [avis] = await t.db.query(`SELECT id FROM avis WHERE dossier_id = $1 AND reviewer_id = $2`, [created.id, cress.id]);

    const page: Page = await newPage();
    await loginInBrowser(page, t.url, cress.email, cress.password);
    await page.goto(`${t.url}/#/avis/${avis.id}`);
    const first = page.locator('[data-entry="structure_porteuse"]');
    const comment = first.getByRole('textbox', { name: /Commentaire/ });
    await comment.fill('Première phrase enregistrée.');
    await page
      .getByTestId('autosave-status')
      .getByText(/Brouillon enregistré/)
      .waitFor({ timeout: 10000 });

    // the session is revoked elsewhere (an admin's "log out everywhere"), then the reviewer keeps typing
    expect((await t.http().post(`/api/users/${cress.id}/revoke-sessions`).set('Authorization', admin.auth)).status).toBe(200);
    await comment.fill('Première phrase enregistrée. Deuxième phrase tapée après la fin de la session.');
    await page.waitForURL((url) => url.hash.startsWith('#/login'), { timeout: 15000 });
    await screenshot(page, 'login-session-expired');
    const [server] = await t.db.query(`SELECT content FROM avis WHERE id = $1`, [avis.id]);
    expect(server.content.scores.structure_porteuse.comment).toBe('Première phrase enregistrée.');

    await loginInBrowser(page, t.url, cress.email, cress.password);
    if (!page.url().includes(`#/avis/${avis.id}`)) await page.goto(`${t.url}/#/avis/${avis.id}`);
    await page.getByText('Votre saisie non enregistrée a été restaurée').waitFor();
    expect(
      await page
        .locator('[data-entry="structure_porteuse"]')
        .getByRole('textbox', { name: /Commentaire/ })
        .inputValue(),
    ).toBe('Première phrase enregistrée. Deuxième phrase tapée après la fin de la session.');
    await screenshot(page, 'login-draft-restored');
    await until(async () => {
      const [row] = await t.db.query(`SELECT content FROM avis WHERE id = $1`, [avis.id]);
      return (
        row.content.scores.structure_porteuse.comment === 'Première phrase enregistrée. Deuxième phrase tapée après la fin de la session.'
      );
    }, 'the restored draft saved on the server');
    // saved: the local copy is gone
    await until(
      async () => (await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('.avis.')).length)) === 0,
      'local copy dropped',
    );
    await page.close();
  });
  it('a dossier edit refused because the session ended is kept and comes back in the form after signing in again', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Ivan Instructeur' });
    const admin = await t.as(['admin']);
    const campaignId = await createCampaign(t);
    const staff = await t.as(['instructeur']);
    const d = await createDossier(t, staff.auth, campaignId, { region: '53', projectName: 'Pôle de Lannion' });

    const page = await newPage();
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers/${d.id}`);
    const name = page.getByRole('textbox', { name: /^Nom du projet/ });
    await name.waitFor();
    expect(await name.inputValue()).toBe('Pôle de Lannion');
    await name.fill('Pôle de Lannion — Trégor maritime');
    expect((await t.http().post(`/api/users/${instructeur.id}/revoke-sessions`).set('Authorization', admin.auth)).status).toBe(200);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((url) => url.hash.startsWith('#/login'), { timeout: 15000 });
    const [before] = await t.db.query(`SELECT project_name FROM dossier WHERE id = $1`, [d.id]);
    expect(before.project_name).toBe('Pôle de Lannion');

    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    if (!page.url().includes(`#/dossiers/${d.id}`)) await page.goto(`${t.url}/#/dossiers/${d.id}`);
    await page.getByText('Vos modifications non enregistrées ont été restaurées').waitFor();
    await until(
      async () => (await page.getByRole('textbox', { name: /^Nom du projet/ }).inputValue()) === 'Pôle de Lannion — Trégor maritime',
      'restored value',
    );
    await screenshot(page, 'login-dossier-draft-restored');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await until(async () => {
      const [row] = await t.db.query(`SELECT project_name FROM dossier WHERE id = $1`, [d.id]);
      return row.project_name === 'Pôle de Lannion — Trégor maritime';
    }, 'the restored edit saved');
    await until(
      async () => (await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('.dossier.')).length)) === 0,
      'local copy dropped',
    );
    await page.close();
  });
});
