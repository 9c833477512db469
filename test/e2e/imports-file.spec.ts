import { Workbook } from 'exceljs';
import { breakLuhn } from '@ptce/ds-standin';
import { makeSiret } from '@ptce/domain';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>>;

// DS's own export headers for the dossier, then the champ labels of the démarche.
const HEADERS = [
  'ID',
  'Email',
  'Déposé le',
  'SIRET',
  'Raison sociale',
  'Forme juridique',
  'Entreprise forme juridique code',
  'Nom du projet',
  'Région',
  'Nom de la personne référente',
  'Courriel de la personne référente',
  'Téléphone de la personne référente',
  'Description de la structure porteuse',
  'Statuts de la structure porteuse',
  'Agrément ESUS',
  "Date de l'agrément ESUS",
  'Mode de gouvernance',
  'Territoire fragile',
  'Montant demandé',
];

const SIRET_A = makeSiret('81000001', '0011');
const SIRET_B = makeSiret('81000002', '0012');
const SIRET_C = makeSiret('81000003', '0013');

type Row = Partial<Record<(typeof HEADERS)[number], string | number | Date>>;

function row(id: number, siret: string, over: Row = {}): Row {
  return {
    ID: id,
    Email: `porteur${id}@example.org`,
    'Déposé le': '20/06/2021 14:32',
    SIRET: siret,
    'Raison sociale': `Association ${id}`,
    'Forme juridique': 'Association déclarée',
    'Entreprise forme juridique code': '9220',
    'Nom du projet': `Pôle ${id}`,
    Région: 'Bretagne',
    'Nom de la personne référente': 'Jeanne Exemple',
    'Courriel de la personne référente': `jeanne${id}@example.org`,
    'Téléphone de la personne référente': '01 23 45 67 89',
    'Description de la structure porteuse': 'Une association du pays.',
    'Statuts de la structure porteuse': 'statuts.pdf',
    'Agrément ESUS': 'Non',
    'Mode de gouvernance': 'Assemblée générale par collèges.',
    'Territoire fragile': 'Aucun',
    ...over,
  };
}

