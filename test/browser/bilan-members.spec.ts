import type { Browser, Page } from 'playwright-core';
import { makeSiret } from '@ptce/domain';
import { ADMIN_DIST, launchBrowser, loginInBrowser, screenshot } from '../helpers/browser';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * The « Membres » tab of the dossier page (issue 15; seed 001: "un regroupement … de structures de l'ESS associés à
 * des entreprises industrielles et commerciales"): the instructeur fills the member list, the eligibility criterion
 * « composition du partenariat » follows.
 */
describe('admin UI in Chromium: the dossier members', () => {
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

  it('the instructeur adds an ESS structure and a company; the list and the pre-check follow', async () => {
    const instructeur = await t.createUser({ roles: ['instructeur'], fullName: 'Isabelle Instructrice' });
    const auth = `Bearer ${await t.login(instructeur)}`;
    const campaignId = await createCampaign(t);
    const d = await createDossier(t, auth, campaignId, { projectName: 'Pôle coopératif du Trégor' });

    page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1400, height: 1000 } });
    await loginInBrowser(page, t.url, instructeur.email, instructeur.password);
    await page.goto(`${t.url}/#/dossiers/${d.id}/show/membres`);
    const tab = page.getByTestId('members-tab');
    await tab.getByText('Aucun membre déclaré.').waitFor();

    await tab.getByRole('button', { name: 'Modifier la liste des membres' }).click();
    await tab.getByRole('button', { name: 'Ajouter un membre' }).click();
    await tab.getByLabel('Nom du membre 1').fill('Recyclerie du Trégor');
    await tab.getByLabel('SIRET du membre 1').fill(makeSiret('12312312', '0001'));
    await tab.getByRole('button', { name: 'Ajouter un membre' }).click();
    await tab.getByLabel('Nom du membre 2').fill('Menuiserie Le Goff');
    await tab.getByLabel('Nature du membre 2').click();
    await page.getByRole('option', { name: 'Entreprise industrielle ou commerciale' }).click();
    await tab.getByRole('button', { name: 'Enregistrer les membres' }).click();

    await tab.getByRole('cell', { name: 'Menuiserie Le Goff' }).waitFor();
    await tab.getByText('Structure de l’ESS : 1 · Entreprise industrielle ou commerciale : 1').waitFor();
    await screenshot(page, 'dossier-members');

    const members = await t.http().get(`/api/dossiers/${d.id}/members`).set('Authorization', auth);
    expect(members.body.members.map((m: { name: string; kind: string }) => [m.name, m.kind])).toEqual([
      ['Recyclerie du Trégor', 'ess'],
      ['Menuiserie Le Goff', 'entreprise'],
    ]);
    const elig = await t.http().get(`/api/dossiers/${d.id}/eligibility`).set('Authorization', auth);
    expect(elig.body.items.find((i: { code: string }) => i.code === 'composition_partenariat').auto).toBe('ok');

    // a bad SIRET is refused in French next to the field
    await tab.getByRole('button', { name: 'Modifier la liste des membres' }).click();
    await tab.getByLabel('SIRET du membre 2').fill('123');
    await tab.getByRole('button', { name: 'Enregistrer les membres' }).click();
    await tab.getByText('SIRET invalide (14 chiffres, clé de contrôle).').waitFor();
  });
});
