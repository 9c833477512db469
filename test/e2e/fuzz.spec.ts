import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { CALENDAR_2021 } from '@ptce/domain';
import { createCampaign, createDossier, dossierBody } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

/**
 * Property-based fuzzing of every route of the served OpenAPI document, for every role (issue 8): bodies and query
 * strings derived from the schemas, mixed with hostile values (prototype keys, NUL bytes, lone surrogates, huge
 * numbers, deep nesting, wrong types). Whatever is sent, the API answers below 500, in the error format of the
 * contract, without a stack trace or SQL. `npm test` runs a bounded count with a fixed seed; `npm run fuzz` more.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  example?: unknown;
  format?: string;
  nullable?: boolean;
};
type Operation = { method: string; path: string; body?: Schema; multipart: boolean; queryParams: string[] };
type Doc = {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: Schema }> }; parameters?: { in: string; name: string }[] }>>;
  components?: { schemas?: Record<string, Schema> };
};

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const FIELD_NAMES = ['id', 'name', 'state', 'region', 'projectName', 'depositedAt', 'updatedAt', 'dueAt', 'status', 'email', 'q', 'campaignId', 'phase'];

const hostileString = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', '', ' ', '%00', '../../etc/passwd', "'; DROP TABLE dossier; --", '<script>alert(1)</script>', '1e309', '-1', '99999999999999999999', 'null', '[]', '{}'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const hostileNumber = fc.oneof(fc.constantFrom(-1, 0, 1e20, -1e20, 2 ** 31, 2 ** 53, 0.5, Number.MAX_SAFE_INTEGER), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

function deep(n: number): unknown {
  let v: unknown = 'fond';
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, [], {}, true, false, { $ne: null }, { $gt: '' }, deep(40), deep(3000)),
  hostileString,
  hostileNumber,
  fc.dictionary(fc.constantFrom(...PROTO_KEYS, 'a', 'status'), fc.oneof(hostileString, fc.constant({ polluted: 1 })), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(doc: Doc, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) cur = doc.components?.schemas?.[cur.$ref.split('/').pop() as string];
  if (cur?.allOf?.length === 1) return resolve(doc, cur.allOf[0]);
  return cur;
}

function goodValue(doc: Doc, schema: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (!s || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string':
      if (s.format === 'date-time' || /At$|Deadline$/.test(String(s.example ?? ''))) return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.oneof(
        fc.constantFrom(...(s.example !== undefined ? [s.example] : []), '2021-06-20T10:00:00+02:00', 'a@example.org', '53', randomUUID(), 'Texte'),
        fc.string({ maxLength: 30 }),
      );
    case 'integer':
      return fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer());
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(doc, s.items, depth + 1), { maxLength: 3 });
    case 'object':
    default: {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      if (!keys.length) return fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) rec[k] = valueFor(doc, props[k], depth + 1);
      return fc.record(rec, { requiredKeys: [] });
    }
  }
}

/** Mostly well-shaped values (to get past the first checks), sometimes hostile ones, at every level. */
function valueFor(doc: Doc, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: goodValue(doc, schema, depth) }, { weight: 1, arbitrary: hostile });
}

const queryParts = fc.record(
  {
    sort: fc.oneof(
      fc.tuple(fc.constantFrom(...FIELD_NAMES, ...PROTO_KEYS), fc.constantFrom('ASC', 'DESC', 'asc', 'x')).map((v) => JSON.stringify(v)),
      hostileString,
    ),
    range: fc.oneof(
      fc.tuple(fc.nat(100), fc.nat(100)).map(([a, b]) => JSON.stringify([a, a + b])),
      fc.constantFrom('[1e20,1e21]', '[-1,5]', '[0,1e9]', '[5,1]', '[0.5,2]', '[', '[0]', '["a","b"]', '[9007199254740991,9007199254740993]'),
      hostileString,
    ),
    filter: fc.oneof(
      fc.dictionary(fc.constantFrom(...FIELD_NAMES, ...PROTO_KEYS, 'mine', 'overdue', 'lateDeposit', 'active', 'role', 'kind', 'region', 'renderedSince', 'regionMissing'), fc.oneof(hostile, fc.string({ maxLength: 10 })), { maxKeys: 3 }).map((v) => JSON.stringify(v)),
      hostileString,
    ),
    q: hostileString,
    phase: fc.oneof(fc.constantFrom('1', '2', '0', '-1', '1e20', 'abc'), hostileString),
    role: fc.oneof(fc.constantFrom('cress', 'expert', 'compagnon', 'x'), hostileString),
    format: fc.constantFrom('csv', 'xlsx', 'json', 'pdf', 'x'),
  },
  { requiredKeys: [] },
);
// Mostly no query (so bodies are what is tested), sometimes a well-formed list query, sometimes a hostile one.
const queryArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.constant({ sort: '["id","ASC"]', range: '[0,9]', filter: '{}' }) },
  { weight: 3, arbitrary: queryParts },
);

