import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { generateDossiers, RunningStandin, startDsStandin } from '@ptce/ds-standin';
import { ImportRunsService } from '@ptce/server/imports/imports.service';
import { createObjectStore, FileObjectStore, InvalidStorageKey, ObjectStore, S3ObjectStore } from '@ptce/server/storage/object-store';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

// s3rver (a real S3-protocol server on a local folder) has no type declarations.
const S3rver = require('s3rver') as new (o: Record<string, unknown>) => {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
};

process.env.DS_RETRY_BASE_MS = '10';
const BUCKET = 'ptce-test';
const TOKEN = 'jeton-storage';
const DEMARCHE = 63001;

interface S3Server {
  endpoint: string;
  close(): Promise<void>;
}

async function startS3(dir: string): Promise<S3Server> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}

const S3_ENV = (endpoint: string) => ({
  S3_ENDPOINT: endpoint,
  S3_REGION: 'us-east-1',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
});

async function readAll(s: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString();
}

describe('object storage: one interface, a folder or S3 (s3rver), shared by the API and the worker', () => {
  let s3: S3Server;
  const dirs: string[] = [];
  const tmp = (p: string) => {
    const d = mkdtempSync(join(tmpdir(), p));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    s3 = await startS3(tmp('ptce-s3rver-'));
  });
  afterAll(async () => {
    await s3?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('chooses the driver from STORAGE_URL and refuses a URL it cannot use, in French', () => {
    expect(createObjectStore(null, '.storage')).toBeInstanceOf(FileObjectStore);
    expect(createObjectStore('file:///var/lib/ptce', '.storage').describe()).toBe('file:///var/lib/ptce');
    const s = createObjectStore('s3://ptce-attachments/prod', '', { S3_ENDPOINT: 'http://minio:9000' });
    expect(s).toBeInstanceOf(S3ObjectStore);
    expect((s as S3ObjectStore).settings).toMatchObject({ bucket: 'ptce-attachments', prefix: 'prod/', forcePathStyle: true });
    expect(() => createObjectStore('ftp://x', '')).toThrow(/STORAGE_URL invalide/);
    expect(() => createObjectStore('s3://', '')).toThrow(/STORAGE_URL invalide/);
  });

  for (const kind of ['file', 's3'] as const) {
    it(`${kind} driver: put (buffer and file), get, exists, delete; missing is null; keys outside the store refused`, async () => {
      const store: ObjectStore =
        kind === 'file'
          ? createObjectStore(`file://${tmp('ptce-store-')}`, '')
          : createObjectStore(`s3://${BUCKET}/unit`, '', S3_ENV(s3.endpoint));
      await store.check();
      await store.put('a/b/statuts.pdf', Buffer.from('%PDF-1.4 statuts'), 'application/pdf');
      const src = join(tmp('ptce-src-'), 'x.bin');
      writeFileSync(src, Buffer.alloc(300_000, 7));
      await store.put('a/big.bin', { fromPath: src });
      expect(await store.exists('a/b/statuts.pdf')).toBe(true);
      expect(await readAll((await store.get('a/b/statuts.pdf'))!)).toBe('%PDF-1.4 statuts');
      expect((await store.getBuffer('a/big.bin'))!.equals(Buffer.alloc(300_000, 7))).toBe(true);
      expect(await store.get('a/none.pdf')).toBeNull();
      expect(await store.exists('a/none.pdf')).toBe(false);
      await store.delete('a/b/statuts.pdf');
      expect(await store.exists('a/b/statuts.pdf')).toBe(false);
      await store.delete('a/b/statuts.pdf'); // deleting twice is fine
      for (const bad of ['../../etc/passwd', '/etc/passwd', 'a/../../x', 'a//b', '']) {
        await expect(store.get(bad)).rejects.toBeInstanceOf(InvalidStorageKey);
      }
    });
  }

  describe('the product on S3: a DS import by the worker side, the statuts downloaded through the API', () => {
    let standin: RunningStandin;
    let t: TestApp;
    let localDir: string;
    const envBefore = { ...process.env };

    beforeAll(async () => {
      // The S3 endpoint and keys are read from the environment (like AWS_* in production).
      Object.assign(process.env, S3_ENV(s3.endpoint));
      standin = await startDsStandin({
        token: TOKEN,
        dossiers: (base) => ({
          [DEMARCHE]: generateDossiers({
            demarcheNumber: DEMARCHE,
            count: 6,
            seed: 63,
            phase: 1,
            deadline: new Date('2021-06-23T21:59:59Z'),
            baseUrl: base,
            startNumber: 7_630_001,
          }),
        }),
      });
      localDir = tmp('ptce-local-');
      t = await startTestApp({
        DS_API_URL: standin.url,
        DS_API_TOKEN: TOKEN,
        STORAGE_DIR: localDir,
        STORAGE_URL: `s3://${BUCKET}/e2e`,
      });
    });
    afterAll(async () => {
      await t?.close();
      await standin?.close();
      for (const k of Object.keys(S3_ENV(''))) if (!(k in envBefore)) delete process.env[k];
    });

    it('stores imported attachments in the bucket (nothing on the local disk) and serves them from there', async () => {
      const campaignId = await createCampaign(t);
      await t.db.query(`UPDATE campaign SET ds_demarche_phase1 = $2 WHERE id = $1`, [campaignId, DEMARCHE]);
      const run = await t.app.get(ImportRunsService).runDsNow(campaignId, 1, { mode: 'incremental' });
      expect(run).toMatchObject({ status: 'done', created: 6 });
      const atts: { id: string; dossier_id: string; storage_key: string; checksum: string }[] = await t.db.query(
        `SELECT a.id, a.dossier_id, a.storage_key, a.checksum FROM dossier_attachment a JOIN dossier d ON d.id = a.dossier_id
          WHERE d.campaign_id = $1 AND a.storage_key IS NOT NULL ORDER BY a.storage_key`,
        [campaignId],
      );
      expect(atts.length).toBeGreaterThanOrEqual(6);
      expect(readdirSync(localDir)).toEqual([]);
      const store = createObjectStore(`s3://${BUCKET}/e2e`, '', S3_ENV(s3.endpoint)) as S3ObjectStore;
      const head = await store.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `e2e/${atts[0]!.storage_key}` }));
      expect(head.ContentLength).toBeGreaterThan(0);

      const instructeur = await t.as(['instructeur']);
      for (const a of atts.slice(0, 3)) {
        const res = await t
          .http()
          .get(`/api/dossiers/${a.dossier_id}/attachments/${a.id}/file`)
          .set('Authorization', instructeur.auth)
          .buffer(true)
          .parse((r, cb) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => cb(null, Buffer.concat(chunks)));
          });
        expect(res.status).toBe(200);
        expect(
          createHash('md5')
            .update(res.body as Buffer)
            .digest('base64'),
        ).toBe(a.checksum);
      }
      // Gone from the bucket: a clear 404, not a 500.
      await store.delete(atts[0]!.storage_key);
      const gone = await t
        .http()
        .get(`/api/dossiers/${atts[0]!.dossier_id}/attachments/${atts[0]!.id}/file`)
        .set('Authorization', instructeur.auth);
      expect(gone.status).toBe(404);
      expect(gone.body.code).toBe('ATTACHMENT_NOT_STORED');
    });
  });
});
