import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALENDAR_2021, legalCategoryOf } from '@ptce/domain';
import { DEFAULT_GENERATOR, findChamp, generateDemo, LABELS } from '@ptce/ds-standin';
import { DEMO_CAMPAIGN, seedDemo } from '@ptce/demo/seed-demo';
import { DEMO_PASSWORD } from '@ptce/demo/demo-users';
import { startTestApp, TestApp } from '../helpers/test-app';

function countBy<T>(items: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

describe('demo seed: the 2021 campaign imported through the DS stand-in', () => {
  let t: TestApp;
  let storage: string;
  // What the stand-in serves for the demo: the generator's own output, not numbers written here.
  const expected = generateDemo({ ...DEFAULT_GENERATOR, baseUrl: 'http://stand-in.invalid' });
  const regionOf = (d: (typeof expected.dossiers)[number]) => {
    const c = findChamp(d, LABELS.region);
    return c?.__typename === 'RegionChamp' ? (c.region?.code ?? '?') : '?';
  };
  const categoryOf = (d: (typeof expected.dossiers)[number]) =>
    legalCategoryOf(d.demandeur.__typename === 'PersonneMorale' ? d.demandeur.entreprise?.formeJuridiqueCode : null);

  beforeAll(async () => {
    storage = mkdtempSync(join(tmpdir(), 'ptce-seed-'));
    t = await startTestApp({ STORAGE_DIR: storage });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(storage, { recursive: true, force: true });
  });

  it('creates the campaign and its phase-1 dossiers with the expected mix, at every stage of the instruction', async () => {
    const report = (await seedDemo(t.db, t.config)) as {
      campaign: { skipped: boolean; campaignId: string; import: Record<string, unknown>; stages: Record<string, number>; ms: number };
    };
    expect(report.campaign).toMatchObject({
      skipped: false,
      import: { status: 'done', created: expected.dossiers.length, skipped: 0, errors: 0 },
    });

    const [campaign] = await t.db.query(`SELECT * FROM campaign`);
    expect(campaign).toMatchObject({
      name: DEMO_CAMPAIGN.name,
      ds_demarche_phase1: DEFAULT_GENERATOR.demarcheNumber,
      ds_demarche_phase2: DEMO_CAMPAIGN.dsDemarchePhase2,
    });
    expect(campaign.phase1_deposit_deadline.toISOString()).toBe(CALENDAR_2021.phase1DepositDeadline);

    const rows: {
      region: string;
      structure_legal_category: string;
      state: string;
      late_deposit: boolean;
      ds_number: number;
      n_att: number;
    }[] = await t.db.query(
      `SELECT d.region, d.structure_legal_category, d.state, d.late_deposit, d.ds_number, (SELECT count(*)::int FROM dossier_attachment a WHERE a.dossier_id = d.id AND a.storage_key IS NOT NULL) AS n_att
         FROM dossier d WHERE d.campaign_id = $1`,
      [campaign.id],
    );
    expect(rows.length).toBeGreaterThanOrEqual(135);
    // No project name twice (issue 15).
    const names: { project_name: string }[] = await t.db.query(`SELECT project_name FROM dossier WHERE campaign_id = $1`, [campaign.id]);
    expect(new Set(names.map((n) => n.project_name)).size).toBe(names.length);
    expect(rows).toHaveLength(expected.dossiers.length);
    expect(countBy(rows, (r) => r.region)).toEqual(countBy(expected.dossiers, regionOf));
    expect(countBy(rows, (r) => r.structure_legal_category)).toEqual(countBy(expected.dossiers, categoryOf));
    expect(Object.keys(countBy(rows, (r) => r.structure_legal_category)).length).toBeGreaterThanOrEqual(3); // legal forms vary
    expect(
      rows
        .filter((r) => r.late_deposit)
        .map((r) => r.ds_number)
        .sort(),
    ).toEqual([...expected.lateNumbers].sort());
    expect(
      rows
        .filter((r) => r.n_att === 0)
        .map((r) => r.ds_number)
        .sort(),
    ).toEqual([...expected.missingStatutsNumbers].sort());
    // Every stage at once (issue 15): in eligibility, avis in progress, instruit, decided, and the public bodies of
    // Annexe 2 (7xxx) ineligible, as they would be.
    const states = countBy(rows, (r) => r.state);
    expect(Object.keys(states).sort()).toEqual(['en_instruction', 'ineligible', 'instruit', 'laureat', 'non_retenu']);
    expect(report.campaign.stages.eligibilityPending).toBeGreaterThan(5);
    expect(report.campaign.stages.avisInProgress).toBeGreaterThan(5);
    expect(states.instruit).toBeGreaterThan(30);
    const publicBodies: { state: string; n: number }[] = await t.db.query(
      `SELECT state, count(*)::int AS n FROM dossier WHERE campaign_id = $1 AND structure_legal_form_code LIKE '7%' GROUP BY state`,
      [campaign.id],
    );
    expect(publicBodies.map((p) => p.state)).toEqual(['ineligible']);
    expect(publicBodies[0].n).toBeGreaterThanOrEqual(4);
    const inProgress: { n: number }[] = await t.db.query(
      `SELECT count(DISTINCT dossier_id)::int AS n FROM avis a JOIN dossier d ON d.id = a.dossier_id
        WHERE d.campaign_id = $1 AND d.state = 'en_instruction' AND a.status = 'rendu'`,
      [campaign.id],
    );
    expect(inProgress[0].n).toBeGreaterThan(5);
    // No region without reviewers: a CRESS and a correspondant ESS in each of the 18, a few compagnons.
    const reviewers: { role: string; regions: number }[] = await t.db.query(
      `SELECT r.role, count(DISTINCT reg)::int AS regions FROM app_user u, unnest(u.roles) AS r(role), unnest(u.regions) AS reg
        WHERE r.role IN ('cress', 'correspondant_ess', 'expert') GROUP BY r.role ORDER BY r.role`,
    );
    expect(reviewers).toEqual([
      { role: 'correspondant_ess', regions: 18 },
      { role: 'cress', regions: 18 },
      { role: 'expert', regions: 18 },
    ]);
    const [{ compagnons }] = await t.db.query(
      `SELECT count(*)::int AS compagnons FROM app_user WHERE 'compagnon' = ANY(roles) AND organisation_siret IS NOT NULL`,
    );
    expect(compagnons).toBeGreaterThanOrEqual(4);
    // The member lists come from DS's repetition champ "Membres du PTCE"; their SIRETs feed the conflict detection.
    const [m] = await t.db.query(
      `SELECT count(DISTINCT m.dossier_id)::int AS "withMembers", bool_and(m.source = 'ds') AS "fromDs",
              count(*) FILTER (WHERE m.siret IS NOT NULL AND NOT (m.siret = ANY(d.member_sirets)))::int AS "missingSirets"
         FROM dossier_member m JOIN dossier d ON d.id = m.dossier_id WHERE d.campaign_id = $1`,
      [campaign.id],
    );
    expect(m.withMembers).toBeGreaterThan(rows.length / 2);
    expect(m).toMatchObject({ fromDs: true, missingSirets: 0 });
    // each list kept in the DS order: positions 1…n with no gap (written a page at a time)
    const [{ gaps }] = await t.db.query(
      `SELECT count(*)::int AS gaps FROM (
         SELECT min(m.position) AS mn, max(m.position) AS mx, count(*) AS n
           FROM dossier_member m JOIN dossier d ON d.id = m.dossier_id WHERE d.campaign_id = $1 GROUP BY m.dossier_id) x
        WHERE mn <> 1 OR mx <> n`,
      [campaign.id],
    );
    expect(gaps).toBe(0);
    // The bouquet de services: a catalogue, allocated to the lauréats.
    const [{ services, allocations }] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM campaign_service WHERE campaign_id = $1) AS services,
              (SELECT count(*)::int FROM service_allocation a JOIN dossier d ON d.id = a.dossier_id WHERE d.campaign_id = $1) AS allocations`,
      [campaign.id],
    );
    expect(services).toBeGreaterThanOrEqual(3);
    expect(allocations).toBe(2 * (states.laureat ?? 0));

    // The demo reviewers of a region see that region's dossiers.
    const cress = await t.login({ email: 'cress.53@demo.example.org', password: DEMO_PASSWORD });
    const list = await t.http().get('/api/dossiers').query({ range: '[0,0]' }).set('Authorization', `Bearer ${cress}`);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toMatch(new RegExp(`/${rows.filter((r) => r.region === '53').length}$`));
    const imports = await t
      .http()
      .get('/api/imports')
      .set('Authorization', `Bearer ${await t.login({ email: 'admin@demo.example.org', password: DEMO_PASSWORD })}`);
    expect(imports.body).toHaveLength(1);
  }, 300_000);

  it('does nothing when the database already has a campaign', async () => {
    const report = (await seedDemo(t.db, t.config)) as { campaign: { skipped: boolean } };
    expect(report.campaign.skipped).toBe(true);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM campaign`))[0].n).toBe(1);
  });
});
