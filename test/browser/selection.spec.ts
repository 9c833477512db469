import type { Browser, Page } from 'playwright-core';
import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/** A rendered avis' content: every entry and marker at `score`. */
function avisContent(score: number, recommendation: string, level: string) {
  return {
    scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score, comment: `Appréciation ${c}.` }])),
    maturity: { level, markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, score])) },
    typology: { type: 'territoire', actionLogics: ['mise_en_reseau'] },
    recommendation,
    synthesis: 'Synthèse du relecteur, suffisamment longue pour être rendue.',
  };
}

/** A dossier made `instruit` (the workflow up to there is tested elsewhere) with one rendered avis per score. */
async function instruit(
  t: TestApp,
  auth: string,
  campaignId: string,
  avis: [number, string][],
  over: Record<string, unknown>,
): Promise<string> {
  const created = await createDossier(t, auth, campaignId, over);
  await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = $1`, [created.id]);
  for (const [score, recommendation] of avis) {
    const reviewer = await t.createUser({ roles: ['cress'], regions: [created.region] });
    await t.db.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role, status, content, recommendation, maturity, rendered_at)
       VALUES ($1,$2,'cress','rendu',$3,$4,'en_developpement', now())`,
      [created.id, reviewer.id, avisContent(score, recommendation, 'en_developpement'), recommendation],
    );
  }
  return created.id;
}

const spaces = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The dossiers of the board, best first: name, region, the scores of their rendered avis (and recommendations). */
const DOSSIERS: { name: string; region: string; avis: [number, string][] }[] = [
  { name: 'Pôle coopératif du Trégor', region: '53', avis: [[4, 'favorable']] },
  {
    name: 'Coopérative des monts du Lyonnais',
    region: '84',
    avis: [
      [4, 'favorable'],
      [3, 'favorable'],
    ],
  },
  { name: 'Fabrique solidaire de Montreuil', region: '11', avis: [[3, 'favorable']] },
  { name: 'Pôle ESS du Val de Rance', region: '53', avis: [[2, 'favorable_reserves']] },
  {
    name: 'Tiers-lieu du Livradois',
    region: '84',
    avis: [
      [4, 'favorable'],
      [1, 'defavorable'],
    ],
  },
  { name: 'Recyclerie de Saint-Denis', region: '11', avis: [[1, 'defavorable']] },
];
const LAUREATS = DOSSIERS.slice(0, 3).map((d) => d.name);
const OTHERS = DOSSIERS.slice(3).map((d) => d.name);
const MOTIF = 'Projet moins avancé que les lauréats retenus ; la gouvernance reste à consolider.';

/**
 * The cabinet's selection board in Chromium, on the real API: ranking, side panel with the avis synthesis, keyboard
 * selection and bulk « Retenir » with its count, the arrêt refused while dossiers are undecided (the list shown),
 * bulk « Ne pas retenir » with one motif, the arrêt, the publication, and the public page listing the lauréats.
 */
