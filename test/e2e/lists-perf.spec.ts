import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>>;

// Issue 12: the dossier list's sorts served as offered (no NULLS clause on NOT NULL columns), list columns only,
// deep pages through a deferred join, and a bounded count (exact under LIST_EXACT_COUNT_LIMIT, then an estimate
// written `*` in Content-Range with X-Total-Estimate).
describe('dossier list at scale: sorts, deep pages, bounded count', () => {
  let t: TestApp;
  let instructeur: Who;
  let cress53: Who;
  let campaignId: string;
  const N = 1100;
  const before = process.env.LIST_EXACT_COUNT_LIMIT;

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    cress53 = await t.as(['cress'], ['53']);
    campaignId = await createCampaign(t);
    await t.db.query(
      `INSERT INTO dossier (campaign_id, phase, ds_number, project_name, region, structure_name, structure_siret, structure_legal_form_code,
                            structure_legal_category, sections, deposited_at, late_deposit, state, eligibility, source)
       SELECT $1, 1, CASE WHEN g % 10 = 0 THEN NULL ELSE g END, 'Projet ' || md5(g::text), (ARRAY['53','32','11','84'])[1 + g % 4],
              'Structure ' || (g % 37), lpad(g::text, 14, '0'), '9220', 'association',
              jsonb_build_object('gouvernance', repeat('Assemblée générale. ', 50)),
              timestamp '2021-05-12' + (g % 43) * interval '1 day', g % 9 = 0,
              (ARRAY['depose','en_instruction','instruit','laureat'])[1 + g % 4], 'a_verifier', 'ds'
         FROM generate_series(1, $2) g`,
      [campaignId, N],
    );
    await t.db.query('ANALYZE dossier');
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.LIST_EXACT_COUNT_LIMIT;
    else process.env.LIST_EXACT_COUNT_LIMIT = before;
    await t?.close();
  });

  const list = (auth: string, o: Record<string, unknown>) =>
    t
      .http()
      .get('/api/dossiers')
      .query(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)])))
      .set('Authorization', auth);

  const SORTS: [string, string][] = [
    ['projectName', 'project_name'],
    ['structureName', 'structure_name'],
    ['region', 'region'],
    ['state', 'state'],
    ['depositedAt', 'deposited_at'],
    ['lateDeposit', 'late_deposit'],
    ['dsNumber', 'ds_number'],
  ];

  it('serves every offered sort in both directions, in the order of (column, id), with list columns only', async () => {
    for (const [field, column] of SORTS) {
      for (const order of ['ASC', 'DESC'] as const) {
        const res = await list(instructeur.auth, { sort: [field, order], range: [0, 9], filter: { campaignId } });
        expect(res.status).toBe(200);
        const nulls = column === 'ds_number' ? (order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST') : '';
        const expected = await t.db.query(
          `SELECT id FROM dossier WHERE campaign_id = $1 ORDER BY ${column} ${order} ${nulls}, id ${order} LIMIT 10`,
          [campaignId],
        );
        expect(res.body.map((d: { id: string }) => d.id)).toEqual(expected.map((r: { id: string }) => r.id));
        expect(res.body[0].sections).toBeUndefined();
        expect(res.body[0].characterisation).toBeUndefined();
        expect(res.body[0]).toMatchObject({ campaignId, structure: expect.any(Object), version: 1 });
      }
    }
  });

  it('reads a deep page (offset ≥ 1000) through the deferred join: same rows, same order as OFFSET', async () => {
    for (const [field, column] of [SORTS[0], SORTS[4], SORTS[6]]) {
      const res = await list(instructeur.auth, { sort: [field, 'DESC'], range: [1050, 1074], filter: { campaignId } });
      expect(res.status).toBe(200);
      const nulls = column === 'ds_number' ? 'NULLS LAST' : '';
      const expected = await t.db.query(
        `SELECT id FROM dossier WHERE campaign_id = $1 ORDER BY ${column} DESC ${nulls}, id DESC OFFSET 1050 LIMIT 25`,
        [campaignId],
      );
      expect(res.body.map((d: { id: string }) => d.id)).toEqual(expected.map((r: { id: string }) => r.id));
      expect(res.headers['content-range']).toBe(`dossiers 1050-1074/${N}`);
    }
    const past = await list(instructeur.auth, { range: [5000, 5024], filter: { campaignId } });
    expect(past.status).toBe(200);
    expect(past.body).toEqual([]);
  });

  it('counts exactly under the threshold, then gives an estimate marked * in Content-Range', async () => {
    process.env.LIST_EXACT_COUNT_LIMIT = '2000';
    const exact = await list(instructeur.auth, { range: [0, 24], filter: { campaignId, state: 'depose' } });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM dossier WHERE campaign_id = $1 AND state = 'depose'`, [campaignId]);
    expect(exact.headers['content-range']).toBe(`dossiers 0-24/${n}`);
    expect(exact.headers['x-total-estimate']).toBeUndefined();

    process.env.LIST_EXACT_COUNT_LIMIT = '100';
    const estimated = await list(instructeur.auth, { range: [0, 24], filter: { campaignId } });
    expect(estimated.status).toBe(200);
    expect(estimated.body).toHaveLength(25);
    expect(estimated.headers['content-range']).toBe('dossiers 0-24/*');
    expect(Number(estimated.headers['x-total-estimate'])).toBeGreaterThan(100);
    // A small filtered list stays exact whatever the table's size.
    const small = await list(cress53.auth, { range: [0, 24], filter: { campaignId, state: 'laureat', lateDeposit: true } });
    const [{ m }] = await t.db.query(
      `SELECT count(*)::int AS m FROM dossier WHERE campaign_id = $1 AND state = 'laureat' AND late_deposit AND region = '53'`,
      [campaignId],
    );
    expect(m).toBeLessThanOrEqual(100);
    expect(small.headers['content-range']).toBe(`dossiers 0-${Math.max(0, Math.min(m, 25) - 1)}/${m}`);
    delete process.env.LIST_EXACT_COUNT_LIMIT;
  });

  it('keeps the validation of issue 8: unknown sort fields and bad ranges are 400 in French', async () => {
    const bad = await list(instructeur.auth, { sort: ['sections', 'ASC'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const range = await list(instructeur.auth, { range: [10, 2] });
    expect(range.status).toBe(400);
  });
});
