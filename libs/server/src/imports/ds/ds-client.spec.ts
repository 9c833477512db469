import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImportSettings } from '../import-settings';
import { AttachmentRefused, DsApiError, DsClient } from './ds-client';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

describe('DsClient (HTTP behaviour against a scripted server)', () => {
  let server: Server;
  let base: string;
  let handler: Handler = () => undefined;
  let calls = 0;
  const dir = mkdtempSync(join(tmpdir(), 'ds-client-'));
  const settings = { ...loadImportSettings({}), retryBaseMs: 1, maxAttempts: 3 };
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res, ++calls));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    calls = 0;
    waits.length = 0;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  it('retries 5xx with backoff, then succeeds; sends the Bearer token', async () => {
    let auth = '';
    handler = (req, res, n) => {
      auth = req.headers.authorization ?? '';
      if (n < 3) return json(res, 502, {});
      json(res, 200, { data: { ok: true } });
    };
    const client = new DsClient(`${base}/api/v2/graphql`, 'secret', settings, sleep);
    await expect(client.query('{ ok }', {}, 'Q')).resolves.toEqual({ ok: true });
    expect(auth).toBe('Bearer secret');
    expect(client.stats.retries).toBe(2);
    expect(waits).toHaveLength(2);
  });

  it('gives up after the bounded number of attempts', async () => {
    handler = (_req, res) => json(res, 503, {});
    const client = new DsClient(base, null, settings, sleep);
    await expect(client.query('{ ok }', {}, 'Q')).rejects.toThrow(/injoignable après 3 tentatives \(HTTP 503\)/);
    expect(calls).toBe(3);
  });

  it('waits what RateLimit-Reset says on 429, without counting it as a failure', async () => {
    handler = (_req, res, n) => (n <= 4 ? json(res, 429, {}, { 'RateLimit-Reset': '2' }) : json(res, 200, { data: { ok: 1 } }));
    const client = new DsClient(base, null, settings, sleep);
    await expect(client.query('{ ok }', {}, 'Q')).resolves.toEqual({ ok: 1 });
    expect(waits).toEqual([2000, 2000, 2000, 2000]);
  });

  it('fails on GraphQL errors and on a refused token', async () => {
    handler = (_req, res) => json(res, 200, { errors: [{ message: 'Field x does not exist' }] });
    await expect(new DsClient(base, null, settings, sleep).query('{ x }', {}, 'Q')).rejects.toThrow(DsApiError);
    handler = (_req, res) => json(res, 401, { errors: [{ message: 'Unauthorized' }] });
    await expect(new DsClient(base, 'bad', settings, sleep).query('{ x }', {}, 'Q')).rejects.toThrow(/jeton/);
  });

  it('downloads a file with its MD5, and stops a file that turns out larger than the limit', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/pdf' }); // no Content-Length: streamed
      res.end(Buffer.alloc(req.url === '/big' ? 5000 : 1000, 7));
    };
    const client = new DsClient(base, null, settings, sleep);
    const ok = await client.download(`${base}/small`, join(dir, 'a.pdf'), { maxBytes: 2000, allowedTypes: ['application/pdf'] });
    expect(ok).toMatchObject({ byteSize: 1000, contentType: 'application/pdf' });
    expect(readFileSync(join(dir, 'a.pdf'))).toHaveLength(1000);
    await expect(client.download(`${base}/big`, join(dir, 'b.pdf'), { maxBytes: 2000, allowedTypes: ['application/pdf'] })).rejects.toThrow(
      /trop volumineux/,
    );
    expect(() => readFileSync(join(dir, 'b.pdf.part'))).toThrow();
  });

  it('refuses a served type that is not accepted, and reports an expired link as worth retrying later', async () => {
    handler = (req, res) => {
      if (req.url === '/gone') return json(res, 403, {});
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html></html>');
    };
    const client = new DsClient(base, null, settings, sleep);
    await expect(
      client.download(`${base}/page`, join(dir, 'c'), { maxBytes: 2000, allowedTypes: ['application/pdf'] }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/text\/html/),
      transient: false,
    });
    const gone = client.download(`${base}/gone`, join(dir, 'd'), { maxBytes: 2000, allowedTypes: ['application/pdf'] });
    await expect(gone).rejects.toBeInstanceOf(AttachmentRefused);
    await expect(gone).rejects.toMatchObject({ transient: true });
  });
});