function csv(rows: Row[]): Buffer {
  const esc = (v: unknown) => {
    const s = v === undefined ? '' : String(v);
    return /[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [HEADERS.join(';'), ...rows.map((r) => HEADERS.map((h) => esc(r[h])).join(';'))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function xlsx(rows: Row[]): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('Dossiers');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? null));
  wb.addWorksheet('Etablissements').addRow(['Dossier ID', 'Champ']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('DS export file import (CSV and XLSX)', () => {
  let t: TestApp;
  let instructeur: Who;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.startWorker();
    instructeur = await t.as(['instructeur']);
    campaignId = await createCampaign(t);
  });
  afterAll(async () => t?.close());

  const upload = (file: Buffer, filename: string, phase: number | string = 1, auth = instructeur.auth, id = campaignId) =>
    t
      .http()
      .post(`/api/campaigns/${id}/imports/file`)
      .set('Authorization', auth)
      .field('phase', String(phase))
      .attach('file', file, filename);

  /** The file import answers 202 with the queued run; the worker finishes it. */
  const importAndWait = async (file: Buffer, filename: string, phase: number = 1) => {
    const res = await upload(file, filename, phase);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: 'file', status: 'queued', filename });
    const end = Date.now() + 30000;
    for (;;) {
      const got = await t.http().get(`/api/imports/${res.body.id}`).set('Authorization', instructeur.auth);
      if (!['queued', 'running'].includes(got.body.status)) return got;
      if (Date.now() > end) throw new Error(`import still ${got.body.status}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const CSV_ROWS = [
    row(8100001, SIRET_A), // line 2
    row(8100002, SIRET_B, {
      'Forme juridique': 'SARL coopérative ouvrière de production',
      'Entreprise forme juridique code': '5458',
      Région: 'Hauts-de-France',
      'Déposé le': '24/06/2021 09:00',
      'Mode de gouvernance': 'Sur deux lignes :\nune AG et un CA.',
    }), // lines 3-4
    row(8100003, breakLuhn(SIRET_C)), // line 5
    row(8100004, SIRET_C, { 'Nom du projet': '' }), // line 6
    row(8100005, SIRET_C, {
      'Déposé le': '2021-06-21T10:00:00+02:00',
      'Agrément ESUS': 'Oui',
      "Date de l'agrément ESUS": '14/03/2019',
      'Territoire fragile': 'QPV, ZRR',
      'Statuts de la structure porteuse': '',
    }), // line 7
    row(8100006, SIRET_C, { 'Déposé le': 'bientôt' }), // line 8
    row(8100001, SIRET_A, { 'Nom du projet': 'Doublon' }), // line 9
  ];

  it('imports a CSV export: good rows in, bad rows reported with their line', async () => {
    const res = await importAndWait(csv(CSV_ROWS), 'export-dossiers.csv');
    expect(res.body).toMatchObject({
      kind: 'file',
      status: 'done',
      phase: 1,
      filename: 'export-dossiers.csv',
      total: 7,
      created: 3,
      updated: 0,
      unchanged: 0,
      skipped: 4,
    });
    const byLine = Object.fromEntries(res.body.errors.map((e: { line: number; reason: string }) => [e.line, e]));
    expect(Object.keys(byLine).map(Number).sort()).toEqual([5, 6, 8, 9]);
    expect(byLine[5]).toMatchObject({ dsNumber: 8100003, reason: expect.stringMatching(/SIRET.*clé de contrôle/) });
    expect(byLine[6].reason).toMatch(/Nom du projet absent/);
    expect(byLine[8].reason).toMatch(/Date de dépôt/);
    expect(byLine[9].reason).toMatch(/déjà présent à la ligne 2/);

    const listed = await t
      .http()
      .get(`/api/imports?filter=${encodeURIComponent(JSON.stringify({ id: [res.body.id] }))}`)
      .set('Authorization', instructeur.auth);
    expect(listed.body[0]).toMatchObject({ id: res.body.id, status: 'done', errorCount: 4, failureCode: null });

    const rows = await t.db.query(
      `SELECT *, structure_esus_date::text AS esus_day FROM dossier WHERE campaign_id = $1 AND phase = 1 ORDER BY ds_number`,
      [campaignId],
    );
    expect(rows.map((r: { ds_number: number }) => r.ds_number)).toEqual([8100001, 8100002, 8100005]);
    const [a, b, c] = rows;
    expect(a).toMatchObject({
      source: 'fichier',
      state: 'en_instruction',
      region: '53',
      structure_siret: SIRET_A,
      structure_legal_category: 'association',
      late_deposit: false,
    });
    expect(a.deposited_at.toISOString()).toBe('2021-06-20T12:32:00.000Z');
    expect(b).toMatchObject({
      region: '32',
      structure_legal_form_code: '5458',
      structure_legal_category: 'cooperative',
      late_deposit: true,
    });
    expect(b.sections.gouvernance).toBe('Sur deux lignes :\nune AG et un CA.');
    expect(c).toMatchObject({ structure_esus: true, esus_day: '2019-03-14', characterisation: { fragileTerritory: ['qpv', 'zrr'] } });
    const atts = await t.db.query(`SELECT dossier_id, filename, storage_key FROM dossier_attachment WHERE dossier_id = ANY($1::uuid[])`, [
      [a.id, c.id],
    ]);
    expect(atts).toEqual([{ dossier_id: a.id, filename: 'statuts.pdf', storage_key: null }]);
  });

  it('imports the same file again without creating anything', async () => {
    const res = await importAndWait(csv(CSV_ROWS), 'export-dossiers.csv');
    expect(res.body).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 3, skipped: 4 });
    const changed = CSV_ROWS.map((r) => (r.ID === 8100002 ? { ...r, 'Nom du projet': 'Pôle renommé' } : r));
    const again = await importAndWait(csv(changed), 'export-dossiers-2.csv');
    expect(again.body).toMatchObject({ created: 0, updated: 1, unchanged: 2, skipped: 4 });
  });

  it('imports an XLSX export (phase 2: sheet dates, amounts, link to the phase-1 dossier)', async () => {
    const file = await xlsx([
      row(9100001, SIRET_A, { 'Déposé le': new Date(Date.UTC(2021, 8, 20, 14, 32)), 'Montant demandé': 45000 }), // line 2
      row(9100002, SIRET_B, { Région: 'Atlantide' }), // line 3
      row(9100003, SIRET_C, { 'Montant demandé': '12 500,50 €' }), // line 4
      row(9100004, '', { 'Raison sociale': '' }), // line 5
    ]);
    const res = await importAndWait(file, 'export.xlsx', 2);
    expect(res.body).toMatchObject({ status: 'done', phase: 2, total: 4, created: 2, skipped: 2 });
    expect(res.body.errors).toEqual([
      { line: 3, dsNumber: 9100002, reason: expect.stringMatching(/Région inconnue.*Atlantide/) },
      { line: 5, dsNumber: 9100004, reason: expect.stringMatching(/SIRET.*absent/) },
    ]);
    const [p1] = await t.db.query(`SELECT id FROM dossier WHERE campaign_id = $1 AND phase = 1 AND ds_number = 8100001`, [campaignId]);
    const rows = await t.db.query(`SELECT * FROM dossier WHERE campaign_id = $1 AND phase = 2 ORDER BY ds_number`, [campaignId]);
    expect(rows[0]).toMatchObject({ ds_number: 9100001, parent_dossier_id: p1.id, amount_requested_cents: '4500000' });
    expect(rows[0].deposited_at.toISOString()).toBe('2021-09-20T12:32:00.000Z');
    expect(rows[1]).toMatchObject({ ds_number: 9100003, amount_requested_cents: '1250050' });
  });

  it('refuses what is neither CSV nor XLSX, a file over 20 MB, a file without the expected columns', async () => {
    const pdf = await upload(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'dossiers.pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.body).toMatchObject({ code: 'UNSUPPORTED_FILE', message: expect.stringMatching(/CSV ou XLSX/) });
    const binary = await upload(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x41]), 'export.csv');
    expect(binary.body.code).toBe('UNSUPPORTED_FILE');
    const json = await upload(Buffer.from('{"dossiers": []}'), 'export.json');
    expect(json.body.code).toBe('UNSUPPORTED_FILE');
    const fakeZip = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]), 'export.xlsx');
    expect(fakeZip.body.code).toBe('UNSUPPORTED_FILE');

    const big = await upload(Buffer.alloc(20 * 1024 * 1024 + 1, 'a'), 'enorme.csv');
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/20 Mo/) });

    const columns = await upload(Buffer.from('a;b\n1;2\n'), 'autre.csv');
    expect(columns.status).toBe(400);
    expect(columns.body.code).toBe('MISSING_COLUMNS');
    expect(columns.body.message).toMatch(/ID.*SIRET/);
    const empty = await upload(Buffer.from(HEADERS.join(';') + '\n'), 'vide.csv');
    expect(empty.body.code).toBe('EMPTY_FILE');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM import_run WHERE status <> 'done'`))[0].n).toBe(0);
  });

  it('checks the request: a file, a phase, the right role', async () => {
    const noFile = await t
      .http()
      .post(`/api/campaigns/${campaignId}/imports/file`)
      .set('Authorization', instructeur.auth)
      .field('phase', '1');
    expect(noFile.status).toBe(400);
    expect(noFile.body.details.file).toMatch(/Joignez/);
    expect((await upload(csv(CSV_ROWS), 'x.csv', 3)).status).toBe(400);
    const twoFiles = await t
      .http()
      .post(`/api/campaigns/${campaignId}/imports/file`)
      .set('Authorization', instructeur.auth)
      .field('phase', '1')
      .attach('autre', Buffer.from('x'), 'x.csv');
    expect(twoFiles.body.code).toBe('INVALID_UPLOAD');
    const cress = await t.as(['cress'], ['53']);
    expect((await upload(csv(CSV_ROWS), 'x.csv', 1, cress.auth)).status).toBe(403);
    expect((await upload(csv(CSV_ROWS), 'x.csv', 1, instructeur.auth, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
