import { Readable } from 'node:stream';
import IORedis from 'ioredis';
import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { ZipFile } from 'yazl';
import { makeSiret } from '@ptce/domain';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

// One row at a time, so that a locked dossier holds the import at a known row (cancel test). Read at app start.
process.env.IMPORT_CONCURRENCY = '1';

type Who = Awaited<ReturnType<TestApp['as']>>;

const HEADERS = ['ID', 'Email', 'Déposé le', 'SIRET', 'Raison sociale', 'Forme juridique', 'Nom du projet', 'Région'];

function csvRows(from: number, count: number, name = (n: number) => `Pôle ${n}`): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = from + i;
    const siret = makeSiret(String(70000000 + (n % 1000000)).padStart(8, '0'), '0011');
    lines.push(
      [n, `p${n}@example.org`, '20/06/2021 14:32', siret, `Association ${n}`, 'Association déclarée', name(n), 'Bretagne'].join(';'),
    );
  }
  return lines.join('\r\n');
}

const csv = (body: string) => Buffer.from(`${HEADERS.join(';')}\r\n${body}\r\n`, 'utf8');

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 45000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A real XLSX layout whose one sheet inflates to `bytes` of repeated rows (a few hundred KB once compressed). */
async function inflatingXlsx(bytes: number): Promise<Buffer> {
  const zip = new ZipFile();
  const small = (name: string, xml: string) => zip.addBuffer(Buffer.from(xml), name);
  small(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
  );
  small(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Dossiers" sheetId="1"/></sheets></workbook>',
  );
  const row =
    '<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>';
  const chunk = row.repeat(Math.ceil(65536 / row.length));
  let sent = 0;
  const sheet = Readable.from(
    (function* () {
      yield '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
      while (sent < bytes) {
        sent += chunk.length;
        yield chunk;
      }
      yield '</sheetData></worksheet>';
    })(),
  );
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml');
  zip.end();
  const parts: Buffer[] = [];
  for await (const p of zip.outputStream as AsyncIterable<Buffer>) parts.push(p);
  return Buffer.concat(parts);
}

/** The same archive with its central directory claiming the sheet is 1 KB: the directory check cannot see it. */
function understated(zip: Buffer, entry: string): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(entry);
  for (let i = out.length - 46; i >= 0; i--) {
    if (out.readUInt32LE(i) !== 0x02014b50) continue;
    const len = out.readUInt16LE(i + 28);
    if (len === name.length && out.subarray(i + 46, i + 46 + len).equals(name)) {
      out.writeUInt32LE(1024, i + 24); // uncompressed size
      return out;
    }
  }
  throw new Error(`entry ${entry} not found`);
}

