import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { freePort, proconnectEnv, proconnectSignIn, startProvider, stopProvider } from './audit-proconnect';

describe('audit log (issue 13 §3): every security event, append-only, admin list and CSV, retention', () => {
  let t: TestApp;
  let provider: ChildProcess | undefined;
  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp(proconnectEnv(port));
    provider = await startProvider(port, t.url);
  });
  afterAll(async () => {
    await stopProvider(provider);
    await t?.close();
  });

  async function events(type: string, where: Record<string, string> = {}) {
    const params = [type];
    let sql = `SELECT * FROM audit_event WHERE type = $1`;
    for (const [k, v] of Object.entries(where)) {
      params.push(v);
      sql += ` AND ${k} = $${params.length}`;
    }
    return t.db.query(`${sql} ORDER BY id`, params);
  }

  it('records sign-ins, failures, revocations, role/region changes, deactivation, exports, downloads and ProConnect', async () => {
    const admin = await t.as(['admin']);
    const instructeur = await t.as(['instructeur']);
    const agent = await t.createUser({ roles: ['cress'], regions: ['53'], email: 'agent.etat@test.example.org' });

    // sign-in success and failure
    expect(await events('auth.login_succeeded', { target_user_id: admin.id })).toHaveLength(1);
    await t.http().post('/api/auth/login').send({ email: agent.email, password: 'mauvais' });
    const [failed] = await events('auth.login_failed', { target_user_id: agent.id });
    expect(failed).toMatchObject({ outcome: 'failure', target_email: agent.email, ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(failed.data).toEqual({ reason: 'wrong_password' });
    await t.http().post('/api/auth/login').send({ email: 'inconnu@test.example.org', password: 'x' });
    expect(await events('auth.login_failed', { target_email: 'inconnu@test.example.org' })).toHaveLength(1);

    // role and region change, deactivation, revocation
    const put = await t
      .http()
      .put(`/api/users/${agent.id}`)
      .set('Authorization', admin.auth)
      .send({ roles: ['cress', 'expert'], regions: ['53', '32'] });
    expect(put.status).toBe(200);
    const [roles] = await events('user.roles_changed', { target_user_id: agent.id });
    expect(roles).toMatchObject({ actor_id: admin.id, actor_email: admin.email, data: { before: ['cress'], after: ['cress', 'expert'] } });
    const [regions] = await events('user.regions_changed', { target_user_id: agent.id });
    expect(regions.data).toEqual({ before: ['53'], after: ['53', '32'] });
    await t.http().post(`/api/users/${agent.id}/revoke-sessions`).set('Authorization', admin.auth);
    const [revoked] = await events('auth.tokens_revoked', { target_user_id: agent.id });
    expect(revoked).toMatchObject({ actor_id: admin.id, data: expect.objectContaining({ reason: 'admin' }) });

    // ProConnect: a known agent signs in, an unknown e-mail is refused
    const ok = await proconnectSignIn(t.url, agent.email);
    expect(ok.location).toBe('/#/');
    expect(ok.cookies.ptce_refresh).toBeTruthy();
    const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', `ptce_refresh=${ok.cookies.ptce_refresh}`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.email).toBe(agent.email);
    const [pc] = await events('auth.proconnect_succeeded', { target_user_id: agent.id });
    expect(pc.data).toMatchObject({ method: 'proconnect' });
    const refused = await proconnectSignIn(t.url, 'inconnu.etat@test.example.org');
    expect(refused.location).toMatch(/^\/#\/login\?proconnect_error=PROCONNECT_UNKNOWN_ACCOUNT/);
    expect(refused.cookies.ptce_refresh).toBeUndefined();
    expect(await events('auth.proconnect_refused', { target_email: 'inconnu.etat@test.example.org' })).toHaveLength(1);
    // ProConnect logout goes through the provider's end-session page
    const out = await t.http().post('/api/auth/logout').set('Cookie', `ptce_refresh=${ok.cookies.ptce_refresh}`);
    expect(out.body.logoutUrl).toMatch(/\/session\/end\?.*id_token_hint=/);
    expect(await events('auth.logout', { target_user_id: agent.id })).toHaveLength(1);

    const off = await t.http().put(`/api/users/${agent.id}`).set('Authorization', admin.auth).send({ active: false });
    expect(off.status).toBe(200);
    expect(await events('user.deactivated', { target_user_id: agent.id })).toHaveLength(1);

    // export of personal data and attachment download
    const campaignId = await createCampaign(t);
    const d = await createDossier(t, instructeur.auth, campaignId, { region: '53' });
    const exp = await t.http().get('/api/dossiers/export').query({ format: 'csv' }).set('Authorization', instructeur.auth);
    expect(exp.status).toBe(200);
    const [exported] = await events('export.personal_data', { actor_id: instructeur.id });
    expect(exported.data).toMatchObject({ what: 'dossiers', format: 'csv' });
    expect(exported.resource).toMatch(/^\/api\/dossiers\/export/);
    const root = resolve(t.config.storageDir);
    mkdirSync(join(root, 'test'), { recursive: true });
    writeFileSync(join(root, 'test', `${d.id}.pdf`), '%PDF-1.4 statuts');
    const [a] = await t.db.query(
      `INSERT INTO dossier_attachment (dossier_id, kind, filename, content_type, storage_key) VALUES ($1,'statuts','Statuts.pdf','application/pdf',$2) RETURNING id`,
      [d.id, `test/${d.id}.pdf`],
    );
    expect((await t.http().get(`/api/dossiers/${d.id}/attachments/${a.id}/file`).set('Authorization', instructeur.auth)).status).toBe(200);
    const [dl] = await events('attachment.downloaded', { actor_id: instructeur.id });
    expect(dl.data).toMatchObject({ what: 'attachment', params: { id: d.id, attachmentId: String(a.id) } });
    // a refused download is not recorded as one
    await t.http().get(`/api/dossiers/${d.id}/attachments/999999/file`).set('Authorization', instructeur.auth);
    expect(await events('attachment.downloaded', { actor_id: instructeur.id })).toHaveLength(1);

    // a password change
    const pw = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', instructeur.auth)
      .send({ currentPassword: instructeur.password, newPassword: 'Nouvelle-phrase-de-passe-9' });
    expect(pw.status).toBe(200);
    expect(await events('auth.password_changed', { target_user_id: instructeur.id })).toHaveLength(1);
    expect(await events('auth.tokens_revoked', { target_user_id: instructeur.id })).toHaveLength(1);
  });

  it('lists for admins only, with filters and Content-Range, and exports the filter as French CSV (itself audited)', async () => {
    const admin = await t.as(['admin']);
    const other = await t.as(['instructeur']);
    expect((await t.http().get('/api/audit-events').set('Authorization', other.auth)).status).toBe(403);
    const all = await t.http().get('/api/audit-events').query({ range: '[0,4]' }).set('Authorization', admin.auth);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(5);
    expect(all.headers['content-range']).toMatch(/^audit-events 0-4\/\d+$/);
    expect(all.body[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        at: expect.any(String),
        type: expect.any(String),
        typeLabel: expect.any(String),
        outcome: expect.any(String),
      }),
    );
    const mine = await t
      .http()
      .get('/api/audit-events')
      .query({ filter: JSON.stringify({ type: 'auth.login_succeeded', userId: other.id }) })
      .set('Authorization', admin.auth);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0]).toMatchObject({ type: 'auth.login_succeeded', typeLabel: 'Connexion réussie', targetUserId: other.id });
    const bad = await t
      .http()
      .get('/api/audit-events')
      .query({ filter: JSON.stringify({ type: 'nope' }) })
      .set('Authorization', admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const unknownFilter = await t
      .http()
      .get('/api/audit-events')
      .query({ filter: JSON.stringify({ evil: 1 }) })
      .set('Authorization', admin.auth);
    expect(unknownFilter.status).toBe(400);
    const types = await t.http().get('/api/audit-events/types').set('Authorization', admin.auth);
    expect(types.body).toContainEqual({ id: 'attachment.downloaded', code: 'attachment.downloaded', label: 'Pièce jointe téléchargée' });

    const csv = await t
      .http()
      .get('/api/audit-events/export')
      .query({ filter: JSON.stringify({ type: 'auth.login_failed' }) })
      .set('Authorization', admin.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('Date (Paris);Événement;Code;Résultat');
    expect(lines.slice(1).every((l) => l.includes('auth.login_failed'))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    expect(await events('audit.exported', { actor_id: admin.id })).toHaveLength(1);
  });

  it('is append-only in the database; the retention purge removes only rows older than its setting', async () => {
    await expect(t.db.query(`UPDATE audit_event SET type = 'x'`)).rejects.toThrow(/ajout seul/);
    await expect(t.db.query(`DELETE FROM audit_event`)).rejects.toThrow(/ajout seul/);
    await expect(t.db.query(`TRUNCATE audit_event`)).rejects.toThrow(/ajout seul/);
    // an old event (inserted with its date, as an import of history would), then the purge
    await t.db.query(`INSERT INTO audit_event (type, at, data) VALUES ('auth.logout', now() - interval '400 days', '{"old":true}')`);
    await t.db.query(`INSERT INTO audit_event (type, at, data) VALUES ('auth.logout', now() - interval '100 days', '{"old":false}')`);
    // even with the setting, recent rows stay
    await expect(
      t.db.transaction(async (m) => {
        await m.query(`SELECT set_config('ptce.audit_purge_days', '365', true)`);
        await m.query(`DELETE FROM audit_event WHERE data->>'old' = 'false'`);
      }),
    ).rejects.toThrow(/ajout seul/);
    const { AuditService } = await import('@ptce/server/audit/audit.service');
    const deleted = await t.app.get(AuditService).purge(365);
    expect(deleted).toBe(1);
    expect(await t.db.query(`SELECT 1 FROM audit_event WHERE data->>'old' = 'true'`)).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM audit_event WHERE data->>'old' = 'false'`)).toHaveLength(1);
    const [purged] = await events('audit.purged');
    expect(purged.data).toEqual({ deleted: 1, retentionDays: 365 });
  });
});
