import type { Browser, Page } from 'playwright-core';
import { defaultComplementsDueDay } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * The instructeur's eligibility step in the admin UI (Chromium against the real API and database): the checklist of
 * GET /api/dossiers/:id/eligibility resolved in the Éligibilité tab (one override with a written justification; the
 * server's per-criterion message when it is missing), then the « Déclarer éligible » action button, which only the
 * server offers and decides.
 */
describe('admin UI in Chromium: dossier eligibility', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_DIST });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  it('an instructeur resolves the checklist, overriding one criterion with a justification, and declares the dossier eligible', async () => {
    const instructeur = await t.createUser({
      roles: ['instructeur'],
      fullName: 'Isabelle Instructrice',
      email: 'instructrice@test.example.org',
    });
    const auth = `Bearer ${await t.login(instructeur)}`;
    const campaignId = await createCampaign(t, { name: 'AMI PTCE 2021 — relance des PTCE' });
    await t.db.query(`UPDATE campaign SET complements_delay_days = 10 WHERE id = $1`, [campaignId]);
    // a SCIC constituted as an SAS (INSEE 5710: the pre-check cannot tell, « à vérifier ») whose statuts are not
    // attached (automatic « non satisfait »: the instructeur received them by email and overrides)
    let d = await createDossier(t, auth, campaignId, {
      projectName: 'Pôle Sud Archer',
      structure: { siret: null, name: 'SCIC Pôle Sud Archer', legalFormCode: '5710', esus: false },
      attachments: [],
    });
    d = (await transition(t, auth, d.id, 'ouvrir_instruction', d.version)).body;
    expect(d).toMatchObject({ state: 'en_instruction', eligibility: 'a_verifier' });

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, timezoneId: 'America/Cayenne' });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers/${d.id}/show`);
    const header = page.locator('header', { has: page.getByRole('heading', { level: 1, name: 'Pôle Sud Archer', exact: true }) });
    await header.locator('[data-state="en_instruction"]').waitFor();
    await screenshot(page, 'dossier-show');

    // « Déclarer éligible » is not offered while the checklist is not resolved (the server says so)
    await page.getByRole('button', { name: 'Demander des compléments' }).waitFor();
    expect(await page.getByRole('button', { name: 'Déclarer éligible', exact: true }).count()).toBe(0);

    // a complements request proposes the campaign's own delay (10 days here), as a Paris day whatever the browser's zone
    await page.getByRole('button', { name: 'Demander des compléments' }).click();
    const complements = page.getByRole('dialog');
    await complements.getByText('proposé : 10 jours').waitFor();
    expect(await complements.getByLabel('Date limite de réponse').inputValue()).toBe(defaultComplementsDueDay(new Date(), 10));
    await complements.getByRole('button', { name: 'Annuler' }).click();
    await complements.waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: 'Éligibilité' }).click();
    const criterion = (code: string) => page.locator(`[data-criterion="${code}"]`);
    await criterion('forme_juridique').locator('[data-auto="a_verifier"]').waitFor();
    await criterion('statuts').locator('[data-auto="ko"]').waitFor();
    const codes = await page.locator('[data-criterion]').evaluateAll((els) => els.map((e) => e.getAttribute('data-criterion')));
    expect(codes).toEqual([
      'forme_juridique',
      'statuts',
      'gouvernance_democratique',
      'composition_partenariat',
      'dossier_complet',
      'depot_dans_les_delais',
    ]);

    // every criterion « Satisfait », first without any justification: the server refuses the override and the
    // undecided one, and its message shows under each of these two criteria
    for (const code of codes) await criterion(code!).getByRole('radio', { name: 'Satisfait', exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer les décisions d’éligibilité' }).click();
    await criterion('statuts').getByText('Une justification écrite est obligatoire pour s’écarter du résultat automatique.').waitFor();
    await criterion('forme_juridique').getByText('Une justification écrite est obligatoire pour trancher un critère à vérifier.').waitFor();
    await page.getByText('Les décisions n’ont pas été enregistrées').waitFor();
    await screenshot(page, 'dossier-eligibility-errors');
    const [unsaved] = await t.db.query(`SELECT eligibility_decisions FROM dossier WHERE id = $1`, [d.id]);
    expect(unsaved.eligibility_decisions).toEqual({});

    await criterion('forme_juridique')
      .getByLabel(/Justification/)
      .fill('SCIC constituée en SAS : le caractère coopératif ressort des statuts (article 1er).');
    await criterion('statuts')
      .getByLabel(/Justification/)
      .fill('Statuts signés transmis par courriel le 25 juin 2021 et versés au dossier.');
    // no member list yet: « composition du partenariat » is to be judged from the « Acteurs impliqués » section (issue 15)
    await criterion('composition_partenariat')
      .getByLabel(/Justification/)
      .fill('Trois associations d’insertion, deux SCOP et des entreprises locales décrites dans les acteurs impliqués.');
    await page.getByRole('button', { name: 'Enregistrer les décisions d’éligibilité' }).click();
    await page.getByText('Tous les critères sont tranchés et satisfaits.').waitFor();
    await criterion('statuts').getByText('Écart au résultat automatique').waitFor();

    // the server now offers « Déclarer éligible »: the dialog waits for it, then the page shows the new eligibility
    // (with the keyboard: the button, then the dialog's confirmation)
    const declare = page.getByRole('button', { name: 'Déclarer éligible', exact: true });
    await declare.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Déclarer éligible' });
    await dialog.waitFor();
    await page.keyboard.press('Tab'); // Annuler
    await page.keyboard.press('Tab'); // Confirmer
    await expect(
      dialog.getByRole('button', { name: 'Confirmer : Déclarer éligible' }).evaluate((b) => b === document.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await header.locator('[data-eligibility="eligible"]').waitFor();
    await header.locator('[data-state="en_instruction"]').waitFor();
    expect(await header.getByText('Éligible', { exact: true }).count()).toBe(1);
    await page.getByText('Tous les critères sont tranchés et satisfaits.').waitFor();
    await screenshot(page, 'dossier-eligibility');

    // saved on the server: eligibility, each decision with its justification, the journal
    const [row] = await t.db.query(`SELECT state, eligibility, eligibility_decisions AS decisions, version FROM dossier WHERE id = $1`, [
      d.id,
    ]);
    expect(row).toMatchObject({ state: 'en_instruction', eligibility: 'eligible' });
    expect(row.decisions.statuts).toMatchObject({
      status: 'ok',
      reason: 'Statuts signés transmis par courriel le 25 juin 2021 et versés au dossier.',
      by: instructeur.id,
    });
    expect(row.decisions.forme_juridique).toMatchObject({ status: 'ok', reason: expect.stringMatching(/^SCIC constituée en SAS/) });
    expect(row.decisions.gouvernance_democratique).toMatchObject({ status: 'ok', reason: null });
    const journal = await t.db.query(
      `SELECT action, actor_id FROM dossier_journal WHERE dossier_id = $1 AND action IN ('modifier_eligibilite', 'declarer_eligible') ORDER BY id`,
      [d.id],
    );
    expect(journal).toEqual([
      { action: 'modifier_eligibilite', actor_id: instructeur.id },
      { action: 'declarer_eligible', actor_id: instructeur.id },
    ]);

    // the journal tab shows it, in Paris time, with the actor's name and role
    await page.getByRole('tab', { name: 'Journal' }).click();
    const entry = page.locator('[data-journal-action="declarer_eligible"]');
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Isabelle Instructrice, Instructeur \(ministère\).*Déclarer éligible/);
    // the tab indicator's slide over (a condition, not a delay)
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await screenshot(page, 'dossier-journal');
  });
});
