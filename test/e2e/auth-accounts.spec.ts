import { loadConfig } from '@ptce/server/config/app-config';
import { accountDelaySeconds } from '@ptce/server/auth/login-throttle.service';
import { passwordProblem } from '@ptce/server/auth/password-policy';
import { startTestApp, TestApp } from '../helpers/test-app';

/** The refresh cookie of a response, as "name=value" for the next request, and its attributes. */
function refreshCookie(res: { headers: Record<string, unknown> }): { pair: string; attrs: string } {
  const all = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const c = all.find((x) => x.startsWith('ptce_refresh='));
  if (!c) throw new Error(`no refresh cookie in ${JSON.stringify(all)}`);
  return { pair: c.split(';')[0], attrs: c };
}

function jwtPayload(token: string): Record<string, number | string> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('accounts and tokens (issue 13 §2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (email: string, password: string) => t.http().post('/api/auth/login').send({ email, password });

  it('gives a 15-minute access token and a refresh token in an HttpOnly, Secure, SameSite=Strict cookie', async () => {
    const u = await t.createUser({ roles: ['instructeur'] });
    const res = await login(u.email, u.password);
    expect(res.status).toBe(200);
    const p = jwtPayload(res.body.accessToken);
    expect(Number(p.exp) - Number(p.iat)).toBe(900);
    expect(res.body).toMatchObject({ accessTokenExpiresAt: expect.any(String), sessionExpiresAt: expect.any(String) });
    expect(res.headers['cache-control']).toBe('no-store');
    const { pair, attrs } = refreshCookie(res);
    expect(attrs).toMatch(/HttpOnly/i);
    expect(attrs).toMatch(/Secure/i);
    expect(attrs).toMatch(/SameSite=Strict/i);
    expect(attrs).toMatch(/Path=\/api/);
    // the refresh token is not an access token
    const asBearer = await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${pair.split('=')[1]}`);
    expect(asBearer.status).toBe(401);

    const r = await t.http().post('/api/auth/refresh').set('Cookie', pair);
    expect(r.status).toBe(200);
    expect(r.body.user.id).toBe(u.id);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${r.body.accessToken}`)).status).toBe(200);

    const out = await t.http().post('/api/auth/logout').set('Cookie', pair);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ logoutUrl: null });
    const after = await t.http().post('/api/auth/refresh').set('Cookie', pair);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_EXPIRED');
    expect((await t.http().post('/api/auth/refresh')).status).toBe(401);
  });

  it('a password change revokes every open session (access and refresh); this browser gets new tokens', async () => {
    const u = await t.createUser({ roles: ['instructeur'] });
    const other = await login(u.email, u.password); // another browser
    const mine = await login(u.email, u.password);
    const otherToken = other.body.accessToken;
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${otherToken}`)).status).toBe(200);

    const weak = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${mine.body.accessToken}`)
      .send({ currentPassword: u.password, newPassword: 'azertyuiop12' });
    expect(weak.status).toBe(400);
    expect(weak.body.details.newPassword).toMatch(/courants|deviner/);

    const wrong = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${mine.body.accessToken}`)
      .send({ currentPassword: 'pas-le-bon-mot-de-passe', newPassword: 'Une-phrase-de-passe-solide-42' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.currentPassword).toBe('Mot de passe actuel incorrect.');

    const changed = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${mine.body.accessToken}`)
      .send({ currentPassword: u.password, newPassword: 'Une-phrase-de-passe-solide-42' });
    expect(changed.status).toBe(200);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${otherToken}`);
    expect(me.status).toBe(401);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${mine.body.accessToken}`)).status).toBe(401);
    expect((await t.http().post('/api/auth/refresh').set('Cookie', refreshCookie(other).pair)).status).toBe(401);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${changed.body.accessToken}`)).status).toBe(200);
    expect((await t.http().post('/api/auth/refresh').set('Cookie', refreshCookie(changed).pair)).status).toBe(200);
    expect((await login(u.email, u.password)).status).toBe(401);
    expect((await login(u.email, 'Une-phrase-de-passe-solide-42')).status).toBe(200);
  });

  it('an admin deactivation and "log out everywhere" revoke open tokens', async () => {
    const admin = await t.as(['admin']);
    const u = await t.createUser({ roles: ['cabinet'] });
    const s1 = await login(u.email, u.password);
    const revoke = await t.http().post(`/api/users/${u.id}/revoke-sessions`).set('Authorization', admin.auth);
    expect(revoke.status).toBe(200);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${s1.body.accessToken}`)).status).toBe(401);
    expect((await t.http().post('/api/auth/refresh').set('Cookie', refreshCookie(s1).pair)).status).toBe(401);

    const s2 = await login(u.email, u.password);
    const self = await t.http().post('/api/auth/logout-everywhere').set('Authorization', `Bearer ${s2.body.accessToken}`);
    expect(self.status).toBe(200);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${s2.body.accessToken}`)).status).toBe(401);

    const s3 = await login(u.email, u.password);
    const off = await t.http().put(`/api/users/${u.id}`).set('Authorization', admin.auth).send({ active: false });
    expect(off.status).toBe(200);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${s3.body.accessToken}`)).status).toBe(401);
    expect((await t.http().post('/api/auth/refresh').set('Cookie', refreshCookie(s3).pair)).status).toBe(401);
  });

  it('refuses short and common passwords with the reason in French', async () => {
    expect(passwordProblem('court')).toBe('Le mot de passe doit contenir au moins 12 caractères.');
    expect(passwordProblem('password1234')).toMatch(/plus courants|trop facile/);
    expect(passwordProblem('123456789012')).toMatch(/plus courants|trop facile/);
    expect(passwordProblem('marie.dupont2024', { email: 'marie.dupont@x.fr' })).toMatch(/adresse électronique/);
    expect(passwordProblem('Ch3val-Bleu-Rivière')).toBeNull();
    const admin = await t.as(['admin']);
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({ email: 'faible@test.example.org', fullName: 'Faible', password: 'motdepasse123', roles: ['instructeur'] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.password).toMatch(/courants|deviner/);
  });

  it('"mot de passe oublié": same answer for any address, a single-use link valid 30 minutes', async () => {
    const u = await t.createUser({ roles: ['expert'], fullName: 'Oubli Étourdi' });
    const open = await login(u.email, u.password);
    t.sink.clear();
    const unknown = await t.http().post('/api/auth/password-reset').send({ email: 'personne@test.example.org' });
    const known = await t.http().post('/api/auth/password-reset').send({ email: u.email.toUpperCase() });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    const [mail] = await t.sink.waitFor(1);
    expect(mail.to).toEqual([u.email]);
    expect(mail.text).toMatch(/30 minutes/);
    const token = decodeURIComponent(/#\/login\?reset=([^\s]+)/.exec(mail.text)![1]);
    expect(t.sink.list()).toHaveLength(1); // nothing for the unknown address
    // asked again at once: the same answer, no second e-mail while the first link is fresh
    const again1 = await t.http().post('/api/auth/password-reset').send({ email: u.email });
    expect(again1.body).toEqual(known.body);
    const [{ n: links }] = await t.db.query(`SELECT count(*)::int AS n FROM auth_link WHERE user_id = $1`, [u.id]);
    expect(links).toBe(1);

    const weak = await t.http().post('/api/auth/password-reset/confirm').send({ token, password: 'azerty' });
    expect(weak.status).toBe(400);
    expect(weak.body.details.password).toBe('Le mot de passe doit contenir au moins 12 caractères.');
    const ok = await t.http().post('/api/auth/password-reset/confirm').send({ token, password: 'Lavande-Provence-Mistral' });
    expect(ok.status).toBe(200);
    const again = await t.http().post('/api/auth/password-reset/confirm').send({ token, password: 'Lavande-Provence-Mistral-2' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('LINK_INVALID');
    expect((await login(u.email, 'Lavande-Provence-Mistral')).status).toBe(200);
    // the reset revoked the session opened before it
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${open.body.accessToken}`)).status).toBe(401);

    // an expired link is refused
    t.sink.clear();
    await t.http().post('/api/auth/password-reset').send({ email: u.email });
    const [mail2] = await t.sink.waitFor(1);
    const token2 = decodeURIComponent(/#\/login\?reset=([^\s]+)/.exec(mail2.text)![1]);
    const [link] = await t.db.query(`SELECT expires_at - created_at AS validity FROM auth_link WHERE user_id = $1 AND used_at IS NULL`, [
      u.id,
    ]);
    expect(link.validity).toMatchObject({ minutes: 30 });
    await t.db.query(`UPDATE auth_link SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`, [u.id]);
    const late = await t.http().post('/api/auth/password-reset/confirm').send({ token: token2, password: 'Lavande-Provence-Mistral-3' });
    expect(late.body.code).toBe('LINK_INVALID');
  });

  it('an admin invites a new user instead of typing a password', async () => {
    const admin = await t.as(['admin']);
    t.sink.clear();
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({ email: 'invitee@test.example.org', fullName: 'Invitée Nouvelle', roles: ['instructeur'] });
    expect(res.status).toBe(201);
    expect(res.body.passwordSet).toBe(false);
    const [mail] = await t.sink.waitFor(1);
    expect(mail.to).toEqual(['invitee@test.example.org']);
    const token = decodeURIComponent(/#\/login\?invitation=([^\s]+)/.exec(mail.text)![1]);
    const ok = await t.http().post('/api/auth/password-reset/confirm').send({ token, password: 'Invitation-acceptée-2026' });
    expect(ok.status).toBe(200);
    expect((await login('invitee@test.example.org', 'Invitation-acceptée-2026')).status).toBe(200);
    const again = await t.http().post(`/api/users/${res.body.id}/invitation`).set('Authorization', admin.auth);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ sentTo: 'invitee@test.example.org', expiresAt: expect.any(String) });
  });

  it('an admin cannot deactivate themselves nor remove the last admin', async () => {
    await t.db.query(`UPDATE app_user SET active = false WHERE 'admin' = ANY(roles)`);
    const admin = await t.as(['admin']);
    const self = await t.http().put(`/api/users/${admin.id}`).set('Authorization', admin.auth).send({ active: false });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DEACTIVATE_SELF');
    const demote = await t
      .http()
      .put(`/api/users/${admin.id}`)
      .set('Authorization', admin.auth)
      .send({ roles: ['instructeur'] });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_ADMIN');
    expect(demote.body.message).toMatch(/dernier administrateur/);
    const second = await t.as(['admin']);
    const ok = await t
      .http()
      .put(`/api/users/${admin.id}`)
      .set('Authorization', second.auth)
      .send({ roles: ['instructeur'] });
    expect(ok.status).toBe(200);
    const last = await t
      .http()
      .put(`/api/users/${second.id}`)
      .set('Authorization', second.auth)
      .send({ roles: ['cabinet'] });
    expect(last.body.code).toBe('LAST_ADMIN');
  });

  it('sends Cache-Control: no-store on personal data', async () => {
    const admin = await t.as(['admin']);
    for (const path of ['/api/auth/me', '/api/users', `/api/users/${admin.id}`, '/api/audit-events']) {
      const res = await t.http().get(path).set('Authorization', admin.auth);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('slows one account down with growing delays (429 with retryAfterSeconds), never a lockout of others', async () => {
    expect([4, 5, 6, 7, 20].map(accountDelaySeconds)).toEqual([0, 2, 4, 8, 900]);
    const u = await t.createUser({ roles: ['admin'] });
    for (let i = 1; i <= 5; i++) expect((await login(u.email, `faux-${i}`)).status).toBe(401);
    const slowed = await login(u.email, u.password);
    expect(slowed.status).toBe(429);
    expect(slowed.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(slowed.body.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(slowed.body.details.retryAfterSeconds).toBeLessThanOrEqual(2);
    const other = await t.createUser({ roles: ['admin'] });
    expect((await login(other.email, other.password)).status).toBe(200);
  });

  it('uses the built-in signing secret only in demo mode on a loopback address', () => {
    expect(loadConfig({ DEMO_MODE: 'true' }).host).toBe('127.0.0.1');
    expect(() => loadConfig({ DEMO_MODE: 'true', HOST: '0.0.0.0' })).toThrow(/JWT_SECRET est obligatoire/);
    expect(() => loadConfig({ DEMO_MODE: 'false' })).toThrow(/JWT_SECRET est obligatoire/);
    expect(loadConfig({ DEMO_MODE: 'false', JWT_SECRET: 'x'.repeat(40) }).host).toBe('0.0.0.0');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback', JWT_SECRET: 'x'.repeat(40) }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'n importe quoi', JWT_SECRET: 'x'.repeat(40) })).toThrow(/TRUST_PROXY/);
  });
});

describe('production: docs need a staff login, X-Forwarded-For only from TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', DEMO_MODE: 'false', JWT_SECRET: 'p'.repeat(48), TRUST_PROXY: '' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /api/docs and /api/docs-json only to a signed-in agent (bearer or refresh cookie)', async () => {
    for (const path of ['/api/docs-json', '/api/docs']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const u = await t.createUser({ roles: ['instructeur'] });
    const s = await t.http().post('/api/auth/login').send({ email: u.email, password: u.password });
    const bearer = await t.http().get('/api/docs-json').set('Authorization', `Bearer ${s.body.accessToken}`);
    expect(bearer.status).toBe(200);
    expect(bearer.body.paths['/api/auth/login']).toBeDefined();
    const cookie = await t.http().get('/api/docs-json').set('Cookie', refreshCookie(s).pair);
    expect(cookie.status).toBe(200);
  });

  it('ignores X-Forwarded-For when no proxy is trusted (the audit keeps the real peer)', async () => {
    const u = await t.createUser({ roles: ['instructeur'] });
    await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.9').send({ email: u.email, password: 'faux' });
    const [row] = await t.db.query(`SELECT ip FROM audit_event WHERE type = 'auth.login_failed' AND target_user_id = $1`, [u.id]);
    expect(row.ip).toMatch(/127\.0\.0\.1/);
  });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback): the client address from X-Forwarded-For, a per-IP limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_IP_MAX_FAILURES: '12' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an address after LOGIN_IP_MAX_FAILURES (12 here) failures across accounts, not the same account from elsewhere; the audit keeps the client IP', async () => {
    const u = await t.createUser({ roles: ['instructeur'] });
    for (let i = 0; i < 12; i++) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', '198.51.100.7')
        .send({ email: `devine${i}@test.example.org`, password: 'x' });
      expect(res.status).toBe(401);
    }
    const blocked = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '198.51.100.7')
      .send({ email: u.email, password: u.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    const elsewhere = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.20')
      .send({ email: u.email, password: u.password });
    expect(elsewhere.status).toBe(200);
    const [failed] = await t.db.query(
      `SELECT ip FROM audit_event WHERE type = 'auth.login_failed' AND target_email = 'devine0@test.example.org'`,
    );
    expect(failed.ip).toBe('198.51.100.7');
    const [throttled] = await t.db.query(`SELECT ip, data FROM audit_event WHERE type = 'auth.login_throttled'`);
    expect(throttled).toMatchObject({ ip: '198.51.100.7', data: { scope: 'ip' } });
  });
});
