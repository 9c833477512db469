import { createCampaign, createDossier } from '../helpers/fixtures';
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
        const res = await t.http().get(route).query({ sort: JSON.stringify([name, order]) }).set('Authorization', who.auth);
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
      ['post', `/api/dossiers/${d.id}/transitions`, `{"action":"ouvrir_instruction","data":{"__proto__":{"polluted":"yes"}},"expectedVersion":${d.version}}`],
      ['post', '/api/auth/login', `{"__proto__":{"polluted":"yes"},"email":"a@b.fr","password":"x"}`],
    ];
    for (const [method, url, body] of bodies) {
      const res = await t
        .http()
        [method as 'put' | 'post'](url)
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
