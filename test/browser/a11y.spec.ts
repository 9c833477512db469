import type { Browser, Page } from 'playwright-core';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp, TestUser } from '../helpers/test-app';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string; html?: string }>;
}

/**
 * Issue 14 §5: axe-core (the bare script, injected in the page) on the main screens, as each is used: login, dashboard,
 * dossier list, dossier page, avis form, selection board. Fails on any serious or critical violation, naming it.
 */
describe('admin UI in Chromium: no serious or critical accessibility violation (axe-core)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page | undefined;
  let instructeur: TestUser;
  let cress: TestUser;
  let cabinet: TestUser;
  let campaignId: string;
  let dossierId: string;
  let avisId: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST });
    browser = await launchBrowser();
    instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Inès Instructrice' });
    cress = await t.createUser({ roles: ['cress'], regions: ['53'], fullName: 'Claire CRESS' });
    cabinet = await t.createUser({ roles: ['cabinet'], fullName: 'Camille Cabinet' });
    const auth = `Bearer ${await t.login(instructeur)}`;
    campaignId = await createCampaign(t, { name: 'AMI PTCE 2021 — accessibilité' });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 0 WHERE id = $1`, [campaignId, ['cress']]);
    const d = await createDossier(t, auth, campaignId, { projectName: 'Pôle accessible', region: '53' });
    expect((await transition(t, auth, d.id, 'ouvrir_instruction', d.version)).status).toBe(200);
    dossierId = d.id;
    [{ id: avisId }] = await t.db.query(`SELECT id FROM avis WHERE dossier_id = $1`, [d.id]);
    const other = await createDossier(t, auth, campaignId, { projectName: 'Pôle instruit', region: '53' });
    await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = $1`, [other.id]);
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  async function audit(name: string): Promise<void> {
    await page!.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations: AxeViolation[] = await page!.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: (n as unknown as { html: string }).html })),
      }));
    });
    await screenshot(page!, `a11y-${name}`);
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = blocking.map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${(n.html ?? '').slice(0, 160)}`)
          .join(' | ')}`,
    );
    expect(report).toEqual([]);
  }

  async function as(user: TestUser | null) {
    await page?.close();
    // the API's CSP (script-src 'self') would refuse the injected axe script: the test context bypasses it, the app does not
    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, bypassCSP: true });
    if (user) await loginInBrowser(page, t.url, user.email, user.password);
  }

  it('login page', async () => {
    await as(null);
    await page!.goto(`${t.url}/#/login`);
    await page!.locator('input[name="username"]').waitFor();
    await audit('login');
  }, 120_000);

  it('dashboard, dossier list and dossier page (instructeur)', async () => {
    await as(instructeur);
    await page!.goto(`${t.url}/#/`);
    await page!.locator('.recharts-surface').first().waitFor();
    await audit('dashboard');
    await page!.goto(`${t.url}/#/dossiers`);
    await page!.getByText('1-2 sur 2').waitFor();
    await page!.locator('tbody input[type="checkbox"]').first().waitFor(); // the row selection is on
    await audit('dossier-list');
    await page!.goto(`${t.url}/#/dossiers/${dossierId}/show`);
    await page!.getByRole('heading', { level: 1, name: 'Pôle accessible', exact: true }).waitFor();
    await page!.getByRole('button', { name: 'Demander des compléments' }).waitFor();
    await audit('dossier-page');
  }, 180_000);

  it('avis form (reviewer)', async () => {
    await as(cress);
    await page!.goto(`${t.url}/#/avis/${avisId}`);
    await page!.getByRole('button', { name: 'Rendre l’avis' }).waitFor();
    await audit('avis-form');
  }, 120_000);

  it('selection board (cabinet)', async () => {
    await as(cabinet);
    await page!.goto(`${t.url}/#/selection/${campaignId}/1`);
    await page!.getByText('Pôle instruit').first().waitFor();
    await audit('selection-board');
  }, 120_000);
});