describe('File imports as jobs: row cap, inflating XLSX, cancel, stale runs', () => {
  let t: TestApp;
  let instructeur: Who;
  let campaignId: string;
  let redis: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    campaignId = await createCampaign(t);
    redis = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue('imports', { connection: redis, prefix: `${t.config.redisPrefix}-bull` });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    redis?.disconnect();
    await t?.close();
  });

  const upload = (file: Buffer, filename: string, phase = 1, auth = instructeur.auth) =>
    t
      .http()
      .post(`/api/campaigns/${campaignId}/imports/file`)
      .set('Authorization', auth)
      .field('phase', String(phase))
      .attach('file', file, filename);
  const getRun = (id: string) => t.http().get(`/api/imports/${id}`).set('Authorization', instructeur.auth);
  const finished = (id: string) =>
    until(
      () => getRun(id),
      (r) => !['queued', 'running'].includes(r.body.status),
    );
  const cancel = (id: string, auth = instructeur.auth) => t.http().post(`/api/imports/${id}/cancel`).set('Authorization', auth);

  it('answers 202 with the queued run; a queued import can be cancelled, then not twice', async () => {
    // No worker yet: the run waits in the queue.
    const res = await upload(csv(csvRows(6100001, 3)), 'attente.csv');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      kind: 'file',
      status: 'queued',
      phase: 1,
      filename: 'attente.csv',
      failureCode: null,
      cancelledAt: null,
    });
    expect(await queue.getJob(res.body.id)).toBeTruthy();

    const cress = await t.as(['cress'], ['53']);
    expect((await cancel(res.body.id, cress.auth)).status).toBe(403);
    const done = await cancel(res.body.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: res.body.id, status: 'cancelled', cancelledAt: expect.any(String) });
    expect(await queue.getJob(res.body.id)).toBeFalsy();
    const [row] = await t.db.query(`SELECT upload_key, cancelled_by FROM import_run WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ upload_key: null, cancelled_by: instructeur.id });

    const again = await cancel(res.body.id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'IMPORT_NOT_CANCELLABLE', message: expect.stringMatching(/annulé/) });
    expect((await cancel('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const listed = await t
      .http()
      .get(`/api/imports?filter=${encodeURIComponent(JSON.stringify({ status: 'cancelled' }))}`)
      .set('Authorization', instructeur.auth);
    expect(listed.body.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
  });

  it('fails at worker start-up the runs left running by a stopped process, not those whose job is alive', async () => {
    const insert = async (kind: string, status: string, phase = 1, age = '0 seconds') => {
      const [r] = await t.db.query(
        `INSERT INTO import_run (campaign_id, phase, kind, mode, status, started_at, created_at)
         VALUES ($1, $2, $3, 'full', $4, now(), now() - $5::interval) RETURNING id`,
        [campaignId, phase, kind, status, age],
      );
      return r.id as string;
    };
    const staleFile = await insert('file', 'running');
    const staleDs = await insert('ds', 'running', 2);
    const staleQueued = await insert('file', 'queued', 1, '10 minutes');
    const freshQueued = await insert('file', 'queued');
    const alive = await insert('file', 'running');
    // Another worker is processing `alive`: its job is active in BullMQ.
    await queue.add('file', { runId: alive }, { jobId: alive });
    const other = new Worker('imports', null, { connection: redis, prefix: `${t.config.redisPrefix}-bull`, autorun: false });
    const job = await other.getNextJob('autre-worker');
    expect(job?.id).toBe(alive);
    try {
      await t.startWorker();
      const rows = await t.db.query(`SELECT id, status, failure, failure_code FROM import_run WHERE id = ANY($1::uuid[])`, [
        [staleFile, staleDs, staleQueued, freshQueued, alive],
      ]);
      const by = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
      for (const id of [staleFile, staleDs, staleQueued]) {
        expect(by[id]).toMatchObject({
          status: 'failed',
          failure_code: 'INTERRUPTED',
          failure: expect.stringMatching(/Interrompu par un redémarrage/),
        });
      }
      expect(by[freshQueued].status).toBe('queued');
      expect(by[alive]).toMatchObject({ status: 'running', failure: null });
      const shown = await getRun(staleDs);
      expect(shown.body).toMatchObject({ kind: 'ds', status: 'failed', failureCode: 'INTERRUPTED', finishedAt: expect.any(String) });
    } finally {
      await job?.moveToFailed(new Error('fin du test'), 'autre-worker', false).catch(() => undefined);
      await other.close();
      await t.db.query(`UPDATE import_run SET status = 'failed' WHERE id = ANY($1::uuid[]) AND status IN ('queued','running')`, [
        [freshQueued, alive],
      ]);
    }
  });

  it('refuses a 60,000-row CSV past the row cap in the worker, while the API keeps answering', async () => {
    const file = csv(csvRows(6200001, 60000));
    expect(file.length).toBeGreaterThan(5 * 1024 * 1024);
    const res = await upload(file, 'soixante-mille.csv');
    expect(res.status).toBe(202);
    // The API answers while the worker has the file (same process here: the parse must not hold the event loop).
    const health = await t.http().get('/api/health');
    expect(health.status).toBe(200);
    const list = await t.http().get('/api/dossiers').set('Authorization', instructeur.auth);
    expect(list.status).toBe(200);
    const imports = await t.http().get('/api/imports').set('Authorization', instructeur.auth);
    expect(imports.status).toBe(200);

    const run = await finished(res.body.id);
    expect(run.body).toMatchObject({
      status: 'failed',
      failureCode: 'TOO_MANY_ROWS',
      failure: expect.stringMatching(/plus de 5\s000 lignes.*rien n’a été importé/),
      created: 0,
      processed: 0,
    });
    const [n] = await t.db.query(`SELECT count(*)::int AS n FROM dossier WHERE ds_number BETWEEN 6200001 AND 6260000`);
    expect(n.n).toBe(0);
    // The stored file is dropped once the run has ended (just after its status: waited for, not raced).
    let uploadKey: string | null = 'pending';
    for (let i = 0; i < 200 && uploadKey !== null; i++) {
      uploadKey = (await t.db.query(`SELECT upload_key FROM import_run WHERE id = $1`, [res.body.id]))[0].upload_key;
      if (uploadKey !== null) await new Promise((r) => setTimeout(r, 50));
    }
    expect(uploadKey).toBeNull();
  });

  it('refuses an XLSX that would inflate past the cap, from its zip directory, without the memory jumping', async () => {
    const bomb = await inflatingXlsx(120 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const res = await upload(bomb, 'export.xlsx');
    const after = process.memoryUsage().rss;
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ARCHIVE_TOO_LARGE', message: expect.stringMatching(/décompressé.*50 Mo/) });
    // Loading it (the old way) took the process past a gigabyte; reading the directory costs nothing.
    expect(after - before).toBeLessThan(100 * 1024 * 1024);
    expect((await t.http().get('/api/health')).status).toBe(200);
    const [n] = await t.db.query(`SELECT count(*)::int AS n FROM import_run WHERE filename = 'export.xlsx'`);
    expect(n.n).toBe(0);
  });

  it('refuses in the worker an XLSX whose directory understates what it inflates to', async () => {
    const liar = understated(await inflatingXlsx(80 * 1024 * 1024), 'xl/worksheets/sheet1.xml');
    const res = await upload(liar, 'menteur.xlsx');
    expect(res.status).toBe(202);
    const run = await finished(res.body.id);
    expect(run.body).toMatchObject({
      status: 'failed',
      failureCode: 'ARCHIVE_TOO_LARGE',
      failure: expect.stringMatching(/décompressé/),
      created: 0,
    });
    expect((await t.http().get('/api/health')).status).toBe(200);
  });

  it('cancels a running import between two rows: what was written stays, the rest is not imported', async () => {
    // Row 10's dossier exists already; a transaction holds it, so the import stops there until we let go.
    const first = await upload(csv(csvRows(6300010, 1)), 'un.csv');
    expect((await finished(first.body.id)).body).toMatchObject({ status: 'done', created: 1 });
    const lock = new Client({ connectionString: t.config.databaseUrl });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query(`SELECT id FROM dossier WHERE ds_number = 6300010 FOR UPDATE`);
      const res = await upload(csv(csvRows(6300001, 30, (n) => `Pôle renommé ${n}`)), 'trente.csv');
      expect(res.status).toBe(202);
      await until(
        async () => (await t.db.query(`SELECT count(*)::int AS n FROM dossier WHERE ds_number BETWEEN 6300001 AND 6300009`))[0].n,
        (n) => n === 9,
      );
      const c = await cancel(res.body.id);
      expect(c.status).toBe(200);
      expect(c.body.status).toBe('cancelled');
      await lock.query('ROLLBACK');
      await until(
        async () => (await queue.getJob(res.body.id))?.getState(),
        (s) => s === 'completed',
      );
      const run = await getRun(res.body.id);
      expect(run.body).toMatchObject({ status: 'cancelled', total: 30, created: 9, updated: 1 });
      const [after] = await t.db.query(`SELECT count(*)::int AS n FROM dossier WHERE ds_number BETWEEN 6300011 AND 6300030`);
      expect(after.n).toBe(0);
      const done = await cancel(first.body.id);
      expect(done.body.code).toBe('IMPORT_NOT_CANCELLABLE');
    } finally {
      await lock.end();
    }
  });
});
