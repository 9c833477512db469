import { startTestApp, TestApp } from '../helpers/test-app';

describe('users API (admin only)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['as']>>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.as(['admin']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a non-admin with 403 FORBIDDEN', async () => {
    const cress = await t.as(['cress'], ['53']);
    const res = await t.http().get('/api/users').set('Authorization', cress.auth);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const post = await t.http().post('/api/users').set('Authorization', cress.auth).send({});
    expect(post.status).toBe(403);
  });

  it('creates a CRESS user for region 53 who can then log in', async () => {
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({
        email: 'cress.bretagne@test.example.org',
        fullName: 'Yann Le Gall',
        password: 'Bretagne-Landes-Ajoncs53',
        roles: ['cress'],
        regions: ['53'],
        organisationSiret: '',
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: 'cress.bretagne@test.example.org',
      roles: ['cress'],
      regions: ['53'],
      organisationSiret: null,
      active: true,
    });
    expect(res.body.passwordHash).toBeUndefined();
    const login = await t.http().post('/api/auth/login').send({ email: 'CRESS.Bretagne@test.example.org', password: 'Bretagne-Landes-Ajoncs53' });
    expect(login.status).toBe(200);
    const [row] = await t.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [res.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a duplicate e-mail whatever its case (409 EMAIL_TAKEN)', async () => {
    const body = { email: 'dup@test.example.org', fullName: 'Premier', password: 'Premier-compte-du-test', roles: ['instructeur'] };
    expect((await t.http().post('/api/users').set('Authorization', admin.auth).send(body)).status).toBe(201);
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({ ...body, email: 'DUP@test.example.org' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
  });

  it('validates fields with French messages', async () => {
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({
        email: 'pas-un-email',
        fullName: 'X',
        password: 'court',
        roles: ['pape'],
        regions: ['99'],
        organisationSiret: '123',
        extra: 1,
      });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toMatchObject({
      email: 'Adresse électronique invalide.',
      fullName: 'Le nom complet doit contenir au moins 2 caractères.',
      password: 'Le mot de passe doit contenir au moins 12 caractères.',
      roles: 'Rôle inconnu.',
      regions: 'Code de région inconnu.',
      organisationSiret: 'Le SIRET doit comporter 14 chiffres.',
      extra: 'Champ non autorisé.',
    });
  });

  it('requires a region for a regional reviewer', async () => {
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin.auth)
      .send({ email: 'c@test.example.org', fullName: 'Sans Région', password: 'Premier-compte-du-test', roles: ['correspondant_ess'] });
    expect(res.status).toBe(400);
    expect(res.body.details.regions).toMatch(/région/);
  });

  it('lists with react-admin pagination, filters and Content-Range; refuses unknown sort fields', async () => {
    for (let i = 0; i < 3; i++) await t.createUser({ roles: ['cress'], regions: ['32'], fullName: `Hauts ${i}` });
    const res = await t
      .http()
      .get('/api/users')
      .query({
        sort: JSON.stringify(['fullName', 'DESC']),
        range: JSON.stringify([0, 1]),
        filter: JSON.stringify({ role: 'cress', region: '32' }),
      })
      .set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.map((u: { fullName: string }) => u.fullName)).toEqual(['Hauts 2', 'Hauts 1']);
    expect(res.headers['content-range']).toBe('users 0-1/3');
    const bad = await t
      .http()
      .get('/api/users')
      .query({ sort: JSON.stringify(['password_hash', 'ASC']) })
      .set('Authorization', admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const badFilter = await t
      .http()
      .get('/api/users')
      .query({ filter: JSON.stringify({ 'roles; drop table': 1 }) })
      .set('Authorization', admin.auth);
    expect(badFilter.status).toBe(400);
    const broken = await t.http().get('/api/users').query({ range: '[0,' }).set('Authorization', admin.auth);
    expect(broken.status).toBe(400);
  });

  it('edits and deactivates a user (who can no longer log in)', async () => {
    const u = await t.createUser({ roles: ['expert'], regions: ['53'] });
    const res = await t
      .http()
      .put(`/api/users/${u.id}`)
      .set('Authorization', admin.auth)
      .send({ fullName: 'Expert Modifié', active: false, id: u.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fullName: 'Expert Modifié', active: false });
    expect((await t.http().post('/api/auth/login').send({ email: u.email, password: u.password })).status).toBe(401);
    const list = await t
      .http()
      .get('/api/users')
      .query({ filter: JSON.stringify({ active: false }) })
      .set('Authorization', admin.auth);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(u.id);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await t.http().get('/api/users/00000000-0000-0000-0000-000000000000').set('Authorization', admin.auth)).status).toBe(404);
    expect((await t.http().get('/api/users/abc').set('Authorization', admin.auth)).status).toBe(404);
  });
});
