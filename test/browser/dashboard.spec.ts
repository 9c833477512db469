import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp, TestUser } from '../helpers/test-app';

/**
 * Issue 14 §2 in Chromium: each role's dashboard shows its figures, equal to what the database holds (counted here with
 * SQL of the test's own, not the API's), each figure a link to the filtered list, and the two charts. Screenshots of
 * each dashboard are saved under test-output/screenshots.
 */
describe('admin UI in Chromium: a dashboard per role', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page | undefined;
  let campaignId: string;
  const users: Record<string, TestUser> = {};

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST });
    browser = await launchBrowser();
    users.instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Inès Instructrice' });
    users.cress = await t.createUser({ roles: ['cress'], regions: ['53'], fullName: 'Claire CRESS Bretagne' });
    users.cabinet = await t.createUser({ roles: ['cabinet'], fullName: 'Camille Cabinet' });
    users.admin = await t.createUser({ roles: ['admin'], fullName: 'Adèle Admin' });
    await t.createUser({ roles: ['correspondant_ess'], regions: [], fullName: 'Sans Région' });
    const auth = `Bearer ${await t.login(users.instructeur)}`;
    campaignId = await createCampaign(t, { name: 'AMI PTCE 2021 — tableau de bord' });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 0 WHERE id = $1`, [campaignId, ['cress']]);
    for (let i = 0; i < 3; i++) await createDossier(t, auth, campaignId, { projectName: `À ouvrir ${i}`, region: i ? '53' : '84' });
    const opened: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = await createDossier(t, auth, campaignId, { projectName: `Ouvert ${i}`, region: '53' });
      expect((await transition(t, auth, d.id, 'ouvrir_instruction', d.version)).status).toBe(200);
      opened.push(d.id);
    }
    await t.db.query(`UPDATE avis SET due_at = now() - interval '3 days' WHERE dossier_id = $1`, [opened[0]]);
    await t.db.query(`UPDATE avis SET status = 'brouillon' WHERE dossier_id = $1`, [opened[1]]);
    await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = ANY($1)`, [[opened[2], opened[3]]]);
    await t.db.query(`UPDATE avis SET status = 'rendu', rendered_at = now() WHERE dossier_id = ANY($1)`, [[opened[2], opened[3]]]);
    await t.db.query(`UPDATE dossier SET state = 'laureat', decision_outcome = 'laureat' WHERE id = $1`, [opened[3]]);
    await t.db.query(
      `INSERT INTO notification (template, idempotency_key, campaign_id, recipient, status, attempts, last_error)
       VALUES ('accuse_reception', 'dash-1', $1, 'a@example.org', 'failed', 5, 'refusé'), ('accuse_reception', 'dash-2', $1, 'b@example.org', 'sent', 1, null)`,
      [campaignId],
    );
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);
  const figure = async (id: string) => {
    const el = page!.locator(`[data-figure="${id}"]`);
    await el.waitFor();
    return { value: Number(await el.getAttribute('data-value')), href: await el.getAttribute('href') };
  };
  async function open(user: TestUser, name: string) {
    await page?.close();
    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 1000 }, timezoneId: 'Europe/Paris' });
    await loginInBrowser(page, t.url, user.email, user.password);
    await page.goto(`${t.url}/#/`);
    await page.getByTestId('dashboard-campaign').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, `dashboard-${name}`);
  }

  it('instructeur: the to-do figures equal the database, each one opens the filtered list', async () => {
    await open(users.instructeur, 'instructeur');
    const c = [campaignId];
    expect((await figure('toOpen')).value).toBe(
      await count(`SELECT count(*) n FROM dossier WHERE campaign_id = $1 AND state = 'depose'`, c),
    );
    expect((await figure('eligibilityToDecide')).value).toBe(
      await count(`SELECT count(*) n FROM dossier WHERE campaign_id = $1 AND state = 'en_instruction' AND eligibility = 'a_verifier'`, c),
    );
    expect((await figure('readyForCabinet')).value).toBe(
      await count(`SELECT count(*) n FROM dossier WHERE campaign_id = $1 AND state = 'instruit'`, c),
    );
    expect((await figure('avisOverdue')).value).toBe(
      await count(
        `SELECT count(*) n FROM avis a JOIN dossier d ON d.id = a.dossier_id WHERE d.campaign_id = $1 AND a.status IN ('a_rediger','brouillon') AND a.due_at < now()`,
        c,
      ),
    );
    expect((await figure('failedEmails')).value).toBe(await count(`SELECT count(*) n FROM notification WHERE status = 'failed'`));
    expect((await figure('toOpen')).value).toBe(3);
    // The figure is a link to the list, filtered: the list shows as many rows as the figure says.
    await page!.locator('[data-figure="toOpen"]').click();
    await page!.waitForURL(/#\/dossiers\?/);
    await page!.getByText('1-3 sur 3').waitFor();
    expect(await page!.locator('tbody tr').count()).toBe(3);
  }, 180_000);

  it('reviewer (CRESS of Bretagne): my avis to write, drafts, overdue, scoped to my region', async () => {
    await open(users.cress, 'relecteur');
    const mine = `SELECT count(*) n FROM avis a JOIN dossier d ON d.id = a.dossier_id WHERE a.reviewer_id = $1 AND d.campaign_id = $2`;
    const p = [users.cress.id, campaignId];
    expect((await figure('toWrite')).value).toBe(await count(`${mine} AND a.status = 'a_rediger'`, p));
    expect((await figure('drafts')).value).toBe(await count(`${mine} AND a.status = 'brouillon'`, p));
    expect((await figure('overdue')).value).toBe(await count(`${mine} AND a.status IN ('a_rediger','brouillon') AND a.due_at < now()`, p));
    expect((await figure('overdue')).value).toBe(1);
    const renderedThisWeek = (await figure('renderedThisWeek')).value;
    expect(renderedThisWeek).toBe(
      await count(
        `${mine} AND a.status = 'rendu' AND a.rendered_at >= (date_trunc('week', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris')`,
        p,
      ),
    );
    expect(decodeURIComponent((await figure('renderedThisWeek')).href ?? '')).toContain('"renderedSince":"');
    // overdue first in the list of the next avis
    const first = page!.getByTestId('next-avis').locator('li').first();
    expect(await first.getAttribute('data-overdue')).toBe('true');
    expect(await page!.locator('[data-section="instructeur"]').count()).toBe(0);
    // the pipeline counts only the region's dossiers (the 84 one is out of scope)
    const table = page!.getByTestId('pipeline-table');
    await page!.getByText('Dossiers par état et par phase (tableau)').click();
    const deposited = await table.locator('tr', { hasText: 'Déposé' }).locator('td').first().innerText();
    expect(Number(deposited)).toBe(
      await count(`SELECT count(*) n FROM dossier WHERE campaign_id = $1 AND state = 'depose' AND region = '53'`, [campaignId]),
    );
  }, 180_000);

  it('cabinet: awaiting a decision, decided, the envelope and the boards', async () => {
    await open(users.cabinet, 'cabinet');
    expect((await figure('awaitingDecision')).value).toBe(
      await count(`SELECT count(*) n FROM dossier WHERE campaign_id = $1 AND state = 'instruit'`, [campaignId]),
    );
    expect((await figure('decided')).value).toBe(
      await count(`SELECT count(*) n FROM dossier WHERE campaign_id = $1 AND state IN ('laureat','non_retenu')`, [campaignId]),
    );
    expect((await figure('board1')).href).toBe(`#/selection/${campaignId}/1`);
    await page!.getByText(/Enveloppe de la phase 2/).waitFor();
  }, 180_000);

  it('admin: imports, users without a region, the calendar', async () => {
    await open(users.admin, 'admin');
    expect((await figure('usersWithoutRegion')).value).toBe(
      await count(
        `SELECT count(*) n FROM app_user WHERE active AND roles && ARRAY['cress','correspondant_ess']::text[] AND coalesce(array_length(regions,1),0) = 0`,
      ),
    );
    expect((await figure('importsFailed')).value).toBe(
      await count(`SELECT count(*) n FROM import_run WHERE campaign_id = $1 AND status = 'failed'`, [campaignId]),
    );
    expect(await page!.getByTestId('calendar').locator('li').count()).toBe(6);
    // the admin is no instructeur, yet sees the instruction figures (national role)
    await page!.locator('[data-section="instructeur"]').waitFor();
    // the figure opens the users list filtered on the same rows (regionMissing), not every active user
    const withoutRegion = (await figure('usersWithoutRegion')).value;
    expect(withoutRegion).toBe(1);
    await page!.locator('[data-figure="usersWithoutRegion"]').click();
    await page!.waitForURL(/#\/users\?/);
    expect(decodeURIComponent(page!.url())).toContain('"regionMissing":true');
    await page!.getByText('Sans Région').first().waitFor();
    await page!.getByText(`1-${withoutRegion} sur ${withoutRegion}`).waitFor();
  }, 180_000);
});
