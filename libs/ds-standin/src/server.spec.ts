import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HUGE_FILE_BYTES, generateDemo, removeChamp, withInvalidSiret } from './generate';
import { LABELS } from './form';
import { luhnValid } from './luhn';
import { RunningStandin, startDsStandin } from './server';

const LIST_DOSSIERS = readFileSync(join(__dirname, '..', 'list_dossiers.graphql'), 'utf8');
const DEADLINE = new Date('2021-06-23T21:59:59Z');
const DEMARCHE = 45021;
const TOKEN = 'test-token';

interface GqlResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk the JSON answer freely
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[] } | null;
  text: string;
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = TOKEN,
): Promise<GqlResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const operationName = /^\s*query\s+(\w+)/.exec(query)?.[1] ?? null;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName }) });
  const text = await res.text();
  let body: GqlResponse['body'] = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

async function listAll(s: RunningStandin, variables: Record<string, unknown> = {}): Promise<{ numbers: number[]; pages: number }> {
  const numbers: number[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 100, after, ...variables });
    expect(r.body?.errors).toBeUndefined();
    const conn = r.body?.data.demarche.dossiers;
    pages++;
    numbers.push(...conn.nodes.map((n: { number: number }) => n.number));
    if (!conn.pageInfo.hasNextPage) return { numbers, pages };
    after = conn.pageInfo.endCursor;
  }
}