/** One change to a valid body: none, a value replaced by a hostile one, a key dropped, or a key added. */
type Mutation = { mode: 'none' | 'replace' | 'drop' | 'add'; at: number; value: unknown; key: string };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  mode: fc.constantFrom('none', 'replace', 'replace', 'replace', 'drop', 'add'),
  at: fc.nat(),
  value: hostile,
  key: fc.constantFrom(...PROTO_KEYS, 'state', 'version', 'id', 'x'),
});

function containers(v: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []) {
  if (v && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) {
      out.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
      containers(c, out);
    }
  }
  return out;
}

function mutate(body: unknown, m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(body));
  const places = containers(copy);
  if (m.mode === 'none' || !places.length) return copy;
  const [parent, key] = places[m.at % places.length];
  if (m.mode === 'replace') (parent as Record<string, unknown>)[key as string] = m.value;
  else if (m.mode === 'drop') delete (parent as Record<string, unknown>)[key as string];
  else if (!Array.isArray(parent)) Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  return copy;
}

function operations(doc: Doc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path,
        body: content['application/json']?.schema,
        multipart: Boolean(content['multipart/form-data']),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  }
  return ops;
}

const LEAK = /\n\s+at [\w.<>]+ \(|QueryFailedError|TypeError|ReferenceError|node_modules|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|violates .* constraint|syntax error at/;

describe('fuzz: every route, every role, derived from the OpenAPI document (issue 8)', () => {
  let t: TestApp;
  let doc: Doc;
  const tokens: Record<string, string | null> = { anonyme: null };
  const ids: Record<string, string[]> = {};
  let campaignId = '';
  let dossierId = '';
  let avisId = '';
  let reviewerId = '';
  let n = 0;

  const version = async (table: string, id: string) =>
    Number((await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0]?.version ?? 1);
  const campaignBody = () => ({
    name: `Campagne fuzz ${++n}`,
    calendar: { ...CALENDAR_2021 },
    envelopeCents: 1000,
    requiredAvisRoles: ['cress'],
    avisDelayDays: 21,
  });
  /** A valid body per route (what the UI sends), from which the fuzzer derives its mutations. */
  const VALID: Partial<Record<string, () => Promise<unknown>>> = {
    'post /api/auth/login': async () => ({ email: 'personne@example.org', password: 'mot-de-passe' }),
    'post /api/users': async () => ({ email: `fuzz${++n}@example.org`, fullName: 'Fuzz', password: 'un-mot-de-passe-solide', roles: ['expert'], regions: ['53'] }),
    'put /api/users/{id}': async () => ({ fullName: 'Nom changé', regions: ['53'] }),
    'post /api/campaigns': async () => campaignBody(),
    'put /api/campaigns/{id}': async () => ({ ...campaignBody(), version: await version('campaign', campaignId) }),
    'post /api/dossiers': async () => dossierBody(campaignId),
    'put /api/dossiers/{id}': async () => ({ projectName: 'Projet renommé', referent: { name: 'Jeanne', email: 'j@example.org' }, expectedVersion: await version('dossier', dossierId) }),
    'post /api/dossiers/{id}/transitions': async () => ({ action: 'demander_complements', motif: 'Pièces', data: { message: 'Statuts', dueAt: '2030-01-01' }, expectedVersion: await version('dossier', dossierId) }),
    'put /api/dossiers/{id}/eligibility': async () => ({ decisions: { forme_juridique: { status: 'ok', reason: 'Vu.' } }, expectedVersion: await version('dossier', dossierId) }),
    'put /api/avis/{id}': async () => ({ content: { synthesis: 'Bien.', scores: {} }, expectedVersion: await version('avis', avisId) }),
    'post /api/avis/{id}/submit': async () => ({ expectedVersion: await version('avis', avisId) }),
    'post /api/avis/{id}/decline': async () => ({ reason: 'Indisponible ce mois-ci.', expectedVersion: await version('avis', avisId) }),
    'post /api/avis/{id}/conflict': async () => ({ reason: 'Membre du conseil.', expectedVersion: await version('avis', avisId) }),
    'post /api/avis/{id}/reopen': async () => ({ reason: 'À revoir.' }),
    'post /api/avis/{id}/unassign': async () => ({ reason: 'Réattribution.' }),
    'post /api/dossiers/{id}/assignments': async () => ({ reviewerId, role: 'expert', dueAt: '2030-01-01T00:00:00Z' }),
    'post /api/campaigns/{id}/imports/ds': async () => ({ phase: 1, mode: 'incremental' }),
    'post /api/exports': async () => ({ kind: 'seance', campaignId, phase: 1 }),
    'put /api/campaigns/{id}/ds-mapping': async () => (await t.http().get(`/api/campaigns/${campaignId}/ds-mapping`).set('Authorization', tokens.admin as string)).body,
  };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/api/docs-json')).body;
    const admin = await t.as(['admin']);
    const instructeur = await t.as(['instructeur']);
    tokens.admin = admin.auth;
    tokens.instructeur = instructeur.auth;
    tokens.cabinet = (await t.as(['cabinet'])).auth;
    tokens.cress = (await t.as(['cress'], ['53'])).auth;
    tokens.correspondant_ess = (await t.as(['correspondant_ess'], ['53'])).auth;
    tokens.compagnon = (await t.as(['compagnon'])).auth;
    tokens.expert = (await t.as(['expert'], ['53'])).auth;
    tokens['jeton altéré'] = `${admin.auth.slice(0, -4)}AAAA`;
    campaignId = await createCampaign(t);
    const d = await createDossier(t, instructeur.auth, campaignId);
    dossierId = d.id;
    // A user the fuzzer may rewrite or deactivate without locking the other callers out.
    const sacrificial = await t.createUser({ roles: ['expert'], regions: ['53'] });
    const [avis] = await t.db.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role, status, due_at) VALUES ($1,$2,'expert','a_rediger', now() + interval '10 days') RETURNING id`,
      [d.id, sacrificial.id],
    );
    const junk = ['abc', randomUUID(), '00000000-0000-0000-0000-000000000000', '1', '%00', '..%2F..', 'x'.repeat(300)];
    avisId = avis.id;
    reviewerId = sacrificial.id;
    ids.campaigns = [campaignId, ...junk];
    ids.dossiers = [d.id, ...junk];
    ids.users = [sacrificial.id, ...junk];
    ids.avis = [avis.id, ...junk];
    ids.other = junk;
  });
  afterAll(async () => t?.close());

  function idPool(path: string, param: string): string[] {
    const segment = path.split('/')[2];
    if (param !== 'id') return ids.other;
    const pool = ids[segment] ?? ids.other;
    return [pool[0], pool[0], pool[0], ...pool];
  }

  it(`answers every request below 500, in the contract's error format (${RUNS} requests, seed ${SEED})`, async () => {
    const ops = operations(doc).filter((o) => !o.path.startsWith('/api/docs'));
    expect(ops.length).toBeGreaterThan(30);
    const failures = new Map<string, string>();
    let sent = 0;
    const statuses = new Map<number, number>();
    const request = fc
      .integer({ min: 0, max: ops.length - 1 })
      .chain((i) => {
        const op = ops[i];
        const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        return fc.record({
          op: fc.constant(op),
          who: fc.constantFrom(...Object.keys(tokens)),
          pathValues: fc.tuple(...params.map((p) => fc.constantFrom(...idPool(op.path, p)))),
          query: queryArb,
          body: op.body ? valueFor(doc, op.body) : fc.option(hostile, { nil: undefined }),
          mutation: mutationArb,
          // A malformed raw body one time in ten.
          rawBody: fc.oneof(
            { weight: 9, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '"x"', '[[[[[[', '\u0000', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`) },
          ),
        });
      });

    await fc.assert(
      fc.asyncProperty(request, async ({ op, who, pathValues, query, body: derived, mutation, rawBody }) => {
        const valid = VALID[`${op.method} ${op.path}`];
        // Routes with a known valid body: that body with one mutation (3 times in 4), else the schema-derived one.
        const body = valid && mutation.at % 4 !== 0 ? mutate(await valid(), mutation) : derived;
        let i = 0;
        const url = op.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(pathValues[i++] ?? 'x'));
        let req = t.http()[op.method as 'get' | 'post' | 'put' | 'delete'](url).query(query);
        if (tokens[who]) req = req.set('Authorization', tokens[who] as string);
        if (op.multipart) req = req.attach('file', Buffer.from(typeof body === 'string' ? body : 'a;b\n1;2'), 'import.csv');
        else if (rawBody !== undefined) req = req.set('Content-Type', 'application/json').send(rawBody);
        else if (op.method !== 'get' && body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
        const res = await req;
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = res.text ?? '';
        const key = `${op.method.toUpperCase()} ${op.path} → ${res.status}`;
        let problem: string | null = null;
        if (res.status >= 500) problem = `${res.body?.code ?? ''} ${text.slice(0, 200)}`;
        else if (LEAK.test(text)) problem = `fuite : ${text.slice(0, 200)}`;
        else if (res.status >= 400 && (typeof res.body?.code !== 'string' || typeof res.body?.message !== 'string' || res.body?.statusCode !== res.status))
          problem = `format d’erreur : ${text.slice(0, 200)}`;
        if (problem && !failures.has(key))
          failures.set(key, `${problem} | as ${who}, query ${JSON.stringify(query).slice(0, 200)}, body ${JSON.stringify(rawBody ?? body)?.slice(0, 300)}`);
        return true;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(sent).toBe(RUNS);
    if (process.env.FUZZ_VERBOSE) console.log(Object.fromEntries(statuses));
    // Every distinct failing route and status, with a request that shows it (not only the first one).
    expect([...failures.entries()].map(([k, v]) => `${k}: ${v}`)).toEqual([]);
    // And the process is still sane: a normal authenticated request works.
    const me = await t.http().get('/api/campaigns').set('Authorization', tokens.instructeur as string);
    expect(me.status).toBe(200);
    const health = await t.http().get('/api/health');
    expect(health.body).toMatchObject({ status: 'ok', app: 'up' });
  });
});
