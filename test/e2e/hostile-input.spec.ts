import { createCampaign, createDossier, dossierBody } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>>;

// Every name an attacker can reach through `in` or a bracket lookup on an ordinary object.
const PROTO_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];
const LIST_ROUTES = ['/api/dossiers', '/api/avis', '/api/campaigns', '/api/users', '/api/imports'];

function prototypeSnapshot(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

describe('hostile input: prototype keys, malformed bodies (issue 8)', () => {
  let t: TestApp;
  let admin: Who;
  let reviewer: Who;
  let instructeur: Who;
  let campaignId: string;
  const pristine = prototypeSnapshot();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(['admin']);
    instructeur = await t.as(['instructeur']);
    reviewer = await t.as(['cress'], ['53']);
    campaignId = await createCampaign(t);
  });
  afterAll(async () => t?.close());

  afterEach(() => {
    // Nothing a request sends may ever change the shared prototype of every object of the process.
    expect(prototypeSnapshot()).toEqual(pristine);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(LIST_ROUTES)('%s refuses every Object.prototype name as a sort or a filter key, with a 400', async (route) => {
    const who = route === '/api/users' || route === '/api/imports' ? admin : reviewer;
    for (const name of PROTO_NAMES) {
      for (const order of ['ASC', 'DESC']) {
        const res = await t
          .http()
          .get(route)
          .query({ sort: JSON.stringify([name, order]) })
          .set('Authorization', who.auth);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 400, code: 'VALIDATION_FAILED' });
      }
      const f = await t
        .http()
        .get(route)
        .set('Authorization', who.auth)
        .query({ filter: `{"${name}":"x"}` });
      expect({ name, status: f.status }).toEqual({ name, status: 400 });
    }
    // And the API still answers every authenticated route afterwards.
    const me = await t.http().get('/api/auth/me').set('Authorization', who.auth);
    expect(me.status).toBe(200);
    const list = await t.http().get(route).set('Authorization', who.auth);
    expect(list.status).toBe(200);
  });

  it('a __proto__ key in a JSON body changes no prototype (eligibility decisions, sections, mapping)', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    const bodies: Array<[string, string, string]> = [
      ['put', `/api/dossiers/${d.id}/eligibility`, `{"decisions":{"__proto__":{"polluted":"yes"}},"expectedVersion":${d.version}}`],
      ['put', `/api/dossiers/${d.id}`, `{"sections":{"__proto__":{"polluted":"yes"}},"expectedVersion":${d.version}}`],
      ['put', `/api/campaigns/${campaignId}/ds-mapping`, `{"fields":{"__proto__":{"polluted":"yes"}}}`],
      [
        'post',
        `/api/dossiers/${d.id}/transitions`,
        `{"action":"ouvrir_instruction","data":{"__proto__":{"polluted":"yes"}},"expectedVersion":${d.version}}`,
      ],
      ['post', '/api/auth/login', `{"__proto__":{"polluted":"yes"},"email":"a@b.fr","password":"x"}`],
    ];
    for (const [method, url, body] of bodies) {
      const http = t.http();
      const res = await http[method as 'put' | 'post'](url)
        .set('Authorization', method === 'put' && url.includes('campaigns') ? admin.auth : instructeur.auth)
        .set('Content-Type', 'application/json')
        .send(body);
      expect({ url, status: res.status < 500 }).toEqual({ url, status: true });
      expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|QueryFailed|SELECT /);
    }
  });

  it('health checks the authenticated path: it reports a polluted prototype as an error', async () => {
    const ok = await t.http().get('/api/health');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ok', db: 'up', redis: 'up', app: 'up' });
    const proto = Object.prototype as Record<string, unknown>;
    proto.injected = 'yes';
    try {
      const bad = await t.http().get('/api/health');
      expect(bad.status).toBe(503);
      expect(bad.body).toMatchObject({ status: 'error', app: 'down' });
    } finally {
      delete proto.injected;
    }
  });
});