describe('DS stand-in over HTTP with list_dossiers.graphql', () => {
  let s: RunningStandin;

  beforeAll(async () => {
    s = await startDsStandin({
      token: TOKEN,
      dossiers: { demarcheNumber: DEMARCHE, count: 250, seed: 7, phase: 1, deadline: DEADLINE, lateCount: 4, missingStatutsCount: 3 },
    });
  });
  afterAll(() => s.close());

  it('pages through 250 dossiers in 3 pages with opaque cursors', async () => {
    const seen: number[] = [];
    const sizes: number[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 100, after });
      expect(r.status).toBe(200);
      expect(r.body?.errors).toBeUndefined();
      const demarche = r.body?.data.demarche;
      expect(demarche.number).toBe(DEMARCHE);
      expect(demarche.dateFermeture).toBe('2021-06-23T23:59:59+02:00');
      const conn = demarche.dossiers;
      sizes.push(conn.nodes.length);
      seen.push(...conn.nodes.map((n: { number: number }) => n.number));
      expect(conn.pageInfo.hasNextPage).toBe(page < 2);
      cursors.push(conn.pageInfo.endCursor);
      after = conn.pageInfo.endCursor;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    for (const c of cursors) {
      expect(c).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(c).not.toMatch(/^\d+$/);
    }
    // Deposit order, as DS lists without updatedSince.
    const all = s.state.dossiers(DEMARCHE);
    const depot = new Map(all.map((d) => [d.number, Date.parse(d.dateDepot)]));
    const times = seen.map((n) => depot.get(n) as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('returns the node shape the schema defines (typenames, champs, files, demandeur)', async () => {
    const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 5 });
    const node = r.body?.data.demarche.dossiers.nodes[0];
    expect(node.id).toBe(Buffer.from(`Dossier-${node.number}`).toString('base64'));
    expect(['en_construction', 'en_instruction']).toContain(node.state);
    expect(node.dateDepot).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(node.usager.email).toMatch(/@example\.org$/);
    expect(node.demandeur.__typename).toBe('PersonneMorale');
    expect(luhnValid(node.demandeur.siret)).toBe(true);
    const labels = node.champs.map((c: { label: string }) => c.label);
    for (const l of [LABELS.nomProjet, LABELS.region, LABELS.nomReferent, LABELS.statuts, LABELS.gouvernance]) expect(labels).toContain(l);
    const region = node.champs.find((c: { label: string }) => c.label === LABELS.region);
    expect(region.__typename).toBe('RegionChamp');
    expect(region.region.code).toMatch(/^\d{2}$/);
    const statuts = node.champs.find((c: { label: string }) => c.label === LABELS.statuts);
    expect(statuts.__typename).toBe('PieceJustificativeChamp');
    for (const f of statuts.files) expect(typeof f.byteSizeBigInt).toBe('string');
  });

  it('filters with updatedSince and returns only the touched dossiers, in modification order', async () => {
    const numbers = s.state
      .dossiers(DEMARCHE)
      .map((d) => d.number)
      .slice(10, 13);
    s.state.touch(numbers[2] as number, new Date('2022-01-10T10:00:00Z'), { projectName: 'Projet renommé' });
    s.state.touch(numbers[0] as number, new Date('2022-01-11T10:00:00Z'));
    s.state.touch(numbers[1] as number, new Date('2022-01-12T10:00:00Z'));
    const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, updatedSince: '2022-01-01T00:00:00+01:00' });
    expect(r.body?.errors).toBeUndefined();
    const nodes = r.body?.data.demarche.dossiers.nodes;
    expect(nodes.map((n: { number: number }) => n.number)).toEqual([numbers[2], numbers[0], numbers[1]]);
    expect(nodes[0].dateDerniereModification).toBe('2022-01-10T11:00:00+01:00');
    const name = nodes[0].champs.find((c: { label: string }) => c.label === LABELS.nomProjet);
    expect(name.stringValue).toBe('Projet renommé');
    // Paging within an updatedSince listing.
    const page1 = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 2, updatedSince: '2022-01-01T00:00:00Z' });
    const conn1 = page1.body?.data.demarche.dossiers;
    expect(conn1.nodes).toHaveLength(2);
    expect(conn1.pageInfo.hasNextPage).toBe(true);
    const page2 = await post(s.url, LIST_DOSSIERS, {
      number: DEMARCHE,
      first: 2,
      updatedSince: '2022-01-01T00:00:00Z',
      after: conn1.pageInfo.endCursor,
    });
    expect(page2.body?.data.demarche.dossiers.nodes.map((n: { number: number }) => n.number)).toEqual([numbers[1]]);
    expect(page2.body?.data.demarche.dossiers.pageInfo.hasNextPage).toBe(false);
  });

  it('caps first at 100, as DS does', async () => {
    const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 500 });
    expect(r.body?.data.demarche.dossiers.nodes).toHaveLength(100);
    expect(r.body?.data.demarche.dossiers.pageInfo.hasNextPage).toBe(true);
  });

  it('filters by state', async () => {
    const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, state: 'en_instruction' });
    const nodes = r.body?.data.demarche.dossiers.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: { state: string }) => n.state === 'en_instruction')).toBe(true);
  });

  it('has every SIRET Luhn-valid', async () => {
    const { numbers } = await listAll(s);
    expect(numbers).toHaveLength(250);
    for (const d of s.state.dossiers(DEMARCHE)) {
      if (d.demandeur.__typename === 'PersonnePhysique') throw new Error('unexpected PersonnePhysique');
      expect(luhnValid(d.demandeur.siret)).toBe(true);
      expect(luhnValid(d.demandeur.siret.slice(0, 9))).toBe(true);
    }
  });

  it('refuses a missing or wrong token with HTTP 401 and a JSON error', async () => {
    const before = s.state.requestCount;
    const none = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE }, null);
    expect(none.status).toBe(401);
    expect(none.body?.errors?.[0]?.message).toMatch(/token/i);
    const wrong = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE }, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body?.data).toBeNull();
    expect(s.state.requestCount).toBe(before + 2);
  });

  it('answers 429 with RateLimit-Reset the asked number of times, then succeeds', async () => {
    s.state.failNextWith429(2, 7);
    const before = s.state.requestCount;
    const a = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 1 });
    const b = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 1 });
    const c = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 1 });
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers.get('ratelimit-reset')).toBe('7');
    expect(a.body).toBeNull(); // a plain-text body, as Rack::Attack sends
    expect(c.body?.data.demarche.dossiers.nodes).toHaveLength(1);
    expect(s.state.requestCount).toBe(before + 3);
  });

  it('rejects what the real schema rejects', async () => {
    const wrongField = await post(s.url, 'query ListDossiers { demarche(number: 45021) { id numero } }');
    expect(wrongField.status).toBe(200);
    expect(wrongField.body?.data).toBeUndefined();
    expect(wrongField.body?.errors?.[0]?.message).toMatch(/Cannot query field "numero" on type "Demarche"/);

    const badDate = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, updatedSince: 'hier' });
    expect(badDate.body?.errors?.[0]?.message).toMatch(/\$updatedSince/);

    const badCursor = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, after: 'bm9wZQ==' });
    expect(badCursor.body?.errors?.[0]?.message).toMatch(/cursor/i);

    const missing = await post(s.url, LIST_DOSSIERS, { number: 999 });
    expect(missing.body?.data).toBeNull();
    expect(missing.body?.errors?.[0]).toMatchObject({
      message: 'Demarche not found',
      path: ['demarche'],
      extensions: { code: 'not_found' },
    });
  });

  it('serves a file whose size and checksum are those listed', async () => {
    const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE, first: 20 });
    const files = r.body?.data.demarche.dossiers.nodes.flatMap((n: { champs: { files?: unknown[] }[] }) =>
      n.champs.flatMap((c) => c.files ?? []),
    );
    const file = files[0] as { url: string; byteSizeBigInt: string; filename: string };
    expect(file.url.startsWith(`${s.fileBaseUrl}/files/`)).toBe(true);
    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(Number(file.byteSizeBigInt));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const listed = s.state
      .dossiers(DEMARCHE)
      .flatMap((d) => d.champs)
      .flatMap((c) => (c.__typename === 'PieceJustificativeChamp' ? c.files : []));
    const meta = listed.find((f) => f.url === file.url);
    expect(createHash('md5').update(bytes).digest('base64')).toBe(meta?.checksum);
    expect((await fetch(`${s.fileBaseUrl}/files/nope/x.pdf`)).status).toBe(404);
  });
});

