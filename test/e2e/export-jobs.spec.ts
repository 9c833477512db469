import ExcelJS from 'exceljs';
import { startTestApp, TestApp } from '../helpers/test-app';
import { binary, campaignWith, instruitDossier, staff, Staff } from './selection-fixtures';

/** Issue 11 §5: long exports run as a job, with progress and a download link, in the requester's own scope. */
describe('exports as jobs (real queue, real worker)', () => {
  let t: TestApp;
  let s: Staff;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    s = await staff(t);
    campaignId = await campaignWith(t);
    for (let i = 0; i < 7; i++) {
      await instruitDossier(t, s, campaignId, [{ score: 1 + (i % 4), recommendation: 'favorable' }], {
        projectName: `Pôle exporté ${i}`,
        region: '53',
      });
    }
    await t.startWorker();
  });
  afterAll(async () => t?.close());

  async function until(id: string, auth: string) {
    for (let i = 0; i < 600; i++) {
      const res = await t.http().get(`/api/exports/${id}`).set('Authorization', auth);
      expect(res.status).toBe(200);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('export never finished');
  }

  it('produces the dossier de séance in the worker, with its progress, for its requester only', async () => {
    const created = await t.http().post('/api/exports').set('Authorization', s.cabinet.auth).send({ kind: 'seance', campaignId, phase: 1 });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ kind: 'seance', format: 'pdf', status: 'queued', downloadUrl: null });
    const done = await until(created.body.id, s.cabinet.auth);
    expect(done).toMatchObject({ status: 'done', done: 7, total: 7, downloadUrl: `/api/exports/${created.body.id}/file` });
    const file = await t.http().get(done.downloadUrl).set('Authorization', s.cabinet.auth).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // Someone else's export does not exist for the caller; a reviewer may not export at all.
    expect((await t.http().get(`/api/exports/${created.body.id}`).set('Authorization', s.instructeur.auth)).status).toBe(404);
    expect((await t.http().get(`/api/exports/${created.body.id}`).set('Authorization', s.admin.auth)).status).toBe(200);
    expect((await t.http().post('/api/exports').set('Authorization', s.reviewer.auth).send({ kind: 'seance', campaignId, phase: 1 })).status).toBe(403);
  });

  it('exports the dossier list of a filter as XLSX that parses back with the same rows', async () => {
    const filter = JSON.stringify({ campaignId });
    const created = await t.http().post('/api/exports').set('Authorization', s.instructeur.auth).send({ kind: 'dossiers', format: 'xlsx', filter });
    expect(created.status).toBe(202);
    const done = await until(created.body.id, s.instructeur.auth);
    expect(done).toMatchObject({ status: 'done', total: 7 });
    const file = await t.http().get(done.downloadUrl).set('Authorization', s.instructeur.auth).buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const names: string[] = [];
    wb.worksheets[0].eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(3).value));
    });
    expect(names.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `Pôle exporté ${i}`).sort());
  });

  it('refuses a bad request at once in French, and reports a failure of the job itself', async () => {
    const bad = await t.http().post('/api/exports').set('Authorization', s.cabinet.auth).send({ kind: 'tout' });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const wrongIds = await t
      .http()
      .post('/api/exports')
      .set('Authorization', s.cabinet.auth)
      .send({ kind: 'seance', campaignId, phase: 1, ids: ['00000000-0000-4000-8000-000000000000'] });
    expect(wrongIds.status).toBe(202);
    const failed = await until(wrongIds.body.id, s.cabinet.auth);
    expect(failed).toMatchObject({ status: 'failed', failureCode: 'VALIDATION_FAILED', downloadUrl: null });
    expect(failed.failure).toMatch(/tableau de sélection/);
    const notReady = await t.http().get(`/api/exports/${wrongIds.body.id}/file`).set('Authorization', s.cabinet.auth);
    expect({ status: notReady.status, code: notReady.body.code }).toEqual({ status: 409, code: 'EXPORT_NOT_READY' });
  });
});
