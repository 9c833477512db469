import type { Browser, Page } from 'playwright-core';
import { AVIS_ENTRY_CODES, makeSiret, MATURITY_MARKER_CODES } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/** Scores the CRESS gives, entry by entry (grid order), and the six maturity markers. */
const SCORES = [3, 4, 2, 3, 4, 3, 2, 3, 4];
const MARKERS = [3, 3, 2, 4, 3, 2];
const SYNTHESIS = 'Un pôle bien ancré dans le pays de Morlaix, à la gouvernance partagée ; le financement reste à consolider avant 2023.';

/** The keyboard focus is on a radio of a score group: picks `score` (Space on the first choice, then arrows). */
async function pickScore(page: Page, score: number) {
  await page.keyboard.press('Space');
  for (let i = 1; i < score; i++) await page.keyboard.press('ArrowRight');
}

async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? '',
      type: (el as HTMLInputElement | null)?.type ?? '',
      field: el?.closest('[data-field]')?.getAttribute('data-field') ?? '',
    };
  });
}

describe('admin UI in Chromium: avis', () => {
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

  it('a CRESS reviewer of region 53 fills the grid (keyboard), sees the autosave and renders the avis; the instructeur sees the synthesis and assigns an expert', async () => {
    const instructeur = await t.as(['instructeur'], [], { fullName: 'Isabelle Instructrice' });
    const cress = await t.createUser({
      roles: ['cress'],
      regions: ['53'],
      fullName: 'Yann Le Gall',
      email: 'cress.bretagne@test.example.org',
    });
    const correspondant = await t.as(['correspondant_ess'], ['53'], { fullName: 'Morgane Correspondante' });
    const structureSiret = makeSiret('41234567', '0001');
    await t.createUser({ roles: ['expert'], regions: ['53'], fullName: 'Erwan Expert', organisationSiret: makeSiret('41234567', '0099') }); // same SIREN: conflict
    await t.createUser({ roles: ['expert'], regions: ['53'], fullName: 'Solène Experte' });

    const campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET required_avis_roles = ARRAY['correspondant_ess','cress'] WHERE id = $1`, [campaignId]);
    const created = await createDossier(t, instructeur.auth, campaignId, {
      region: '53',
      projectName: 'Pôle de coopération du pays de Morlaix',
      structure: { siret: structureSiret, name: 'Association Morlaix Coopère', legalFormCode: '9220', esus: false },
    });
    const opened = await transition(t, instructeur.auth, created.id, 'ouvrir_instruction', created.version);
    expect(opened.status).toBe(200);
    const [mine] = await t.db.query(`SELECT id, status FROM avis WHERE dossier_id = $1 AND reviewer_id = $2`, [created.id, cress.id]);
    expect(mine).toMatchObject({ status: 'a_rediger' });

    // ---- the CRESS reviewer: inbox « Mes avis », then the form
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await loginInBrowser(page, t.url, cress.email, cress.password);
    await page.getByRole('menuitem', { name: 'Mes avis' }).click();
    const link = page.getByRole('link', { name: 'Pôle de coopération du pays de Morlaix' });
    await link.waitFor();
    await page.getByText('Bretagne').first().waitFor();
    await screenshot(page, 'avis-inbox');
    await link.click();
    await page.waitForURL((u) => u.hash === `#/avis/${mine.id}`);
    await page.getByRole('heading', { name: 'Dossier de candidature' }).waitFor();
    // the dossier beside the grid, with its sections under their labels
    await page.getByRole('complementary').getByRole('heading', { name: 'Mode de gouvernance', level: 3, exact: true }).waitFor();
    await page.getByText('La gouvernance est démocratique').waitFor();
    await screenshot(page, 'avis-form-empty');

    // Entry 1 with the mouse; the guiding questions open under the entry.
    const first = page.locator('[data-entry="structure_porteuse"]');
    await first.getByRole('button', { name: /questions à se poser/i }).click();
    await first.getByText('Questions à se poser', { exact: true }).waitFor();
    // beside the questions, the AMI's own criteria under an entry (served by the grid)
    const second = page.locator('[data-entry="objectifs_vision"]');
    await second.getByRole('button', { name: /critères de l’AMI/ }).click();
    await second
      .getByTestId('ami-criteria')
      .getByText(/Valeur ajoutée des actions du PTCE/)
      .waitFor();
    await first.getByRole('radio', { name: /^3 — / }).check();
    await first.getByRole('textbox', { name: /Commentaire/ }).fill('Structure expérimentée, déjà porteuse de coopérations locales.');

    // The autosave: a draft with the first entry, saved on the server.
    await page
      .getByTestId('autosave-status')
      .getByText(/Brouillon enregistré à \d{2}:\d{2}/)
      .waitFor({ timeout: 10000 });
    const [draft] = await t.db.query(`SELECT status, content FROM avis WHERE id = $1`, [mine.id]);
    expect(draft.status).toBe('brouillon');
    expect(draft.content.scores.structure_porteuse).toEqual({
      score: 3,
      comment: 'Structure expérimentée, déjà porteuse de coopérations locales.',
    });

    // Rendering now: the server lists what is missing; each item takes the focus to its field.
    await page.getByRole('button', { name: 'Rendre l’avis' }).click();
    const summary = page.getByTestId('avis-error-summary');
    await summary.waitFor();
    expect(await summary.getAttribute('data-code')).toBe('AVIS_INCOMPLETE');
    await summary.getByRole('button', { name: 'Commentaire manquant pour « Mode de gouvernance ».' }).waitFor();
    await screenshot(page, 'avis-incomplete');
    await summary.getByRole('button', { name: 'Note manquante pour « Objectifs et vision stratégique ».' }).click();
    expect(await focused(page)).toEqual({ tag: 'INPUT', type: 'radio', field: 'scores.objectifs_vision.score' });

    // Entries 2..9 with the keyboard only: score (Space + arrows), Tab to the comment, Tab past the next help button.
    for (let i = 1; i < AVIS_ENTRY_CODES.length; i++) {
      const code = AVIS_ENTRY_CODES[i];
      expect((await focused(page)).field).toBe(`scores.${code}.score`);
      await pickScore(page, SCORES[i]);
      if (i === 2) await screenshot(page, 'avis-keyboard-focus'); // the focus ring on the chosen score
      await page.keyboard.press('Tab'); // « La réponse porte sur » (Réalisé / Prévu), left unanswered
      expect(await focused(page)).toMatchObject({ type: 'radio', field: `scores.${code}.horizon` });
      await page.keyboard.press('Tab');
      // Chromium stops on each radio of a group where none is checked (here two: Réalisé, Prévu)
      if ((await focused(page)).field === `scores.${code}.horizon`) await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ tag: 'TEXTAREA', field: `scores.${code}.comment` });
      await page.keyboard.type(`Appréciation de la CRESS sur ${code}.`);
      await page.keyboard.press('Tab'); // the next entry's help button (or the maturity level group after the last entry)
      if (i < AVIS_ENTRY_CODES.length - 1) {
        if (i === 3) {
          // open this entry's help from the keyboard
          await page.keyboard.press('Enter');
          await page
            .locator(`[data-entry="${AVIS_ENTRY_CODES[i + 1]}"]`)
            .getByText('Exemples et précisions')
            .waitFor();
        }
        await page.keyboard.press('Tab');
      }
    }
    // maturity level: « En développement » (the second choice)
    expect((await focused(page)).field).toBe('maturity.level');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    for (let m = 0; m < MATURITY_MARKER_CODES.length; m++) {
      await page.keyboard.press('Tab');
      expect((await focused(page)).field).toBe(`maturity.markers.${MATURITY_MARKER_CODES[m]}`);
      await pickScore(page, MARKERS[m]);
    }
    await page.keyboard.press('Tab');
    expect((await focused(page)).field).toBe('typology.type');
    await page.keyboard.press('Space'); // PTCE de territoire
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ type: 'checkbox', field: 'typology.actionLogics' });
    await page.keyboard.press('Space'); // mise en réseau
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // ingénierie et développement de projets
    await page.keyboard.press('Tab');
    expect((await focused(page)).field).toBe('recommendation');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight'); // favorable avec réserves
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'TEXTAREA', field: 'synthesis' });
    await page.keyboard.type(SYNTHESIS);

    // « Financement prévisionnel » is about what is planned (seed 000: questions may be asked in the future tense)
    await page
      .locator('[data-entry="financement"]')
      .getByRole('radiogroup', { name: /La réponse porte sur — Financement prévisionnel/ })
      .getByRole('radio', { name: 'Prévu' })
      .check();

    // what the keyboard chose is what the form shows
    await expect(
      page
        .getByRole('radiogroup', { name: /Note — Financement prévisionnel/ })
        .getByRole('radio', { name: /^4 — / })
        .isChecked(),
    ).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: /En développement/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: 'Favorable avec réserves' }).isChecked()).resolves.toBe(true);
    await page
      .getByTestId('autosave-status')
      .getByText(/Brouillon enregistré à \d{2}:\d{2}/)
      .waitFor({ timeout: 10000 });
    // everything the server listed was completed: its list is gone
    await expect(page.getByTestId('avis-error-summary').count()).resolves.toBe(0);
    await screenshot(page, 'avis-form-filled');

    // Render: a complete avis asks for a confirmation (issue 14), then the form gives way to the read-only avis.
    await page.getByRole('button', { name: 'Rendre l’avis' }).click();
    await page.getByRole('button', { name: 'Confirmer et rendre l’avis' }).click();
    await page.getByTestId('avis-rendered').waitFor();
    await expect(page.getByRole('button', { name: 'Rendre l’avis' }).count()).resolves.toBe(0);
    await screenshot(page, 'avis-rendered');

    const [row] = await t.db.query(`SELECT status, rendered_at, recommendation, maturity, content FROM avis WHERE id = $1`, [mine.id]);
    expect(row.status).toBe('rendu');
    expect(row.rendered_at).not.toBeNull();
    expect(row.recommendation).toBe('favorable_reserves');
    expect(row.maturity).toBe('en_developpement');
    expect(Object.fromEntries(Object.entries(row.content.scores).map(([k, v]) => [k, (v as { score: number }).score]))).toEqual(
      Object.fromEntries(AVIS_ENTRY_CODES.map((c, i) => [c, SCORES[i]])),
    );
    expect(row.content.scores.gouvernance.comment).toBe('Appréciation de la CRESS sur gouvernance.');
    expect(row.content.maturity.markers).toEqual(Object.fromEntries(MATURITY_MARKER_CODES.map((c, i) => [c, MARKERS[i]])));
    expect(row.content.typology).toEqual({ type: 'territoire', actionLogics: ['mise_en_reseau', 'ingenierie_developpement'] });
    expect(row.content.synthesis).toBe(SYNTHESIS);
    // the answer horizon chosen on one entry is saved with the rest, and only there
    expect(row.content.scores.financement.horizon).toBe('prevu');
    expect(Object.entries(row.content.scores).filter(([, v]) => (v as { horizon?: string }).horizon)).toHaveLength(1);
    // and shown in the rendered (read-only) avis
    await page.locator('[data-entry="financement"] [data-horizon="prevu"]').getByText('Prévu').waitFor();
    await expect(page.locator('[data-entry="gouvernance"] [data-horizon]').count()).resolves.toBe(0);

    // ---- the State's correspondent renders a diverging avis (API), then the instructeur opens the Avis tab
    const [other] = (
      await t
        .http()
        .get('/api/avis')
        .query({ filter: JSON.stringify({ dossierId: created.id, mine: true }) })
        .set('Authorization', correspondant.auth)
    ).body;
    const rendered = await t
      .http()
      .post(`/api/avis/${other.id}/submit`)
      .set('Authorization', correspondant.auth)
      .send({
        expectedVersion: other.version,
        content: {
          scores: Object.fromEntries(
            AVIS_ENTRY_CODES.map((c) => [c, { score: c === 'financement' ? 1 : 3, comment: 'Avis du correspondant.' }]),
          ),
          maturity: { level: 'emergent', markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, 2])) },
          typology: { type: 'territoire', actionLogics: [] },
          recommendation: 'favorable',
          synthesis: 'Projet pertinent ; le plan de financement doit être sécurisé avant toute montée en charge.',
        },
      });
    expect(rendered.status).toBe(200);

    const staff = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
    await loginInBrowser(staff, t.url, instructeur.email, instructeur.password);
    await staff.goto(`${t.url}/#/dossiers/${created.id}/show/avis`);
    const synthesis = staff.getByTestId('avis-synthesis');
    await synthesis.waitFor();
    await synthesis.getByRole('columnheader', { name: /Yann Le Gall/ }).waitFor();
    const financement = synthesis.locator('tr[data-entry="financement"]');
    await expect(financement.getAttribute('data-divergent')).resolves.toBe('true');
    await financement.getByText('Divergence').waitFor();
    await screenshot(staff, 'avis-synthesis');

    // Assignment: an expert whose organisation shares the structure's SIREN needs a written override reason.
    await staff.getByRole('button', { name: 'Affecter un relecteur' }).click();
    const dialog = staff.getByRole('dialog', { name: 'Affecter un relecteur' });
    await dialog.getByRole('radio', { name: 'Expert régional' }).check();
    const erwan = dialog.getByRole('radio', { name: /Erwan Expert/ });
    await erwan.waitFor();
    await dialog
      .getByText(/Charge : 0 avis en cours/)
      .first()
      .waitFor();
    await erwan.check();
    await dialog.getByRole('button', { name: 'Affecter' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.getByText(/Conflit d’intérêts/).waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('CONFLICT_OF_INTEREST');
    await screenshot(staff, 'avis-assignment-conflict');
    await dialog
      .getByRole('textbox', { name: /Motif pour passer outre/ })
      .fill('Seul expert de la filière réemploi en Bretagne ; lien ancien et sans enjeu.');
    await dialog.getByRole('button', { name: 'Affecter' }).click();
    await dialog.waitFor({ state: 'detached' });
    await staff.getByTestId('dossier-avis-list').getByRole('rowheader', { name: 'Erwan Expert' }).waitFor();
    await screenshot(staff, 'avis-dossier-tab');
    const [expertAvis] = await t.db.query(
      `SELECT a.role, a.status, a.assignment_override_reason FROM avis a JOIN app_user u ON u.id = a.reviewer_id WHERE a.dossier_id = $1 AND u.full_name = 'Erwan Expert'`,
      [created.id],
    );
    expect(expertAvis).toEqual({
      role: 'expert',
      status: 'a_rediger',
      assignment_override_reason: 'Seul expert de la filière réemploi en Bretagne ; lien ancien et sans enjeu.',
    });
  });
});
