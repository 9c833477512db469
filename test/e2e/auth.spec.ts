import { startTestApp, TestApp } from '../helpers/test-app';

describe('auth and API basics (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs in with the right password and answers /auth/me', async () => {
    const u = await t.createUser({ roles: ['instructeur'], email: 'Marie.Dupont@Test.example.org' });
    // e-mail is case-insensitive
    const res = await t.http().post('/api/auth/login').send({ email: 'marie.dupont@test.example.org', password: u.password });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.user).toEqual({
      id: u.id,
      email: 'Marie.Dupont@Test.example.org',
      fullName: expect.any(String),
      roles: ['instructeur'],
      regions: [],
    });
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(u.id);
  });

  it('refuses a wrong password with 401 UNAUTHENTICATED and a French message', async () => {
    const u = await t.createUser({ roles: ['admin'] });
    const res = await t.http().post('/api/auth/login').send({ email: u.email, password: 'faux' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'Adresse électronique ou mot de passe incorrect.',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  it('answers 429 after 5 failed logins of one e-mail from several addresses, even with the right password (growing delay)', async () => {
    const u = await t.createUser({ roles: ['admin'] });
    for (let i = 1; i <= 5; i++) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', `10.0.0.${i}`)
        .send({ email: u.email, password: `faux${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await t.http().post('/api/auth/login').send({ email: u.email, password: u.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.body.message).toMatch(/réessayez dans \d+ seconde/);
    // another account is not blocked by this one's failures (the IP counter is separate and below its limit here)
    const other = await t.createUser({ roles: ['admin'] });
    const ok = await t.http().post('/api/auth/login').send({ email: other.email, password: other.password });
    expect(ok.status).toBe(200);
  });

  it('denies by default: no token → 401, bad token → 401', async () => {
    expect((await t.http().get('/api/users')).status).toBe(401);
    const res = await t.http().get('/api/auth/me').set('Authorization', 'Bearer abc.def.ghi');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a deactivated account at login and on an existing token', async () => {
    const u = await t.createUser({ roles: ['instructeur'] });
    const token = await t.login(u);
    await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [u.id]);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await t.http().post('/api/auth/login').send({ email: u.email, password: u.password })).status).toBe(401);
  });

  it('answers a malformed JSON body with 400 INVALID_JSON, not 500', async () => {
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.fr", "password":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_JSON' });
    expect(res.body.message).toMatch(/JSON/);
  });

  it('answers a validation error with 400 VALIDATION_FAILED and French messages per field', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: 12 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual({ email: 'L’adresse électronique est obligatoire.', password: 'Le mot de passe est obligatoire.' });
  });

  it('answers an unknown route with 404 NOT_FOUND in the error format, with a request id', async () => {
    const admin = await t.as(['admin']);
    const res = await t.http().get('/api/nope').set('Authorization', admin.auth).set('X-Request-Id', 'req-12345678');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', requestId: 'req-12345678' });
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });

  it('sends security headers and limits CORS to the admin origin', async () => {
    const res = await t.http().get('/api/health').set('Origin', 'https://evil.example.com');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const ok = await t.http().get('/api/health').set('Origin', t.config.adminOrigin);
    expect(ok.headers['access-control-allow-origin']).toBe(t.config.adminOrigin);
  });

  it('reports health of the database and Redis', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up', app: 'up' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/auth/login']).toBeDefined();
  });
});
