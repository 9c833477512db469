import ExcelJS from 'exceljs';
import { startTestApp, TestApp } from '../helpers/test-app';
import { arreteePhase1, binary, campaignWith, instruitDossier, staff, Staff } from './selection-fixtures';

describe('exports: dossier list CSV/XLSX, selection board, PDF summaries (real PostgreSQL)', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp();
    s = await staff(t);
  });
  afterAll(async () => t?.close());

  const get = (url: string, auth = s.instructeur.auth) => t.http().get(url).set('Authorization', auth).buffer(true).parse(binary);

  async function sheetRows(buf: Buffer): Promise<{ header: string[]; rows: unknown[][] }> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const all: unknown[][] = [];
    ws.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
    return { header: all[0] as string[], rows: all.slice(1) };
  }

  it('exports the dossier list of the current filter as XLSX that parses back with the same rows; formulas are escaped', async () => {
    const campaignId = await campaignWith(t);
    const other = await campaignWith(t);
    await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }], {
      projectName: '=HYPERLINK("http://x.example","clic")',
    });
    await instruitDossier(t, s, campaignId, [{ score: 2, recommendation: 'favorable' }], {
      projectName: '+33 Pôle',
      amountRequestedCents: 123456,
    });
    await instruitDossier(t, s, campaignId, [{ score: 2, recommendation: 'favorable' }], { projectName: 'Pôle ordinaire', region: '84' });
    await instruitDossier(t, s, other, [{ score: 2, recommendation: 'favorable' }], { projectName: 'Autre campagne' });
    const filter = JSON.stringify({ campaignId });
    const sort = JSON.stringify(['projectName', 'ASC']);

    // The route is not taken for a dossier id.
    const res = await get(`/api/dossiers/export?filter=${encodeURIComponent(filter)}&sort=${encodeURIComponent(sort)}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="dossiers-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const { header, rows } = await sheetRows(res.body);
    expect(header.slice(0, 4)).toEqual(['N° DS', 'Phase', 'Projet', 'Structure porteuse']);
    expect(header).toEqual(expect.arrayContaining(['Région', 'État', 'Déposé le', 'Montant demandé']));

    const list = await t.http().get('/api/dossiers').query({ filter, sort, range: '[0,99]' }).set('Authorization', s.instructeur.auth);
    expect(rows).toHaveLength(list.body.length);
    const col = (h: string) => header.indexOf(h);
    expect(rows.map((r) => r[col('Projet')])).toEqual(
      list.body.map((d: { projectName: string }) => (/^[=+\-@]/.test(d.projectName) ? `'${d.projectName}` : d.projectName)),
    );
    expect(rows.map((r) => r[col('Structure porteuse')])).toEqual(list.body.map((d: { structure: { name: string } }) => d.structure.name));
    const formula = rows.find((r) => String(r[col('Projet')]).includes('HYPERLINK'))!;
    expect(formula[col('Projet')]).toBe(`'=HYPERLINK("http://x.example","clic")`);
    const plus = rows.find((r) => String(r[col('Projet')]).includes('33 Pôle'))!;
    expect(plus[col('Projet')]).toBe("'+33 Pôle");
    expect(plus[col('Montant demandé')]).toBe(1234.56);
    expect(plus[col('État')]).toBe('Instruit');
    expect(plus[col('Région')]).toBe('Bretagne');
    // Deposited 2021-06-20T10:00+02:00: the cell shows 10:00, Paris time.
    const deposited = plus[col('Déposé le')] as Date;
    expect(deposited).toBeInstanceOf(Date);
    expect([deposited.getUTCHours(), deposited.getUTCMinutes(), deposited.getUTCDate()]).toEqual([10, 0, 20]);

    // CSV: BOM, `;`, French headers, the same escaping, decimal comma, Paris time.
    const csv = await get(`/api/dossiers/export?filter=${encodeURIComponent(filter)}&sort=${encodeURIComponent(sort)}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(list.body.length + 1);
    expect(lines[0].startsWith('N° DS;Phase;Projet;Structure porteuse;')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""clic"")"`);
    expect(text).toContain(";'+33 Pôle;");
    expect(text).toContain(';1234,56;');
    expect(text).toContain(';20/06/2021 10:00;');

    // Bad format, bad filter; reviewers have no export.
    expect((await get(`/api/dossiers/export?format=pdf`)).status).toBe(400);
    expect((await get(`/api/dossiers/export?filter=${encodeURIComponent('{"nope":1}')}`)).status).toBe(400);
    expect((await get(`/api/dossiers/export?format=csv`, s.reviewer.auth)).status).toBe(403);
    // The dossier route itself still works.
    expect((await t.http().get(`/api/dossiers/${list.body[0].id}`).set('Authorization', s.instructeur.auth)).status).toBe(200);
  });

  it('refuses an export past its row cap, saying how many the filter selects', async () => {
    const campaignId = await campaignWith(t);
    const model = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]);
    const cols = (
      await t.db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'dossier' AND column_name NOT IN ('id','ds_number','created_at') ORDER BY ordinal_position`,
      )
    ).map((c: { column_name: string }) => `"${c.column_name}"`);
    await t.db.query(
      `INSERT INTO dossier (${cols.join(',')}) SELECT ${cols.join(',')} FROM dossier d, generate_series(1, 20000) WHERE d.id = $1`,
      [model.id],
    );
    const res = await t
      .http()
      .get(`/api/dossiers/export?format=csv&filter=${encodeURIComponent(JSON.stringify({ campaignId }))}`)
      .set('Authorization', s.instructeur.auth);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { total: 20001, max: 20000 } });
    expect(res.body.message).toContain('affinez le filtre');
  });

  it('exports the selection board (XLSX, CSV) in rank order', async () => {
    const { campaignId } = await arreteePhase1(t, s, ['Premier', 'Deuxième', '-Troisième'], 2);
    const board = await t.http().get(`/api/campaigns/${campaignId}/phases/1/selection`).set('Authorization', s.cabinet.auth);
    const res = await get(`/api/campaigns/${campaignId}/phases/1/selection/export?format=xlsx`, s.cabinet.auth);
    expect(res.status).toBe(200);
    const { header, rows } = await sheetRows(res.body);
    expect(header.slice(0, 4)).toEqual(['Rang', 'Projet', 'Structure porteuse', 'Région']);
    expect(rows.map((r) => [r[0], r[1]])).toEqual(
      board.body.items.map((i: { rank: number; projectName: string }) => [
        i.rank,
        i.projectName.startsWith('-') ? `'${i.projectName}` : i.projectName,
      ]),
    );
    expect(rows.map((r) => r[header.indexOf('Décision')])).toEqual(['Lauréat', 'Lauréat', 'Non retenu']);
    const csv = await get(`/api/campaigns/${campaignId}/phases/1/selection/export?format=csv`, s.cabinet.auth);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.slice(1).split('\r\n')[0].split(';')[0]).toBe('Rang');
    expect(text).toContain(";'-Troisième;");
    expect((await get(`/api/campaigns/${campaignId}/phases/1/selection/export`, s.reviewer.auth)).status).toBe(403);
  });

  it('produces PDFs: the dossier summary, the dossier de séance, the arrêté annex', async () => {
    const { campaignId, made } = await arreteePhase1(t, s, ['Résumé Un', 'Résumé Deux'], 1);
    const summary = await get(`/api/dossiers/${made[0].id}/summary.pdf`, s.cabinet.auth);
    expect(summary.status).toBe(200);
    expect(summary.headers['content-type']).toBe('application/pdf');
    expect((summary.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
    expect((summary.body as Buffer).length).toBeGreaterThan(2000);
    expect((await get(`/api/dossiers/${made[0].id}/summary.pdf`, s.reviewer.auth)).status).toBe(403);
    expect((await get(`/api/dossiers/00000000-0000-0000-0000-000000000000/summary.pdf`)).status).toBe(404);

    const seance = await get(
      `/api/campaigns/${campaignId}/phases/1/selection/seance.pdf?ids=${made.map((m) => m.id).join(',')}`,
      s.cabinet.auth,
    );
    expect(seance.status).toBe(200);
    expect((seance.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
    expect((await get(`/api/campaigns/${campaignId}/phases/1/selection/seance.pdf?ids=nope`, s.cabinet.auth)).status).toBe(400);

    const annex = await get(`/api/campaigns/${campaignId}/phases/1/laureats.pdf`, s.cabinet.auth);
    expect(annex.status).toBe(200);
    expect((annex.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
    const notYet = await get(`/api/campaigns/${campaignId}/phases/2/laureats.pdf`, s.cabinet.auth);
    expect(notYet.status).toBe(409);
  });
});
