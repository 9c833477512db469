import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findChamp,
  generateDemo,
  generateDossiers,
  LABELS,
  removeChamp,
  RunningStandin,
  startDsStandin,
  withInvalidSiret,
} from '@ptce/ds-standin';
import type { DsDossier } from '@ptce/ds-standin';
import { ImportRunsService } from '@ptce/server/imports/imports.service';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

// Short backoff so that the "DS unreachable" case takes milliseconds, not seconds (read when the app starts).
process.env.DS_RETRY_BASE_MS = '10';

const TOKEN = 'jeton-de-test';
const DEADLINE = new Date('2021-06-23T21:59:59Z');
const D_MAIN = 61001; // 250 dossiers: paging, re-runs, updatedSince, deletions, 429
const D_WORKER = 61002; // 120 dossiers: through the API and a real worker
const DS_REGION_OF = (d: DsDossier): string => {
  const c = findChamp(d, LABELS.region);
  return c && c.__typename === 'RegionChamp' ? (c.region?.code ?? '') : '';
};

type Who = Awaited<ReturnType<TestApp['as']>>;

async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 15000, every = 20): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

describe('DS import against the stand-in over HTTP', () => {
  let standin: RunningStandin;
  let t: TestApp;
  let runs: ImportRunsService;
  let admin: Who;
  let instructeur: Who;
  let storage: string;
  let main: ReturnType<typeof generateDemo>;
  let badSiret: number;
  let noName: number;
  let campaignId: string;

  beforeAll(async () => {
    standin = await startDsStandin({
      token: TOKEN,
      dossiers: (base) => {
        main = generateDemo({
          demarcheNumber: D_MAIN,
          count: 250,
          seed: 7,
          phase: 1,
          deadline: DEADLINE,
          baseUrl: base,
          lateCount: 4,
          missingStatutsCount: 3,
          hugeFileCount: 1,
          startNumber: 7_100_001,
        });
        const flagged = new Set([...main.lateNumbers, ...main.missingStatutsNumbers, ...main.hugeFileNumbers]);
        const plain = main.dossiers.filter((d) => !flagged.has(d.number));
        badSiret = withInvalidSiret(plain[10] as DsDossier).number;
        noName = removeChamp(plain[20] as DsDossier, LABELS.nomProjet).number;
        const worker = generateDossiers({
          demarcheNumber: D_WORKER,
          count: 120,
          seed: 8,
          phase: 1,
          deadline: DEADLINE,
          baseUrl: base,
          startNumber: 7_200_001,
        });
        return { [D_MAIN]: main.dossiers, [D_WORKER]: worker };
      },
    });
    storage = mkdtempSync(join(tmpdir(), 'ptce-imports-'));
    t = await startTestApp({ DS_API_URL: standin.url, DS_API_TOKEN: TOKEN, STORAGE_DIR: storage });
    runs = t.app.get(ImportRunsService);
    admin = await t.as(['admin']);
    instructeur = await t.as(['instructeur']);
    campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET ds_demarche_phase1 = $2 WHERE id = $1`, [campaignId, D_MAIN]);
  });
  afterAll(async () => {
    await t?.close();
    await standin?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  });

  const dossiersOf = (id: string) => t.db.query(`SELECT * FROM dossier WHERE campaign_id = $1 ORDER BY ds_number`, [id]);
  const graphqlCalls = () => standin.state.requests.filter((r) => r.operationName === 'ImportDossiers');

  it('imports 250 dossiers over 3 pages: malformed ones reported, a too large file refused, the others in instruction', async () => {
    const before = graphqlCalls().length;
    const run = await runs.runDsNow(campaignId, 1, { mode: 'incremental' });
    expect(run).toMatchObject({
      status: 'done',
      kind: 'ds',
      phase: 1,
      pagesDone: 3,
      created: 248,
      updated: 0,
      unchanged: 0,
      skipped: 2,
      processed: 250,
    });
    const calls = graphqlCalls().slice(before);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.variables?.first === 100 && c.variables?.updatedSince === null)).toBe(true);

    const huge = main.hugeFileNumbers[0] as number;
    expect(run.errors).toEqual(
      expect.arrayContaining([
        { dsNumber: badSiret, reason: expect.stringMatching(/SIRET.*invalide.*clé de contrôle/) },
        { dsNumber: noName, reason: expect.stringMatching(/Nom du projet absent/) },
        { dsNumber: huge, reason: expect.stringMatching(/trop volumineux/) },
      ]),
    );
    expect(run.errors).toHaveLength(3);

    const rows = await dossiersOf(campaignId);
    expect(rows).toHaveLength(248);
    expect(rows.map((r: { ds_number: number }) => r.ds_number)).not.toContain(badSiret);
    expect(new Set(rows.map((r: { state: string }) => r.state))).toEqual(new Set(['en_instruction']));
    expect(rows.every((r: { source: string }) => r.source === 'ds')).toBe(true);
    expect(
      rows
        .filter((r: { late_deposit: boolean }) => r.late_deposit)
        .map((r: { ds_number: number }) => r.ds_number)
        .sort(),
    ).toEqual([...main.lateNumbers].sort());

    // Structure, region and legal form as DS gives them.
    const sample = main.dossiers.find(
      (d) => !main.lateNumbers.includes(d.number) && d.number !== badSiret && d.number !== noName,
    ) as DsDossier;
    const got = rows.find((r: { ds_number: number }) => r.ds_number === sample.number);
    if (sample.demandeur.__typename !== 'PersonneMorale') throw new Error('unexpected demandeur');
    expect(got).toMatchObject({
      structure_siret: sample.demandeur.siret,
      structure_name: sample.demandeur.entreprise?.raisonSociale,
      structure_legal_form_code: sample.demandeur.entreprise?.formeJuridiqueCode,
      region: DS_REGION_OF(sample),
    });

    // The huge file is not stored; the dossier is there, without statuts. A normal file is stored, byte for byte.
    const hugeRow = rows.find((r: { ds_number: number }) => r.ds_number === huge);
    expect(hugeRow).toBeDefined();
    expect(await t.db.query(`SELECT 1 FROM dossier_attachment WHERE dossier_id = $1`, [hugeRow.id])).toHaveLength(0);
    const [att] = await t.db.query(`SELECT * FROM dossier_attachment WHERE dossier_id = $1`, [got.id]);
    const dsFile = (findChamp(sample, LABELS.statuts) as { files: { checksum: string; byteSize: number; filename: string }[] }).files[0];
    expect(att).toMatchObject({ kind: 'statuts', filename: dsFile?.filename, checksum: dsFile?.checksum, content_type: 'application/pdf' });
    const bytes = readFileSync(join(storage, att.storage_key));
    expect(statSync(join(storage, att.storage_key)).size).toBe(dsFile?.byteSize);
    expect(createHash('md5').update(bytes).digest('base64')).toBe(dsFile?.checksum);
    const noStatuts = rows.filter((r: { ds_number: number }) => main.missingStatutsNumbers.includes(r.ds_number));
    for (const r of noStatuts) expect(await t.db.query(`SELECT 1 FROM dossier_attachment WHERE dossier_id = $1`, [r.id])).toHaveLength(0);

    // The workflow: deposited by the import, then opened by the system; raw DS JSON kept.
    const journal = (await t.http().get(`/api/dossiers/${got.id}/journal`).set('Authorization', instructeur.auth)).body;
    expect(journal.slice(0, 2)).toMatchObject([
      { action: 'importer', to: 'depose', actorRole: 'system' },
      { action: 'ouvrir_instruction', from: 'depose', to: 'en_instruction', actorRole: 'system' },
    ]);
    const [raw] = await t.db.query(`SELECT ds_number, payload FROM dossier_ds_raw WHERE dossier_id = $1`, [got.id]);
    expect(raw.ds_number).toBe(sample.number);
    expect(raw.payload).toMatchObject({ number: sample.number, demandeur: { siret: sample.demandeur.siret } });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE type = 'dossier.depose' AND campaign_id = $1`, [
      campaignId,
    ]);
    expect(n).toBe(248);
  });

  it('a second run creates nothing: incremental asks DS for changes only, a full run counts everything unchanged', async () => {
    const files = standin.state.fileRequestCount;
    const inc = await runs.runDsNow(campaignId, 1);
    expect(inc).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 0, skipped: 0, pagesDone: 1 });
    expect(inc.updatedSince).not.toBeNull();
    expect(graphqlCalls().at(-1)?.variables?.updatedSince).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/));

    const full = await runs.runDsNow(campaignId, 1, { mode: 'full' });
    expect(full).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 248, skipped: 2, pagesDone: 3, updatedSince: null });
    expect(standin.state.fileRequestCount).toBe(files); // nothing downloaded again
    expect(await dossiersOf(campaignId)).toHaveLength(248);
  });

  it('updatedSince picks only the dossiers changed on DS; a changed one is updated and journaled', async () => {
    const [a, b] = main.dossiers.filter((d) => d.number !== badSiret && d.number !== noName).slice(30, 32) as [DsDossier, DsDossier];
    standin.state.touch(a.number, new Date(), { projectName: 'Pôle renommé sur DS' });
    standin.state.touch(b.number); // modified on DS, nothing we import changed
    const [before] = await t.db.query(`SELECT id, version FROM dossier WHERE campaign_id = $1 AND ds_number = $2`, [campaignId, a.number]);
    const run = await runs.runDsNow(campaignId, 1);
    expect(run).toMatchObject({ status: 'done', created: 0, updated: 1, unchanged: 1, skipped: 0, processed: 2 });
    const [after] = await t.db.query(`SELECT project_name, version FROM dossier WHERE id = $1`, [before.id]);
    expect(after).toEqual({ project_name: 'Pôle renommé sur DS', version: before.version + 1 });
    const journal = (await t.http().get(`/api/dossiers/${before.id}/journal`).set('Authorization', instructeur.auth)).body;
    expect(journal.find((j: { action: string }) => j.action === 'reimporter')).toMatchObject({
      actorRole: 'system',
      data: { fields: ['projectName'] },
    });
  });

  it('closes "sans suite" a dossier deleted on DS, with the motif "retiré par le porteur"', async () => {
    const victim = main.dossiers.find((d) => d.number !== badSiret && d.number !== noName && d.number > 7_100_100) as DsDossier;
    standin.state.delete(victim.number);
    const run = await runs.runDsNow(campaignId, 1);
    expect(run).toMatchObject({ status: 'done', deleted: 1, created: 0 });
    const [row] = await t.db.query(`SELECT id, state FROM dossier WHERE campaign_id = $1 AND ds_number = $2`, [campaignId, victim.number]);
    expect(row.state).toBe('sans_suite');
    const journal = (await t.http().get(`/api/dossiers/${row.id}/journal`).set('Authorization', instructeur.auth)).body;
    expect(journal.find((j: { action: string }) => j.action === 'classer_sans_suite')).toMatchObject({
      to: 'sans_suite',
      actorRole: 'system',
      motif: expect.stringMatching(/retiré par le porteur/),
    });
    // A later full run does not count it again.
    const again = await runs.runDsNow(campaignId, 1, { mode: 'full' });
    expect(again.deleted).toBe(0);
  });

  it('waits out an HTTP 429 in the middle as RateLimit-Reset says, then finishes', async () => {
    const before = standin.state.requestCount;
    const started = Date.now();
    const pending = runs.runDsNow(campaignId, 1, { mode: 'full' });
    await until(
      () => standin.state.requestCount,
      (n) => n > before,
      10000,
      2,
    );
    standin.state.failNextWith429(1, 1); // the next page answers 429, RateLimit-Reset: 1
    const run = await pending;
    expect(run).toMatchObject({ status: 'done', unchanged: 247, skipped: 2, pagesDone: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const statuses = standin.state.requests.slice(-6).map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses.at(-1)).toBe(200);
  });

  it('fails the run with a clear reason when DS stays unreachable (bounded retries)', async () => {
    const run = await runs.runDsNow(campaignId, 1, { endpoint: 'http://127.0.0.1:9/api/v2/graphql' });
    expect(run.status).toBe('failed');
    expect(run.failure).toMatch(/injoignable après 5 tentatives/);
    const bad = await runs.runDsNow(campaignId, 1, { token: 'mauvais-jeton' });
    expect(bad).toMatchObject({ status: 'failed', failure: expect.stringMatching(/jeton/) });
  });

  it('runs through the API and a real worker, with progress, a report and the list', async () => {
    const other = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET ds_demarche_phase1 = $2 WHERE id = $1`, [other, D_WORKER]);
    await t.startWorker();
    const res = await t.http().post(`/api/campaigns/${other}/imports/ds`).set('Authorization', instructeur.auth).send({ phase: 1 });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', kind: 'ds', phase: 1, campaignId: other, created: 0 });
    const twice = await t.http().post(`/api/campaigns/${other}/imports/ds`).set('Authorization', admin.auth).send({ phase: 1 });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'IMPORT_ALREADY_RUNNING', details: { importId: res.body.id } });

    const seen: { status: string; processed: number }[] = [];
    const done = await until(
      async () => {
        const r = await t.http().get(`/api/imports/${res.body.id}`).set('Authorization', instructeur.auth);
        seen.push({ status: r.body.status, processed: r.body.processed });
        return r.body;
      },
      (b) => b.status === 'done' || b.status === 'failed',
      120000, // a bound for loaded machines, not a duration under test
      25,
    );
    expect(done).toMatchObject({
      status: 'done',
      created: 120,
      pagesDone: 2,
      errors: [],
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(seen.some((s) => s.status === 'running' && s.processed > 0 && s.processed < 120)).toBe(true);
    const processed = seen.map((s) => s.processed);
    expect(processed).toEqual([...processed].sort((x, y) => x - y)); // progress never goes back

    const list = await t
      .http()
      .get('/api/imports')
      .query({ filter: JSON.stringify({ campaignId: other }), range: '[0,9]' })
      .set('Authorization', admin.auth);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toBe('imports 0-0/1');
    expect(list.body[0]).toMatchObject({ id: res.body.id, status: 'done', errorCount: 0 });
    expect(list.body[0].errors).toBeUndefined();

    // A run left "running" by a dead worker does not block the campaign forever.
    const [stale] = await t.db.query(
      `INSERT INTO import_run (campaign_id, phase, kind, status, started_at, updated_at) VALUES ($1, 1, 'ds', 'running', now() - interval '1 hour', now() - interval '1 hour') RETURNING id`,
      [other],
    );
    const next = await t
      .http()
      .post(`/api/campaigns/${other}/imports/ds`)
      .set('Authorization', admin.auth)
      .send({ phase: 1, mode: 'full' });
    expect(next.status).toBe(202);
    const old = await t.http().get(`/api/imports/${stale.id}`).set('Authorization', admin.auth);
    expect(old.body).toMatchObject({ status: 'failed', failure: expect.stringMatching(/interrompu/) });
    const second = await until(
      async () => (await t.http().get(`/api/imports/${next.body.id}`).set('Authorization', admin.auth)).body,
      (b) => b.status === 'done' || b.status === 'failed',
      120000,
      50,
    );
    expect(second).toMatchObject({ status: 'done', created: 0, unchanged: 120, mode: 'full' });
  });

  it('checks who may import, and what', async () => {
    const cress = await t.as(['cress'], ['53']);
    expect(
      (await t.http().post(`/api/campaigns/${campaignId}/imports/ds`).set('Authorization', cress.auth).send({ phase: 1 })).status,
    ).toBe(403);
    expect((await t.http().get('/api/imports').set('Authorization', cress.auth)).status).toBe(403);
    expect((await t.http().post(`/api/campaigns/${campaignId}/imports/ds`).send({ phase: 1 })).status).toBe(401);
    const noPhase2 = await t.http().post(`/api/campaigns/${campaignId}/imports/ds`).set('Authorization', admin.auth).send({ phase: 2 });
    expect(noPhase2.status).toBe(409);
    expect(noPhase2.body.code).toBe('DS_DEMARCHE_MISSING');
    const badPhase = await t.http().post(`/api/campaigns/${campaignId}/imports/ds`).set('Authorization', admin.auth).send({ phase: 3 });
    expect(badPhase.status).toBe(400);
    expect(badPhase.body.details.phase).toBe('La phase vaut 1 ou 2.');
    expect((await t.http().get('/api/imports/00000000-0000-4000-8000-000000000000').set('Authorization', admin.auth)).status).toBe(404);
    expect((await t.http().get('/api/imports').query({ filter: '{"colour":"red"}' }).set('Authorization', admin.auth)).status).toBe(400);
  });

  it('lets the admin edit the label mapping, which the next import follows', async () => {
    const get = await t.http().get(`/api/campaigns/${campaignId}/ds-mapping`).set('Authorization', instructeur.auth);
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({
      isDefault: true,
      fields: { projectName: 'Nom du projet', region: 'Région', 'sections.gouvernance': 'Mode de gouvernance' },
    });
    expect(get.body.targets.find((x: { key: string }) => x.key === 'amountRequested')).toMatchObject({ type: 'euros', phase: 2 });

    expect(
      (await t.http().put(`/api/campaigns/${campaignId}/ds-mapping`).set('Authorization', instructeur.auth).send({ fields: {} })).status,
    ).toBe(403);
    const invalid = await t
      .http()
      .put(`/api/campaigns/${campaignId}/ds-mapping`)
      .set('Authorization', admin.auth)
      .send({ fields: { projectName: '', couleur: 'x' } });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.details).sort()).toEqual(['fields.couleur', 'fields.projectName']);

    const put = await t
      .http()
      .put(`/api/campaigns/${campaignId}/ds-mapping`)
      .set('Authorization', admin.auth)
      .send({ fields: { projectName: 'Intitulé du pôle' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ isDefault: false, fields: { projectName: 'Intitulé du pôle', region: 'Région' } });
    const run = await runs.runDsNow(campaignId, 1, { mode: 'full' });
    expect(run.skipped).toBe(249);
    expect(run.errors.filter((e) => /Intitulé du pôle/.test(e.reason))).toHaveLength(248);
    const reset = await t.http().put(`/api/campaigns/${campaignId}/ds-mapping`).set('Authorization', admin.auth).send({ fields: {} });
    expect(reset.body.isDefault).toBe(true);
  });
});
