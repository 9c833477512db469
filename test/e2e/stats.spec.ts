// The bilan of a campaign's phase (issue 15; seed 004 is such a bilan: counts by region, by stage, by legal form).
import ExcelJS from 'exceljs';
import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from '@ptce/domain';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>>;

function content(level: string, typology: string) {
  return {
    scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score: 3, comment: 'ok' }])),
    maturity: { level, markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, 3])) },
    typology: { type: typology, actionLogics: [] },
    recommendation: 'favorable',
    synthesis: 'Synthèse.',
  };
}

describe('GET /api/campaigns/:id/stats (real PostgreSQL)', () => {
  let t: TestApp;
  let instructeur: Who;
  let cabinet: Who;
  let cress: Who;
  let campaignId: string;

  async function dossier(
    region: string,
    state: string,
    eligibility: string,
    opts: { legalFormCode?: string; characterisation?: object; requested?: number; decided?: number; phase?: number } = {},
  ) {
    const d = await createDossier(t, instructeur.auth, campaignId, {
      region,
      structure: { siret: null, name: `Structure ${region} ${state}`, legalFormCode: opts.legalFormCode ?? '9220', esus: false },
    });
    await t.db.query(
      `UPDATE dossier SET state = $2, eligibility = $3, characterisation = $4, amount_requested_cents = $5,
              decision_amount_cents = $6, phase = $7 WHERE id = $1`,
      [d.id, state, eligibility, opts.characterisation ?? {}, opts.requested ?? null, opts.decided ?? null, opts.phase ?? 1],
    );
    return d.id as string;
  }
  async function avis(dossierId: string, role: string, level: string, typology: string, days: number, status = 'rendu') {
    const reviewer = await t.createUser({ roles: [role as never], regions: ['53', '84', '11'] });
    await t.db.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role, status, content, recommendation, maturity, created_at, rendered_at)
       VALUES ($1,$2,$3,$4,$5,'favorable',$6, timestamptz '2021-06-25T10:00:00Z', timestamptz '2021-06-25T10:00:00Z' + make_interval(days => $7))`,
      [dossierId, reviewer.id, role, status, content(level, typology), level, days],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    cabinet = await t.as(['cabinet']);
    cress = await t.as(['cress'], ['53']);
    campaignId = await createCampaign(t, { envelopeCents: 10_000_000 });
    // Bretagne: 3 dossiers (one lauréat, one instruit, one inéligible public body).
    const a = await dossier('53', 'laureat', 'eligible', {
      characterisation: { stage: 'amorce', sector: ['environnement', 'social'], fragileTerritory: ['propice_cooperation'] },
    });
    const b = await dossier('53', 'instruit', 'eligible', {
      characterisation: { stage: 'amorce', sector: ['social'] },
      legalFormCode: '5458',
    });
    await dossier('53', 'ineligible', 'ineligible', { legalFormCode: '7210' });
    // Auvergne-Rhône-Alpes: 2 (one lauréat, one en instruction); La Réunion: 1 déposé.
    const c = await dossier('84', 'laureat', 'eligible', { characterisation: { stage: 'developpement' }, legalFormCode: '5710' });
    await dossier('84', 'en_instruction', 'a_verifier');
    await dossier('04', 'depose', 'a_verifier');
    // A phase-2 dossier does not count in phase 1.
    await dossier('11', 'laureat', 'eligible', { phase: 2, requested: 5_000_000, decided: 4_000_000 });

    // Avis: a = emergent ×2 (territoire), b = historique ×2 + emergent (filière), c = tie (non classé).
    await avis(a, 'cress', 'emergent', 'territoire', 4);
    await avis(a, 'correspondant_ess', 'emergent', 'territoire', 10);
    await avis(b, 'cress', 'historique', 'filiere', 2);
    await avis(b, 'compagnon', 'historique', 'filiere', 6);
    await avis(b, 'correspondant_ess', 'emergent', 'filiere', 8);
    await avis(c, 'cress', 'emergent', 'territoire', 1);
    await avis(c, 'expert', 'en_developpement', 'filiere', 3);
    await avis(c, 'compagnon', 'historique', 'territoire', 20, 'brouillon'); // not rendered: ignored

    await t.db.query(
      `INSERT INTO dossier_member (dossier_id, position, name, kind) VALUES ($1, 1, 'Coop', 'ess'), ($1, 2, 'Usine', 'entreprise'), ($2, 1, 'Labo', 'recherche')`,
      [a, b],
    );
  });
  afterAll(async () => t?.close());

  it('counts exactly: states, eligibility rate, regions, legal categories, maturity, typology, characterisation, turnaround', async () => {
    const res = await t.http().get(`/api/campaigns/${campaignId}/stats?phase=1`).set('Authorization', cabinet.auth);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.totals).toEqual({
      dossiers: 6,
      lateDeposits: 0,
      eligible: 3,
      ineligible: 1,
      eligibilityPending: 2,
      eligibilityRate: 0.75,
      laureats: 2,
      nonRetenus: 0,
      historique: 1,
    });
    const state = (code: string) => s.byState.find((x: { state: string }) => x.state === code).count;
    expect([
      state('depose'),
      state('en_instruction'),
      state('instruit'),
      state('laureat'),
      state('ineligible'),
      state('non_retenu'),
    ]).toEqual([1, 1, 1, 2, 1, 0]);
    expect(s.byRegion).toHaveLength(18);
    const region = (code: string) => s.byRegion.find((x: { region: string }) => x.region === code);
    expect(region('53')).toMatchObject({ regionLabel: 'Bretagne', dossiers: 3, eligible: 2, laureats: 1 });
    expect(region('84')).toMatchObject({ dossiers: 2, eligible: 1, laureats: 1 });
    expect(region('04')).toMatchObject({ regionLabel: 'La Réunion', dossiers: 1, laureats: 0 });
    expect(region('06')).toMatchObject({ regionLabel: 'Mayotte', dossiers: 0 });
    expect(region('11')).toMatchObject({ dossiers: 0 });
    const count = (rows: { code: string; dossiers: number; laureats: number }[], code: string) => {
      const r = rows.find((x) => x.code === code)!;
      return [r.dossiers, r.laureats];
    };
    expect(count(s.byLegalCategory, 'association')).toEqual([3, 1]);
    expect(count(s.byLegalCategory, 'cooperative')).toEqual([1, 0]);
    expect(count(s.byLegalCategory, 'societe_commerciale')).toEqual([1, 1]);
    expect(count(s.byLegalCategory, 'autre')).toEqual([1, 0]);
    expect(count(s.byMaturity, 'emergent')).toEqual([1, 1]);
    expect(count(s.byMaturity, 'historique')).toEqual([1, 0]);
    expect(count(s.byMaturity, 'non_classe')).toEqual([4, 1]);
    expect(count(s.byTypology, 'territoire')).toEqual([1, 1]);
    expect(count(s.byTypology, 'filiere')).toEqual([1, 0]);
    expect(count(s.byTypology, 'non_classe')).toEqual([4, 1]);
    expect(count(s.characterisation.stage, 'amorce')).toEqual([2, 1]);
    expect(count(s.characterisation.stage, 'developpement')).toEqual([1, 1]);
    expect(count(s.characterisation.stage, 'non_renseigne')).toEqual([3, 0]);
    expect(count(s.characterisation.sector, 'social')).toEqual([2, 1]);
    expect(count(s.characterisation.sector, 'environnement')).toEqual([1, 1]);
    expect(count(s.characterisation.fragileTerritory, 'propice_cooperation')).toEqual([1, 1]);
    expect(s.characterisation.servicesMobilises.map((r: { code: string }) => r.code)).toEqual([
      'economie',
      'ess',
      'emploi_insertion',
      'sectorielle',
    ]);
    expect(count(s.memberKinds, 'ess')).toEqual([1, 1]);
    expect(count(s.memberKinds, 'recherche')).toEqual([1, 0]);
    // Rendered avis: 4, 10, 2, 6, 8, 1, 3 days → median 4.
    expect(s.avisTurnaround.overall).toEqual({ rendered: 7, medianDays: 4 });
    const role = (r: string) => s.avisTurnaround.byRole.find((x: { role: string }) => x.role === r);
    expect(role('cress')).toMatchObject({ rendered: 3, medianDays: 2 });
    expect(role('correspondant_ess')).toMatchObject({ rendered: 2, medianDays: 9 });
    expect(role('compagnon')).toMatchObject({ rendered: 1, medianDays: 6 });
    const reg = (r: string) => s.avisTurnaround.byRegion.find((x: { region: string }) => x.region === r);
    expect(reg('53')).toMatchObject({ rendered: 5, medianDays: 6 });
    expect(reg('84')).toMatchObject({ rendered: 2, medianDays: 2 });
    expect(s.money).toEqual({ envelopeCents: 10_000_000, requestedCents: 0, decidedCents: 0, leftCents: 10_000_000 });
  });

  it('phase 2 has its own figures and money', async () => {
    const s = (await t.http().get(`/api/campaigns/${campaignId}/stats?phase=2`).set('Authorization', instructeur.auth)).body;
    expect(s.totals).toMatchObject({ dossiers: 1, laureats: 1 });
    expect(s.money).toEqual({ envelopeCents: 10_000_000, requestedCents: 5_000_000, decidedCents: 4_000_000, leftCents: 6_000_000 });
    expect(s.byRegion.find((x: { region: string }) => x.region === '11')).toMatchObject({
      amountRequestedCents: 5_000_000,
      amountDecidedCents: 4_000_000,
    });
  });

  it('exports an XLSX workbook with the same figures', async () => {
    const res = await t
      .http()
      .get(`/api/campaigns/${campaignId}/stats?phase=1&format=xlsx`)
      .set('Authorization', cabinet.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toMatch(/bilan-.*-phase1\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        'Synthèse',
        'Par état',
        'Par région',
        'Par forme juridique',
        'Par maturité',
        'Caractérisation',
        'Délais des avis',
      ]),
    );
    const synth = wb.getWorksheet('Synthèse')!;
    const values = synth
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(values).toContainEqual(['Dossiers déposés', 6]);
    expect(values).toContainEqual(['Taux d’éligibilité (%)', 75]);
    const regions = wb.getWorksheet('Par région')!;
    expect(regions.rowCount).toBe(19);
  });

  it('answers from grouped queries on 50,000 dossiers with exact figures', async () => {
    const big = await createCampaign(t, { envelopeCents: 0 });
    const regions = ['84', '27', '53', '24', '94', '44', '32', '11', '28', '75', '76', '52', '93', '01', '02', '03', '04', '06'];
    await t.db.query(
      `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_name, structure_legal_category, state, eligibility, characterisation)
       SELECT $1, 1, 'Projet ' || i, ($2::text[])[1 + i % 18], 'Structure ' || i, CASE WHEN i % 4 = 0 THEN 'cooperative' ELSE 'association' END,
              CASE WHEN i % 10 = 0 THEN 'laureat' WHEN i % 10 = 1 THEN 'ineligible' ELSE 'instruit' END,
              CASE WHEN i % 10 = 1 THEN 'ineligible' ELSE 'eligible' END,
              jsonb_build_object('stage', CASE WHEN i % 2 = 0 THEN 'amorce' ELSE 'developpement' END, 'sector', jsonb_build_array('social', 'culture'))
         FROM generate_series(1, 50000) AS i`,
      [big, regions],
    );
    await t.db.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role, status, content, maturity, created_at, rendered_at)
       SELECT d.id, $2, 'cress', 'rendu', '{}', 'emergent', now() - interval '5 days', now()
         FROM dossier d WHERE d.campaign_id = $1`,
      [big, cress.id],
    );
    await t.db.query(`ANALYZE dossier, avis`); // what autovacuum does after such a load
    const s = (await t.http().get(`/api/campaigns/${big}/stats?phase=1`).set('Authorization', cabinet.auth)).body;
    expect(s.totals).toMatchObject({ dossiers: 50000, laureats: 5000, ineligible: 5000, eligible: 45000, eligibilityRate: 0.9 });
    expect(s.byRegion.reduce((n: number, r: { dossiers: number }) => n + r.dossiers, 0)).toBe(50000);
    expect(s.byLegalCategory.find((r: { code: string }) => r.code === 'cooperative').dossiers).toBe(12500);
    expect(s.characterisation.stage.find((r: { code: string }) => r.code === 'amorce')).toMatchObject({ dossiers: 25000, laureats: 5000 });
    expect(s.characterisation.sector.find((r: { code: string }) => r.code === 'culture').dossiers).toBe(50000);
    expect(s.byMaturity.find((r: { code: string }) => r.code === 'emergent').dossiers).toBe(50000);
    expect(s.avisTurnaround.overall).toEqual({ rendered: 50000, medianDays: 5 });
  }, 240_000);

  it('refuses a bad phase or format in French, reviewers, and an unknown campaign', async () => {
    const bad = await t.http().get(`/api/campaigns/${campaignId}/stats?phase=3`).set('Authorization', cabinet.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.phase).toMatch(/phase/);
    const fmt = await t.http().get(`/api/campaigns/${campaignId}/stats?phase=1&format=pdf`).set('Authorization', cabinet.auth);
    expect(fmt.status).toBe(400);
    expect((await t.http().get(`/api/campaigns/${campaignId}/stats?phase=1`).set('Authorization', cress.auth)).status).toBe(403);
    const none = await t.http().get(`/api/campaigns/00000000-0000-4000-8000-000000000000/stats?phase=1`).set('Authorization', cabinet.auth);
    expect(none.status).toBe(404);
  });
});