describe('malformed input never gives a 500 (issue 8.2)', () => {
  let t: TestApp;
  let admin: Who;
  let instructeur: Who;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(['admin']);
    instructeur = await t.as(['instructeur']);
    campaignId = await createCampaign(t);
  });
  afterAll(async () => t?.close());

  function expectClean(res: { status: number; body: { code?: unknown; message?: unknown }; text: string }, status = 400) {
    expect({ status: res.status, code: typeof res.body.code, message: typeof res.body.message }).toEqual({
      status,
      code: 'string',
      message: 'string',
    });
    expect(res.text).not.toMatch(/\n\s+at |QueryFailed|SELECT /);
  }

  it('deeply nested JSON on a body route and on the anonymous login: 400 BODY_TOO_DEEP', async () => {
    const nested = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    for (const [url, auth] of [
      ['/api/auth/login', null],
      ['/api/dossiers', instructeur.auth],
      ['/api/campaigns', admin.auth],
    ] as const) {
      let req = t.http().post(url).set('Content-Type', 'application/json');
      if (auth) req = req.set('Authorization', auth);
      const res = await req.send(`{"email":${nested},"password":"x","campaignId":${nested}}`);
      expectClean(res);
      expect(res.body.code).toBe('BODY_TOO_DEEP');
    }
  });

  it('NUL bytes in text fields and in q: 400 naming the field', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    const put = await t
      .http()
      .put(`/api/dossiers/${d.id}`)
      .set('Authorization', instructeur.auth)
      .send({ projectName: 'Pôle\u0000nul', sections: { objectifs: 'a\u0000b' }, expectedVersion: d.version });
    expectClean(put);
    expect(put.body.code).toBe('VALIDATION_FAILED');
    const list = await t
      .http()
      .get('/api/dossiers')
      .set('Authorization', instructeur.auth)
      .query({ filter: JSON.stringify({ q: 'a\u0000b' }) });
    expectClean(list);
    const login = await t.http().post('/api/auth/login').send({ email: 'a\u0000@example.org', password: 'x\u0000' });
    if (login.status >= 500) console.log(login.text);
    expectClean(login);
  });

  it('null on required fields, a lone surrogate e-mail, structure: [], referent: [] are refused in French', async () => {
    const cases: Array<Record<string, unknown>> = [
      { projectName: null },
      { structure: [] },
      { structure: null },
      { referent: [] },
      { referent: { name: 'X', email: 'jeanne\uD800@example.org' } },
      { sections: [] },
      { attachments: [null] },
      { phase: null },
    ];
    for (const over of cases) {
      const res = await t.http().post('/api/dossiers').set('Authorization', instructeur.auth).send(dossierBody(campaignId, over));
      expect({ over, status: res.status, code: res.body.code }).toEqual({ over, status: 400, code: 'VALIDATION_FAILED' });
    }
    const d = await createDossier(t, instructeur.auth, campaignId);
    const put = await t
      .http()
      .put(`/api/dossiers/${d.id}`)
      .set('Authorization', instructeur.auth)
      .send({ referent: [], expectedVersion: d.version });
    expect({ status: put.status, code: put.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const user = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({ email: 'x\uD800y@example.org', fullName: 'X', password: 'un-mot-de-passe-solide', roles: ['expert'] });
    expectClean(user);
  });

  it('absurd ranges are a 400, not a database error', async () => {
    for (const range of ['[1e20,1e21]', '[0,1e20]', '[9007199254740991,9007199254740993]', '[3000000000,3000000010]']) {
      const res = await t.http().get('/api/dossiers').set('Authorization', instructeur.auth).query({ range });
      expect({ range, status: res.status, code: res.body.code }).toEqual({ range, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('refuses campaign version -1, eligibility {"$ne":null}, and accepts the ds-mapping body its GET returns', async () => {
    const c = await t.http().get(`/api/campaigns/${campaignId}`).set('Authorization', admin.auth);
    const { id: _id, ...body } = c.body;
    const bad = await t
      .http()
      .put(`/api/campaigns/${campaignId}`)
      .set('Authorization', admin.auth)
      .send({ ...body, version: -1 });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });

    const d = await createDossier(t, instructeur.auth, campaignId);
    const elig = await t
      .http()
      .put(`/api/dossiers/${d.id}/eligibility`)
      .set('Authorization', instructeur.auth)
      .send({ decisions: { $ne: null }, expectedVersion: d.version });
    expect({ status: elig.status, code: elig.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const elig2 = await t
      .http()
      .put(`/api/dossiers/${d.id}/eligibility`)
      .set('Authorization', instructeur.auth)
      .send({ decisions: { forme_juridique: { $ne: null } }, expectedVersion: d.version });
    expect({ status: elig2.status, code: elig2.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });

    const mapping = await t.http().get(`/api/campaigns/${campaignId}/ds-mapping`).set('Authorization', admin.auth);
    expect(mapping.status).toBe(200);
    const again = await t.http().put(`/api/campaigns/${campaignId}/ds-mapping`).set('Authorization', admin.auth).send(mapping.body);
    expect({ status: again.status, body: again.status === 200 ? 'ok' : again.body }).toEqual({ status: 200, body: 'ok' });
  });

  it('an oversized URL or header gets an answer in the error format', async () => {
    const res = await fetch(`${t.url}/api/dossiers?filter=${'a'.repeat(20000)}`, {
      headers: { Authorization: instructeur.auth, 'X-Long': 'b'.repeat(20000) },
    });
    expect(res.status).toBe(431);
    expect(await res.json()).toMatchObject({ statusCode: 431, code: 'HEADERS_TOO_LARGE' });
  });
});

describe('database connections cut mid-request (issue 8.2)', () => {
  let t: TestApp;
  let instructeur: Who;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    campaignId = await createCampaign(t);
  });
  afterAll(async () => t?.close());

  /** Holds a lock from a connection of the test's own, waits until one of the API's queries waits on it, cuts it. */
  async function cutWaitingQuery(
    lockSql: string,
    request: () => Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }>,
  ) {
    const { Client } = await import('pg');
    const holder = new Client({ connectionString: t.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(lockSql);
      const pending = request();
      let victim: number | null = null;
      for (let i = 0; i < 200 && victim === null; i++) {
        const rows = await holder.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
        );
        victim = rows.rows[0]?.pid ?? null;
        if (victim === null) await new Promise((r) => setImmediate(r));
      }
      expect(victim).not.toBeNull();
      await holder.query('SELECT pg_terminate_backend($1)', [victim]);
      await holder.query('COMMIT');
      return await pending;
    } finally {
      await holder.end();
    }
  }

  it('a read whose connection is cut is retried once on a fresh one and succeeds', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    const res = await cutWaitingQuery('LOCK TABLE dossier IN ACCESS EXCLUSIVE MODE', async () =>
      t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth),
    );
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(d.id);
  });

  it('a write whose connection is cut answers 503 DATABASE_UNAVAILABLE with Retry-After, and changed nothing', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    const res = await cutWaitingQuery(`SELECT 1 FROM dossier WHERE id = '${d.id}' FOR UPDATE`, async () =>
      t
        .http()
        .post(`/api/dossiers/${d.id}/transitions`)
        .set('Authorization', instructeur.auth)
        .send({ action: 'ouvrir_instruction', expectedVersion: d.version }),
    );
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(res.headers['retry-after']).toBe('5');
    const after = await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth);
    expect({ state: after.body.state, version: after.body.version }).toEqual({ state: 'depose', version: d.version });
  });
});
