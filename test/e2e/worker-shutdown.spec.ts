import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDossiers, RunningStandin, startDsStandin } from '@ptce/ds-standin';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { spawnWorkerProcess } from '../helpers/worker-process';
import { eventually } from '../helpers/wait';

const TOKEN = 'jeton-arret';
const DEMARCHE = 61501;
// 600 dossiers, 5 a page: 120 pages, far more than the worker gets through between its first page and the signal.
const COUNT = 600;
const PAGE_SIZE = '5';

interface Spawned {
  child: ChildProcess;
  output: () => string;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

/** The real worker entry point (apps/worker/src/main.ts) in a process of its own, once it says it is ready. */
function spawnWorker(t: TestApp, storage: string): Promise<Spawned> {
  const child = spawnWorkerProcess(t, {
    DS_API_URL: t.config.dsApiUrl ?? '',
    DS_API_TOKEN: TOKEN,
    DS_PAGE_SIZE: PAGE_SIZE,
    STORAGE_DIR: storage,
  });
  let out = '';
  const s: Spawned = { child, output: () => out, exit: null };
  child.once('exit', (code, signal) => (s.exit = { code, signal }));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Worker prêt')) resolve(s);
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`worker sorti (${code}) avant d’être prêt : ${out}`)));
  });
}

describe('worker: SIGTERM during a long DS import', () => {
  let standin: RunningStandin;
  let t: TestApp;
  let storage: string;
  const workers: Spawned[] = [];

  beforeAll(async () => {
    standin = await startDsStandin({
      token: TOKEN,
      dossiers: (base) => ({
        [DEMARCHE]: generateDossiers({
          demarcheNumber: DEMARCHE,
          count: COUNT,
          seed: 15,
          phase: 1,
          deadline: new Date('2021-06-23T21:59:59Z'),
          baseUrl: base,
          startNumber: 7_500_001,
        }),
      }),
    });
    storage = mkdtempSync(path.join(tmpdir(), 'ptce-arret-'));
    t = await startTestApp({ DS_API_URL: standin.url, DS_API_TOKEN: TOKEN, STORAGE_DIR: storage });
  });
  afterAll(async () => {
    for (const w of workers) if (!w.exit) w.child.kill('SIGKILL');
    await t?.close();
    await standin?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  });

  it('stops at the next dossier, exits 0 by itself; the next worker finishes the run, every dossier imported once', async () => {
    const campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET ds_demarche_phase1 = $2 WHERE id = $1`, [campaignId, DEMARCHE]);
    const admin = await t.as(['admin']);
    const run = async (id: string) => (await t.db.query(`SELECT * FROM import_run WHERE id = $1`, [id]))[0];
    const imported = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM dossier WHERE campaign_id = $1`, [campaignId]))[0].n as number;

    const first = await spawnWorker(t, storage);
    workers.push(first);
    const res = await t.http().post(`/api/campaigns/${campaignId}/imports/ds`).set('Authorization', admin.auth).send({ phase: 1 });
    expect(res.status).toBe(202);
    const runId: string = res.body.id;

    await eventually('le premier worker avance dans l’import', async () => (await run(runId)).pages_done >= 1, 60000);
    first.child.kill('SIGTERM');
    // Bounded wait for the process to end on its own (never killed here): before the fix it went on to the last page.
    const exit = await eventually('le worker s’arrête de lui-même', async () => first.exit, 60000);
    expect({ exit, output: first.output() }).toEqual({ exit: { code: 0, signal: null }, output: expect.stringContaining('Worker arrêté') });

    // Stopped midway, handed back to the queue: not failed, not done, not cancelled.
    const stopped = await run(runId);
    expect(stopped).toMatchObject({ status: 'queued', failure: null, cancelled_at: null });
    const atStop = await imported();
    expect(atStop).toBeGreaterThan(0);
    expect(atStop).toBeLessThan(COUNT);

    const second = await spawnWorker(t, storage);
    workers.push(second);
    const done = await eventually(
      'le second worker termine l’import',
      async () => {
        const r = await run(runId);
        if (r.status === 'failed' || r.status === 'cancelled') throw new Error(`import ${r.status} : ${r.failure}`);
        return r.status === 'done' && r;
      },
      240000,
    );
    // Started again from the first page: what the first worker wrote is found unchanged, the rest is created.
    expect(done).toMatchObject({ skipped: 0, updated: 0, errors: [] });
    expect(done.created + done.unchanged).toBe(COUNT);
    expect(done.unchanged).toBeGreaterThanOrEqual(atStop);

    const [counts] = await t.db.query(
      `SELECT count(*)::int AS dossiers, count(DISTINCT ds_number)::int AS numbers,
              (SELECT count(*)::int FROM dossier_journal j JOIN dossier x ON x.id = j.dossier_id
                WHERE x.campaign_id = $1 AND j.action = 'importer') AS imports
         FROM dossier WHERE campaign_id = $1`,
      [campaignId],
    );
    expect(counts).toEqual({ dossiers: COUNT, numbers: COUNT, imports: COUNT });
  });
});