describe('DS stand-in: deletions, huge files, hand-made dossiers', () => {
  let s: RunningStandin;
  const start = 7_000_001;
  let hugeNumbers: number[] = [];
  let deletable: number[] = [];

  beforeAll(async () => {
    s = await startDsStandin({
      dossiers: (baseUrl) => {
        const base = { seed: 3, phase: 1 as const, deadline: DEADLINE, demarcheNumber: DEMARCHE, baseUrl };
        const set = generateDemo({
          ...base,
          count: 6,
          startNumber: start,
          hugeFileCount: 1,
          overrides: {
            [start + 4]: (d) => withInvalidSiret(d),
            [start + 5]: (d) => removeChamp(d, LABELS.nomProjet),
          },
        });
        hugeNumbers = set.hugeFileNumbers;
        deletable = [start, start + 1, start + 2, start + 3].filter((n) => !hugeNumbers.includes(n));
        return { [DEMARCHE]: set.dossiers };
      },
    });
  });
  afterAll(() => s.close());

  it('lists deleted dossiers with deletedSince, and drops them from dossiers', async () => {
    const [a, b] = deletable as [number, number];
    s.state.delete(a, { date: new Date('2021-07-01T10:00:00Z') });
    s.state.delete(b, { date: new Date('2021-07-03T10:00:00Z'), reason: 'instructeur_request' });
    const q = `query D($number: Int!, $since: ISO8601DateTime) { demarche(number: $number) {
      deletedDossiers(deletedSince: $since) { pageInfo { hasNextPage endCursor } nodes { id number state reason dateSupression } } } }`;
    const all = await post(s.url, q, { number: DEMARCHE });
    expect(all.body?.errors).toBeUndefined();
    expect(all.body?.data.demarche.deletedDossiers.nodes).toEqual([
      {
        id: Buffer.from(`Dossier-${a}`).toString('base64'),
        number: a,
        state: expect.stringMatching(/^en_/),
        reason: 'user_request',
        dateSupression: '2021-07-01T12:00:00+02:00',
      },
      expect.objectContaining({ number: b, reason: 'instructeur_request' }),
    ]);
    const recent = await post(s.url, q, { number: DEMARCHE, since: '2021-07-02T00:00:00Z' });
    expect(recent.body?.data.demarche.deletedDossiers.nodes.map((n: { number: number }) => n.number)).toEqual([b]);
    const listed = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE });
    const numbers = listed.body?.data.demarche.dossiers.nodes.map((n: { number: number }) => n.number);
    expect(numbers).not.toContain(a);
    expect(numbers).not.toContain(b);
    expect(numbers).toHaveLength(4);
  });

  it('serves a huge file with the announced size, streamed', async () => {
    expect(hugeNumbers).toHaveLength(1);
    const d = s.state.dossier(hugeNumbers[0] as number);
    const champ = d?.champs.find((c) => c.__typename === 'PieceJustificativeChamp');
    const file = champ?.__typename === 'PieceJustificativeChamp' ? champ.files[0] : undefined;
    expect(file?.byteSizeBigInt).toBe(String(DEFAULT_HUGE_FILE_BYTES));
    const head = await fetch(file?.url as string, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(DEFAULT_HUGE_FILE_BYTES));
    const res = await fetch(file?.url as string);
    let total = 0;
    const md5 = createHash('md5');
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      md5.update(chunk);
    }
    expect(total).toBe(DEFAULT_HUGE_FILE_BYTES);
    expect(md5.digest('base64')).toBe(file?.checksum);
  });

  it('returns the malformed dossiers as built (invalid SIRET, no project name)', async () => {
    const r = await post(s.url, LIST_DOSSIERS, { number: DEMARCHE }, null);
    const nodes = r.body?.data.demarche.dossiers.nodes as { number: number; demandeur: { siret: string }; champs: { label: string }[] }[];
    const bad = nodes.find((n) => n.number === start + 4);
    expect(luhnValid(bad?.demandeur.siret as string)).toBe(false);
    const unnamed = nodes.find((n) => n.number === start + 5);
    expect(unnamed?.champs.map((c) => c.label)).not.toContain(LABELS.nomProjet);
  });

  it('adds a dossier through the control API', async () => {
    const copy = structuredClone(s.state.dossiers(DEMARCHE)[0]);
    if (!copy) throw new Error('no dossier');
    copy.number = start + 100;
    copy.id = Buffer.from(`Dossier-${copy.number}`).toString('base64');
    s.state.add(copy);
    const q = 'query { dossier(number: 7000101) { number demandeur { __typename } } }';
    const r = await post(s.url, q, {}, null);
    expect(r.body?.data.dossier).toEqual({ number: start + 100, demandeur: { __typename: 'PersonneMorale' } });
  });
});
