import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { eventually as until } from '../helpers/wait';

// the worker's relay and dispatcher tick quickly in this test (read by the worker at start)
process.env.NOTIFY_TICK_MS = '250';

/**
 * The mail screens in Chromium, on the real API, queue, worker and mail sink: the « Courriels » list with a sent
 * acknowledgment, its preview drawer, the resend (a new row) and a refused cancel (the server's message); the
 * campaign's timeline showing the planned decision mails at the announcement date; the dossier's « Courriels »
 * tab; the template editor's live preview refusing an unknown variable.
 */
describe('admin UI in Chromium: notifications', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST });
    await t.startWorker();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  it('an instructeur reads the sent acknowledgment and its preview, resends it, sees the timeline of planned decisions; an admin previews a template', async () => {
    const instructeur = await t.as(['instructeur'], [], { fullName: 'Isabelle Instructrice' });
    const instructeurAuth = instructeur.auth;
    const cabinet = await t.as(['cabinet']);
    const admin = await t.createUser({ roles: ['admin'], fullName: 'Alice Administratrice' });
    const campaignId = await createCampaign(t, { name: 'AMI PTCE — campagne à venir' });
    // the announcement of phase 1 in 30 days (the later dates after it)
    await t.db.query(
      `UPDATE campaign SET phase1_announcement_at = date_trunc('minute', now()) + interval '30 days',
              phase2_invitation_at = now() + interval '40 days', phase2_deposit_deadline = now() + interval '60 days',
              phase2_announcement_at = now() + interval '90 days'
        WHERE id = $1`,
      [campaignId],
    );
    const [dates] = await t.db.query(`SELECT phase1_announcement_at FROM campaign WHERE id = $1`, [campaignId]);

    // a dossier typed in: its acknowledgment leaves through the worker and the mail sink
    const first = await createDossier(t, instructeurAuth, campaignId, {
      projectName: 'Pôle coopératif du Trégor',
      referent: { name: 'Jeanne Le Goff', email: 'jeanne.legoff@example.org', phone: '02 96 00 00 00' },
    });
    const ack = await until('accusé de réception envoyé', async () => {
      const [row] = await t.db.query(
        `SELECT id, subject, status FROM notification WHERE dossier_id = $1 AND template = 'accuse_reception'`,
        [first.id],
      );
      return row?.status === 'sent' ? row : null;
    });

    // three instruit dossiers retained by the cabinet: their decision mails are planned for the announcement date
    const retained: string[] = [];
    for (const name of ['Coopérative des monts du Lyonnais', 'Fabrique solidaire de Montreuil', 'Recyclerie du Trièves']) {
      const d = await createDossier(t, instructeurAuth, campaignId, { projectName: name });
      await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = $1`, [d.id]);
      retained.push(d.id);
    }
    const decided = await t
      .http()
      .post(`/api/campaigns/${campaignId}/phases/1/decisions`)
      .set('Authorization', cabinet.auth)
      .send({ items: retained.map((dossierId) => ({ dossierId, decision: 'laureat' })) });
    expect(decided.status).toBe(200);
    await until('décisions planifiées', async () => {
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND template = 'decision_phase1_laureat' AND status = 'planned'`,
        [campaignId],
      );
      return n === 3;
    });

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);

    // « Courriels »: the acknowledgment, sent
    await page.getByRole('menuitem', { name: 'Courriels', exact: true }).click();
    await page.getByRole('heading', { name: 'Courriels', level: 1 }).waitFor();
    await page.getByTestId('send-progress').waitFor();
    const link = page.getByRole('button', { name: 'Voir le courriel « Accusé de réception » à jeanne.legoff@example.org' });
    await link.waitFor();
    const row = page.locator('tr', { has: link });
    await row.locator('[data-status="sent"]').waitFor();
    await screenshot(page, 'notifications-list');

    // the drawer: details and the rendered mail
    await link.click();
    const drawer = page.getByTestId('notification-drawer');
    await drawer.getByRole('heading', { name: 'Accusé de réception', level: 2 }).waitFor();
    await drawer.getByText('Jeanne Le Goff <jeanne.legoff@example.org>').waitFor();
    await drawer.getByTestId('mail-preview-subject').getByText(ack.subject, { exact: true }).waitFor();
    const frame = drawer.frameLocator('iframe');
    await frame.getByText('Pôle coopératif du Trégor').first().waitFor();
    await screenshot(page, 'notification-preview');

    // cancelling a sent mail: the server refuses, its message is shown
    await drawer.getByRole('button', { name: 'Annuler l’envoi' }).click();
    await drawer.getByRole('alert').waitFor();
    expect(await drawer.getByRole('alert').innerText()).not.toBe('');
    expect((await t.db.query(`SELECT status FROM notification WHERE id = $1`, [ack.id]))[0].status).toBe('sent');
    // resending: a new row, sent in turn
    await drawer.getByRole('button', { name: 'Renvoyer' }).click();
    await page.getByText('Un nouvel envoi du courriel est planifié.').waitFor();
    const resent = await until('renvoi envoyé', async () => {
      const [r] = await t.db.query(`SELECT id, status FROM notification WHERE resend_of = $1`, [ack.id]);
      return r?.status === 'sent' ? r : null;
    });
    expect(resent.id).not.toBe(ack.id);
    await drawer.getByRole('button', { name: 'Fermer le détail du courriel' }).click();

    // the campaign's timeline: the three decision mails at the announcement date
    await page.goto(`${t.url}/#/campaigns/${campaignId}/show`);
    const timeline = page.getByTestId('campaign-timeline');
    await timeline.getByRole('heading', { name: 'Courriels planifiés (heure de Paris)' }).waitFor();
    const decision = timeline.locator('li[data-template="decision_phase1_laureat"]');
    await decision.waitFor();
    await decision.getByText('3 destinataires').waitFor();
    await decision.getByText('Annonce des lauréats de la phase 1', { exact: false }).waitFor();
    const shown = await decision.locator('time').getAttribute('datetime');
    expect(new Date(shown!).toISOString()).toBe(new Date(dates.phase1_announcement_at).toISOString());
    await decision.locator('[data-status="planned"]').waitFor();
    await screenshot(page, 'campaign-timeline');
    await page.getByRole('link', { name: 'Sélection — phase 1' }).waitFor();

    // the dossier's « Courriels » tab
    await page.goto(`${t.url}/#/dossiers/${first.id}/show/courriels`);
    const tab = page.getByTestId('dossier-notifications-tab');
    await tab.getByRole('heading', { name: 'Courriels du dossier' }).waitFor();
    await tab.locator('tbody tr').nth(1).waitFor(); // the acknowledgment and its resend
    await expect(tab.locator('tbody tr [data-status="sent"]').count()).resolves.toBe(2);

    // a burst in progress, as the summary reports it (rows handed to the queue, no job behind them here): the progress bar
    await t.db.query(
      `UPDATE notification SET status = 'queued', queued_at = now() WHERE campaign_id = $1 AND template = 'decision_phase1_laureat'`,
      [campaignId],
    );
    await page.goto(`${t.url}/#/notifications?filter=${encodeURIComponent(JSON.stringify({ campaignId }))}`);
    const progress = page.getByTestId('send-progress');
    await progress.getByText(/^Envoi en cours : \d+ envoyé\(s\) sur \d+, 3 en attente d’envoi\.$/).waitFor();
    await progress.getByRole('progressbar').waitFor();
    await screenshot(page, 'notifications-burst-progress');
    await t.db.query(
      `UPDATE notification SET status = 'planned', queued_at = NULL WHERE campaign_id = $1 AND template = 'decision_phase1_laureat'`,
      [campaignId],
    );

    // the cabinet reads the mails but is offered neither resend nor cancel
    const cabinetUser = await t.createUser({ roles: ['cabinet'] });
    const cabinetPage = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    try {
      await loginInBrowser(cabinetPage, t.url, cabinetUser.email, cabinetUser.password);
      await cabinetPage.goto(`${t.url}/#/notifications`);
      await cabinetPage
        .getByRole('button', { name: 'Voir le courriel « Accusé de réception » à jeanne.legoff@example.org' })
        .first()
        .click();
      const cabinetDrawer = cabinetPage.getByTestId('notification-drawer');
      await cabinetDrawer.getByTestId('mail-preview-subject').waitFor();
      await expect(cabinetDrawer.getByRole('button', { name: 'Renvoyer' }).count()).resolves.toBe(0);
      await expect(cabinetDrawer.getByRole('button', { name: 'Annuler l’envoi' }).count()).resolves.toBe(0);
    } finally {
      await cabinetPage.close();
    }

    // an admin edits a template: the live preview renders it, an unknown variable is refused by the server
    const adminPage = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1440, height: 900 } });
    try {
      await loginInBrowser(adminPage, t.url, admin.email, admin.password);
      await adminPage.goto(`${t.url}/#/email-templates`);
      await adminPage.getByRole('heading', { name: 'Modèles de courriels', level: 1 }).waitFor();
      await adminPage.getByRole('cell', { name: 'accuse_reception' }).click();
      await adminPage.getByRole('heading', { name: 'Accusé de réception', level: 1 }).waitFor();
      await adminPage.getByTestId('mail-preview').waitFor();
      const subject = adminPage.getByRole('textbox', { name: 'Objet' });
      await subject.fill('Votre dossier {{projectName}} est bien reçu');
      await adminPage
        .getByTestId('mail-preview-subject')
        .getByText(/^Votre dossier .+ est bien reçu$/)
        .waitFor();
      await subject.fill('Votre dossier {{projetInconnu}} est bien reçu');
      const error = adminPage.getByTestId('template-preview-error');
      await error.waitFor();
      await error.getByText('{{projetInconnu}}').waitFor();
      await screenshot(adminPage, 'email-template-unknown-variable');
      // saving it is refused by the server too; a correct subject is saved
      await adminPage.getByRole('button', { name: 'Enregistrer' }).click();
      await adminPage.getByTestId('template-save-error').getByText('{{projetInconnu}}', { exact: false }).waitFor();
      await subject.fill('Dossier « {{projectName}} » : accusé de réception');
      await adminPage.getByRole('button', { name: 'Enregistrer' }).click();
      await adminPage.getByText('Modèle enregistré.').waitFor();
      const [saved] = await t.db.query(`SELECT subject, updated_by FROM email_template WHERE code = 'accuse_reception'`);
      expect(saved).toEqual({ subject: 'Dossier « {{projectName}} » : accusé de réception', updated_by: admin.id });
    } finally {
      await adminPage.close();
    }
  }, 180_000); // a long journey on a shared machine
});