describe('admin UI in Chromium: selection board', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST });
    await t.startWorker(); // the dossier de séance is produced by the worker
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  it('the cabinet bulk-selects 3 lauréats and the rest non retenus with a motif, arrête, publishes; the public page lists the lauréats', async () => {
    const instructeur = await t.as(['instructeur']);
    const cabinet = await t.createUser({ roles: ['cabinet'], fullName: 'Camille Cabinet' });
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021' });
    const ids: Record<string, string> = {};
    for (const d of DOSSIERS)
      ids[d.name] = await instruit(t, instructeur.auth, campaignId, d.avis, { projectName: d.name, region: d.region });
    // a dossier still in instruction is not on the board
    await createDossier(t, instructeur.auth, campaignId, { projectName: 'Dossier encore en instruction' });

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1600, height: 1000 } });
    await loginInBrowser(page, t.url, cabinet.email, cabinet.password);

    // from the menu to the campaign's phase-1 board
    await page.getByRole('menuitem', { name: 'Sélection' }).click();
    await page.getByRole('heading', { name: 'Sélection des lauréats', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Tableau de sélection — phase 1' }).click();
    await page.getByRole('heading', { name: 'Sélection — phase 1 — AMI PTCE 2021', level: 1 }).waitFor();

    const board = page.getByTestId('selection-board');
    const rows = board.locator('tbody tr[data-id]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(DOSSIERS.length);
    // ranked by the server: the best mean score first
    expect(await rows.nth(0).getAttribute('data-id')).toBe(ids[DOSSIERS[0].name]);
    await expect(board.getByText('Dossier encore en instruction').count()).resolves.toBe(0);
    await page.getByTestId('region-chart').locator('svg').first().waitFor();
    // the regional balance also as a map of France (overseas regions in insets), each region titled with its figure
    await page.getByTestId('selection-map').locator('path[data-region="53"]').waitFor();
    await expect(page.getByTestId('selection-totals').locator('[data-total="undecided"] dd').textContent()).resolves.toBe('6');

    // a click shows the dossier and the synthesis of its avis in the side panel
    await board.getByText('Tiers-lieu du Livradois').click();
    const panel = page.getByTestId('selection-panel');
    await panel.getByRole('heading', { name: /Tiers-lieu du Livradois/ }).waitFor();
    await panel.getByTestId('avis-synthesis').waitFor();
    await panel.getByText('Les relecteurs divergent sur ce dossier', { exact: false }).waitFor();
    await screenshot(page, 'selection-board');

    // keyboard: the first row, then Space / ArrowDown to tick the three best
    await rows.nth(0).focus();
    await page.keyboard.press('Space');
    for (let i = 1; i < 3; i++) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
    }
    await panel.getByRole('heading', { name: new RegExp(DOSSIERS[2].name) }).waitFor();
    await page.getByRole('button', { name: 'Retenir', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Retenir 3 dossiers ?' }).waitFor();
    for (const name of LAUREATS) await dialog.getByText(name).waitFor();
    await dialog.getByRole('button', { name: 'Retenir les 3 dossiers' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('selection-totals').locator('[data-total="laureat"] dd').getByText('3', { exact: true }).waitFor();
    for (const name of LAUREATS) {
      await expect(board.locator(`tr[data-id="${ids[name]}"] [data-decision="laureat"]`).count()).resolves.toBe(1);
    }

    // the arrêt is refused while dossiers are undecided: the server's list is shown
    await page.getByRole('button', { name: 'Arrêter la sélection' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Arrêter la sélection' }).click();
    const failure = page.getByTestId('selection-failure');
    await failure.waitFor();
    expect(await failure.getAttribute('data-code')).toBe('SELECTION_INCOMPLETE');
    for (const name of OTHERS) await failure.getByRole('button', { name }).waitFor();
    await screenshot(page, 'selection-incomplete');
    expect((await t.db.query(`SELECT phase1_arrete_at FROM campaign WHERE id = $1`, [campaignId]))[0].phase1_arrete_at).toBeNull();

    // the undecided ones: filter, tick them all, « Ne pas retenir » with one motif
    await page.getByLabel('Décision', { exact: true }).click();
    await page.getByRole('option', { name: 'À décider' }).click();
    await page.getByText('3 dossier(s) affiché(s) sur 6.', { exact: false }).waitFor();
    await board.locator('thead input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Ne pas retenir', exact: true }).click();
    await dialog.getByRole('heading', { name: 'Ne pas retenir 3 dossiers ?' }).waitFor();
    await dialog.getByRole('textbox', { name: /Motif commun/ }).fill(MOTIF);
    await dialog.getByRole('button', { name: 'Ne pas retenir les 3 dossiers' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('selection-totals').locator('[data-total="non_retenu"] dd').getByText('3', { exact: true }).waitFor();
    await page.getByTestId('selection-totals').locator('[data-total="undecided"] dd').getByText('0', { exact: true }).waitFor();

    const decided: { project_name: string; state: string; decision_motif: string | null }[] = await t.db.query(
      `SELECT project_name, state, decision_motif FROM dossier WHERE campaign_id = $1 AND state IN ('laureat','non_retenu')`,
      [campaignId],
    );
    expect(
      decided
        .filter((r) => r.state === 'laureat')
        .map((r) => r.project_name)
        .sort(),
    ).toEqual([...LAUREATS].sort());
    expect(
      decided
        .filter((r) => r.state === 'non_retenu')
        .map((r) => r.project_name)
        .sort(),
    ).toEqual([...OTHERS].sort());
    expect([...new Set(decided.filter((r) => r.state === 'non_retenu').map((r) => r.decision_motif))]).toEqual([MOTIF]);

    // the arrêt
    await page.getByRole('button', { name: 'Arrêter la sélection' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Arrêter la sélection de la phase 1 ?' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Arrêter la sélection' }).click();
    await page
      .getByTestId('selection-status')
      .getByText(/Sélection arrêtée le/)
      .waitFor();
    expect((await t.db.query(`SELECT phase1_arrete_at FROM campaign WHERE id = $1`, [campaignId]))[0].phase1_arrete_at).not.toBeNull();
    // the arrêté's annex, downloaded with the session's token
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Liste des lauréats \(annexe de l’arrêté, PDF\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('laureats-phase-1.pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream()) as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the dossier de séance is a job: progress while the worker writes it, then a download link
    await page.getByRole('button', { name: 'Dossier de séance (PDF)' }).click();
    const seanceButton = page.getByRole('button', { name: /Dossier de séance \(PDF\) — télécharger/ });
    await seanceButton.waitFor({ timeout: 60000 });
    const [seance] = await Promise.all([page.waitForEvent('download'), seanceButton.click()]);
    expect(seance.suggestedFilename()).toBe('dossier-de-seance-phase-1.pdf');
    // decisions are no longer offered once arrêtée (every row shown again first)
    await page.getByLabel('Décision', { exact: true }).click();
    await page.getByRole('option', { name: 'Toutes' }).click();
    await page.getByText('6 dossier(s) affiché(s) sur 6.', { exact: false }).waitFor();
    await rows.nth(0).focus();
    await page.keyboard.press('Space');
    await page.getByText('1 sélectionné', { exact: true }).waitFor();
    await expect(page.getByRole('button', { name: 'Retenir', exact: true }).count()).resolves.toBe(0);
    await page.keyboard.press('Space');

    // the publication, then the public page (no login)
    await page.getByRole('button', { name: 'Publier la liste des lauréats' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publier' }).click();
    const publicLink = page.getByRole('link', { name: /Page publique des lauréats/ });
    await publicLink.waitFor();
    await page
      .getByTestId('selection-status')
      .getByText(/Liste publiée le/)
      .waitFor();
    await screenshot(page, 'selection-published');
    const href = await publicLink.getAttribute('href');
    expect(href).toBe(`/public/campaigns/${campaignId}/laureats?phase=1`);

    const visitor = await browser.newPage({ locale: 'fr-FR' });
    try {
      const res = await visitor.goto(`${t.url}${href}`);
      expect(res?.status()).toBe(200);
      await visitor.getByRole('heading', { level: 1 }).waitFor();
      for (const name of LAUREATS) await visitor.getByText(name).first().waitFor();
      const text = await visitor.locator('body').innerText();
      for (const name of OTHERS) expect(text).not.toContain(name);
      expect(text).not.toContain('@');
      await screenshot(visitor, 'selection-public-page');
    } finally {
      await visitor.close();
    }

    // an instructeur invites the lauréats to phase 2 from the same board (bulk)
    const other = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1600, height: 1000 } });
    try {
      const instr = await t.createUser({ roles: ['instructeur'] });
      await loginInBrowser(other, t.url, instr.email, instr.password);
      await other.goto(`${t.url}/#/selection/${campaignId}/1`);
      await other.getByRole('heading', { name: 'Sélection — phase 1 — AMI PTCE 2021', level: 1 }).waitFor();
      await other.getByTestId('selection-status').waitFor();
      await expect(other.getByRole('button', { name: 'Arrêter la sélection' }).count()).resolves.toBe(0);
      await other.getByLabel('Décision', { exact: true }).click();
      await other.getByRole('option', { name: 'Lauréats' }).click();
      await other.getByText('3 dossier(s) affiché(s) sur 6.', { exact: false }).waitFor();
      await other.getByTestId('selection-board').locator('thead input[type="checkbox"]').check();
      await other.getByRole('button', { name: 'Inviter en phase 2' }).waitFor();
      await expect(other.getByRole('button', { name: 'Retenir', exact: true }).count()).resolves.toBe(0);
      await other.getByRole('button', { name: 'Inviter en phase 2' }).click();
      await other.getByRole('dialog').getByRole('heading', { name: 'Inviter 3 dossiers en phase 2 ?' }).waitFor();
      await other.getByRole('dialog').getByRole('button', { name: 'Inviter' }).click();
      await other.getByText(/3 dossier\(s\) invité\(s\) en phase 2/).waitFor();
      const invited = await t.db.query(`SELECT project_name FROM dossier WHERE campaign_id = $1 AND invited_to_phase2_at IS NOT NULL`, [
        campaignId,
      ]);
      expect(invited.map((r: { project_name: string }) => r.project_name).sort()).toEqual([...LAUREATS].sort());
    } finally {
      await other.close();
    }
  }, 180_000); // a long journey on a shared machine

  it('phase 2: amounts typed per row, the envelope refused over its total (the server’s message), then the tracker', async () => {
    const instructeur = await t.as(['instructeur']);
    const cabinet = await t.createUser({ roles: ['cabinet'] });
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2022', envelopeCents: 10_000_000 }); // 100 000 €
    const names = ['Pôle alimentaire du Diois', 'Coopérative de mobilité du Vercors'];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const parent = await instruit(t, instructeur.auth, campaignId, [[3, 'favorable']], {
        projectName: `${name} (phase 1)`,
        region: '84',
      });
      ids.push(
        await instruit(t, instructeur.auth, campaignId, [[4 - i, 'favorable']], {
          projectName: name,
          region: '84',
          phase: 2,
          parentDossierId: parent,
          amountRequestedCents: 6_000_000, // 60 000 € each
        }),
      );
    }

    const p = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1600, height: 1000 } });
    try {
      await loginInBrowser(p, t.url, cabinet.email, cabinet.password);
      await p.goto(`${t.url}/#/selection/${campaignId}/2`);
      await p.getByRole('heading', { name: 'Sélection — phase 2 — AMI PTCE 2022', level: 1 }).waitFor();
      const tracker = p.getByTestId('envelope-tracker');
      await tracker.waitFor();
      expect(spaces(await tracker.innerText())).toContain('0 € attribués sur 100 000 € — reste 100 000 €');
      const board = p.getByTestId('selection-board');
      await expect(board.locator('tbody tr[data-id]').count()).resolves.toBe(2);

      // 60 000 + 60 000 € > 100 000 €: the server refuses the whole batch, saying by how much
      await p.getByRole('textbox', { name: `Montant accordé (euros) pour ${names[0]}` }).fill('60 000');
      await p.getByRole('textbox', { name: `Montant accordé (euros) pour ${names[1]}` }).fill('60 000');
      await board.locator('thead input[type="checkbox"]').check();
      await p.getByRole('button', { name: 'Retenir', exact: true }).click();
      const dialog = p.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Retenir 2 dossiers ?' }).waitFor();
      expect(spaces(await dialog.getByRole('list', { name: 'Dossiers concernés' }).innerText())).toContain(`${names[0]} — 60 000 €`);
      await dialog.getByRole('button', { name: 'Retenir les 2 dossiers' }).click();
      const failure = dialog.getByTestId('selection-failure');
      await failure.waitFor();
      expect(await failure.getAttribute('data-code')).toBe('ENVELOPE_EXCEEDED');
      await screenshot(p, 'selection-envelope-exceeded');
      await expect(
        t.db.query(`SELECT count(*)::int AS n FROM dossier WHERE id = ANY($1::uuid[]) AND state = 'laureat'`, [ids]),
      ).resolves.toEqual([{ n: 0 }]);
      await dialog.getByRole('button', { name: 'Annuler' }).click();
      await dialog.waitFor({ state: 'detached' });

      // 60 000 + 40 000 €: accepted; the tracker shows the envelope used up
      await p.getByRole('textbox', { name: `Montant accordé (euros) pour ${names[1]}` }).fill('40 000');
      await p.getByRole('button', { name: 'Retenir', exact: true }).click();
      await dialog.getByRole('button', { name: 'Retenir les 2 dossiers' }).click();
      await dialog.waitFor({ state: 'detached' });
      await tracker.getByText(/100\s000\s€ attribués sur 100\s000\s€/).waitFor();
      expect(spaces(await tracker.innerText())).toContain('reste 0 €');
      const rows = await t.db.query(`SELECT project_name, state, decision_amount_cents FROM dossier WHERE id = ANY($1::uuid[])`, [ids]);
      expect(
        Object.fromEntries(
          rows.map((r: { project_name: string; decision_amount_cents: string }) => [r.project_name, Number(r.decision_amount_cents)]),
        ),
      ).toEqual({
        [names[0]]: 6_000_000,
        [names[1]]: 4_000_000,
      });
      await screenshot(p, 'selection-phase2');

      // the cabinet arrête phase 2; an admin re-opens it with a motif (journaled by the server)
      await p.getByRole('button', { name: 'Arrêter la sélection' }).click();
      await p.getByRole('dialog').getByRole('button', { name: 'Arrêter la sélection' }).click();
      await p
        .getByTestId('selection-status')
        .getByText(/Sélection arrêtée le/)
        .waitFor();
      const admin = await t.createUser({ roles: ['admin'] });
      const a = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1600, height: 1000 } });
      try {
        await loginInBrowser(a, t.url, admin.email, admin.password);
        await a.goto(`${t.url}/#/selection/${campaignId}/2`);
        await a.getByRole('button', { name: 'Rouvrir la sélection' }).click();
        const reopen = a.getByRole('dialog');
        await reopen.getByRole('textbox', { name: /Motif de la réouverture/ }).fill('Erreur de montant signalée par la région.');
        await reopen.getByRole('button', { name: 'Rouvrir la sélection' }).click();
        await a
          .getByTestId('selection-status')
          .getByText(/Sélection non arrêtée/)
          .waitFor();
        expect((await t.db.query(`SELECT phase2_arrete_at FROM campaign WHERE id = $1`, [campaignId]))[0].phase2_arrete_at).toBeNull();
      } finally {
        await a.close();
      }
    } finally {
      await p.close();
    }
  }, 180_000); // a long journey on a shared machine
});
