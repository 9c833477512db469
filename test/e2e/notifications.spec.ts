import { INestApplicationContext } from '@nestjs/common';
import { NotificationClock } from '@ptce/server/notifications/notification-settings';
import { NotificationsTickProcessor } from '../../apps/worker/src/notifications/notifications-queue.module';
import type { CaughtMail } from '@ptce/server/mail/dev-mail-sink.service';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { eventually as until } from '../helpers/wait';

describe('notifications: planned from events and the calendar, sent once through BullMQ and SMTP', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;
  let admin: Awaited<ReturnType<TestApp['as']>>;
  let markerSeq = 0;

  beforeAll(async () => {
    process.env.NOTIFY_TICK_MS = '200';
    process.env.NOTIFY_RETRY_BASE_MS = '50';
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    admin = await t.as(['admin']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const mailsTo = (pred: (m: CaughtMail) => boolean) => t.sink.list().filter(pred);
  const rows = (sql: string, params: unknown[] = []) => t.db.query(sql, params);

  async function startWorker(): Promise<INestApplicationContext> {
    worker = await t.startWorker();
    return worker;
  }
  const ensureWorker = async () => worker ?? startWorker();

  /**
   * A manual dossier's acknowledgement, sent through the whole pipeline: once it reaches the sink, the relay and the
   * dispatcher have run after everything written before it.
   */
  async function barrier(campaignId: string): Promise<void> {
    const email = `temoin${++markerSeq}@example.org`;
    await createDossier(t, instructeur.auth, campaignId, { referent: { name: 'Témoin', email, phone: '01 02 03 04 05' } });
    await until(`accusé de réception témoin ${email}`, async () => mailsTo((m) => m.to.includes(email)).length === 1);
  }

  /** n decided phase-1 dossiers (2/3 lauréats), the selection arrêtée as the selection area records it. */
  async function decidedCampaign(n: number, announcementAt: Date, prefix: string): Promise<string> {
    const campaignId = await createCampaign(t);
    await rows(`UPDATE campaign SET phase1_announcement_at = $2 WHERE id = $1`, [campaignId, announcementAt]);
    await rows(
      `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_name, referent_name, referent_email, state, eligibility, decision_outcome, decision_motif, source)
       SELECT $1, 1, 'Projet ' || g, '53', 'Structure ' || g, 'Référent ' || g, $2 || g || '@example.org',
              CASE WHEN g % 3 = 0 THEN 'non_retenu' ELSE 'laureat' END, 'eligible',
              CASE WHEN g % 3 = 0 THEN 'non_retenu' ELSE 'laureat' END, CASE WHEN g % 3 = 0 THEN 'Projet insuffisamment mûr.' END, 'manuel'
         FROM generate_series(1, $3) g`,
      [campaignId, prefix, n],
    );
    await rows(`UPDATE campaign SET phase1_arrete_at = now() WHERE id = $1`, [campaignId]);
    await rows(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('selection.arretee', $1, '{"phase":1}')`, [campaignId]);
    return campaignId;
  }

  it('announcement ahead: nothing before the date, then exactly 300 decision e-mails, each to its referent with its outcome', async () => {
    t.sink.clear();
    const announcement = new Date(Date.now() + 2 * 60_000);
    const campaignId = await decidedCampaign(300, announcement, 'annonce');
    const w = await startWorker();
    await until('300 lignes planifiées', async () => {
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND status = 'planned'`, [campaignId]);
      return n === 300;
    });
    await barrier(campaignId);
    expect(mailsTo((m) => m.to[0].startsWith('annonce'))).toHaveLength(0);
    const [{ n: early }] = await rows(
      `SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND template LIKE 'decision%' AND status <> 'planned'`,
      [campaignId],
    );
    expect(early).toBe(0);

    // The schedule shows the burst to come.
    const schedule = await t.http().get(`/api/campaigns/${campaignId}/schedule`).set('Authorization', instructeur.auth);
    expect(schedule.status).toBe(200);
    const laureats = schedule.body.items.find((i: { template: string }) => i.template === 'decision_phase1_laureat');
    expect(laureats).toMatchObject({ at: announcement.toISOString(), calendarField: 'phase1AnnouncementAt', recipients: 200 });
    expect(laureats.byStatus.planned).toBe(200);

    // The worker's clock reaches the announcement.
    w.get(NotificationClock).set(new Date(announcement.getTime() + 1000));
    await until('300 décisions reçues', async () => mailsTo((m) => m.to[0].startsWith('annonce')).length >= 300, 60000);
    await barrier(campaignId);
    const got = mailsTo((m) => m.to[0].startsWith('annonce'));
    expect(got).toHaveLength(300);
    expect(new Set(got.map((m) => m.to[0])).size).toBe(300);
    for (const m of got) {
      const g = Number(/^annonce(\d+)@/.exec(m.to[0])![1]);
      const laureat = g % 3 !== 0;
      expect(m.subject).toBe(
        laureat
          ? 'Décision sur votre candidature à l’AMI PTCE — lauréat de la phase 1'
          : 'Décision sur votre candidature à l’AMI PTCE — non retenu en phase 1',
      );
      expect(m.text).toContain(`Projet ${g}`);
      expect(m.text).toContain(`Référent ${g}`);
      if (!laureat) expect(m.text).toContain('Projet insuffisamment mûr.');
    }
    // The sink has a message a moment before its row is marked sent: wait for the last commits.
    const summary = await until('tout marqué envoyé', async () => {
      const r = await t.http().get(`/api/notifications/summary?campaignId=${campaignId}`).set('Authorization', instructeur.auth);
      return r.body.queued === 0 ? r : null;
    });
    expect(summary.body).toEqual({ planned: 0, queued: 0, sent: 302, failed: 0, cancelled: 0 });
    w.get(NotificationClock).reset();
    await w.close();
    worker = null;
  });

  it('worker closed mid-burst and restarted: still exactly 300, nothing twice', async () => {
    t.sink.clear();
    const campaignId = await decidedCampaign(300, new Date(Date.now() - 60_000), 'reprise');
    const first = await startWorker();
    await until('début de la rafale', async () => mailsTo((m) => m.to[0].startsWith('reprise')).length >= 30, 60000);
    await first.close();
    const before = mailsTo((m) => m.to[0].startsWith('reprise')).length;
    const [{ sent }] = await rows(`SELECT count(*)::int AS sent FROM notification WHERE campaign_id = $1 AND status = 'sent'`, [
      campaignId,
    ]);
    expect(sent).toBe(before); // every message the SMTP server took is marked sent: a graceful stop duplicates nothing
    await startWorker();
    await until('rafale terminée', async () => mailsTo((m) => m.to[0].startsWith('reprise')).length >= 300, 60000);
    await barrier(campaignId);
    const got = mailsTo((m) => m.to[0].startsWith('reprise'));
    expect(got).toHaveLength(300);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(300);
    await until('300 lignes marquées envoyées', async () => {
      const [{ n }] = await rows(
        `SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND template LIKE 'decision%' AND status = 'sent'`,
        [campaignId],
      );
      return n === 300;
    });
  });

  it('a row left queued without its job (Redis lost it) is dispatched again after the timeout', async () => {
    await ensureWorker();
    t.sink.clear();
    const campaignId = await createCampaign(t);
    const d = await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'Perdu', email: 'perdu@example.org', phone: '0102030405' },
    });
    // Written as the dispatcher would have, but the job never reached Redis; queued long ago.
    await until(
      'accusé planifié ou envoyé',
      async () => (await rows(`SELECT id FROM notification WHERE dossier_id = $1`, [d.id])).length === 1,
    );
    await until('accusé envoyé', async () => mailsTo((m) => m.to.includes('perdu@example.org')).length === 1);
    const [row] = await rows(
      `INSERT INTO notification (template, idempotency_key, campaign_id, dossier_id, phase, recipient, recipient_name, scheduled_for, status, queued_at)
       VALUES ('accuse_reception', 'test|perdu', $1, $2, 1, 'perdu2@example.org', 'Perdu', now(), 'queued', now() - interval '1 hour') RETURNING id`,
      [campaignId, d.id],
    );
    await until('ligne perdue renvoyée et marquée envoyée', async () => {
      const [after] = await rows(`SELECT status FROM notification WHERE id = $1`, [row.id]);
      return after.status === 'sent';
    });
    expect(mailsTo((m) => m.to.includes('perdu2@example.org'))).toHaveLength(1);
  });

  it('a <script> in a project name arrives escaped; acknowledgement only for manual/file deposits unless the campaign asks', async () => {
    await ensureWorker();
    t.sink.clear();
    const campaignId = await createCampaign(t);
    await createDossier(t, instructeur.auth, campaignId, {
      projectName: 'Pôle <script>alert(1)</script> & co',
      referent: { name: 'Jeanne <b>Gras</b>', email: 'echappe@example.org', phone: '0102030405' },
    });
    const [mail] = await until('accusé reçu', async () => {
      const m = mailsTo((x) => x.to.includes('echappe@example.org'));
      return m.length ? m : null;
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(mail.html).not.toContain('<b>Gras</b>');
    expect(mail.html).toContain('République<br>française');
    expect(mail.subject).toBe('AMI PTCE — accusé de réception de votre dossier « Pôle <script>alert(1)</script> & co »');

    // A DS deposit: DS acknowledges it itself; ours only when the campaign asks.
    const [ds] = await rows(
      `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_name, referent_email, source) VALUES ($1, 1, 'Import DS', '53', 'S', 'ds1@example.org', 'ds') RETURNING id`,
      [campaignId],
    );
    await rows(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('dossier.depose', $1, $2, '{"source":"ds"}')`, [
      ds.id,
      campaignId,
    ]);
    await barrier(campaignId);
    expect(mailsTo((m) => m.to.includes('ds1@example.org'))).toHaveLength(0);
    await rows(`UPDATE campaign SET ds_deposit_acknowledgement = true WHERE id = $1`, [campaignId]);
    const [ds2] = await rows(
      `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_name, referent_email, source) VALUES ($1, 1, 'Import DS 2', '53', 'S', 'ds2@example.org', 'ds') RETURNING id`,
      [campaignId],
    );
    await rows(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('dossier.depose', $1, $2, '{"source":"ds"}')`, [
      ds2.id,
      campaignId,
    ]);
    await until('accusé DS sur demande', async () => mailsTo((m) => m.to.includes('ds2@example.org')).length === 1);
  });

  it('request for complements: at once with the list and the date; its reminder is cancelled when the pieces arrive', async () => {
    await ensureWorker();
    t.sink.clear();
    const campaignId = await createCampaign(t);
    const d = await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'Compl', email: 'complements@example.org', phone: '0102030405' },
    });
    let res = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    expect(res.status).toBe(200);
    const dueAt = new Date(Date.now() + 10 * 86400_000).toISOString();
    res = await transition(t, instructeur.auth, d.id, 'demander_complements', res.body.version, {
      data: { message: 'Merci de joindre les statuts signés.', dueAt },
    });
    expect(res.status).toBe(200);
    const [mail] = await until('demande reçue', async () => {
      const m = mailsTo((x) => x.to.includes('complements@example.org') && x.subject.includes('compléments demandés'));
      return m.length ? m : null;
    });
    expect(mail.text).toContain('Merci de joindre les statuts signés.');
    const [reminder] = await rows(
      `SELECT status, scheduled_for FROM notification WHERE dossier_id = $1 AND template = 'relance_complements'`,
      [d.id],
    );
    expect(reminder.status).toBe('planned');
    res = await transition(t, instructeur.auth, d.id, 'enregistrer_complements', res.body.version);
    expect(res.status).toBe(200);
    await until('relance annulée', async () => {
      const [r] = await rows(`SELECT status FROM notification WHERE dossier_id = $1 AND template = 'relance_complements'`, [d.id]);
      return r.status === 'cancelled';
    });

    // Another porteur does not answer: two days before the due date, the reminder goes.
    const d2 = await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'Silencieux', email: 'silencieux@example.org', phone: '0102030405' },
    });
    let r2 = await transition(t, instructeur.auth, d2.id, 'ouvrir_instruction', d2.version);
    r2 = await transition(t, instructeur.auth, d2.id, 'demander_complements', r2.body.version, {
      data: { message: 'Merci de joindre le budget prévisionnel.', dueAt },
    });
    expect(r2.status).toBe(200);
    const [planned] = await until('relance planifiée', async () => {
      const r = await rows(`SELECT scheduled_for FROM notification WHERE dossier_id = $1 AND template = 'relance_complements'`, [d2.id]);
      return r.length ? r : null;
    });
    const clock = worker!.get(NotificationClock);
    clock.set(new Date(new Date(planned.scheduled_for).getTime() + 1000));
    const [reminder2] = await until('relance reçue', async () => {
      const m = mailsTo((x) => x.to.includes('silencieux@example.org') && x.subject.includes('rappel'));
      return m.length ? m : null;
    });
    clock.reset();
    expect(reminder2.text).toContain('Merci de joindre le budget prévisionnel.');
    expect(mailsTo((x) => x.to.includes('complements@example.org') && x.subject.includes('rappel'))).toHaveLength(0);
  });

  it('an assigned avis e-mails its reviewer; reminders go on schedule, never twice in one window, and update the avis', async () => {
    await ensureWorker();
    t.sink.clear();
    const campaignId = await createCampaign(t);
    await rows(`UPDATE campaign SET required_avis_roles = '{cress}' WHERE id = $1`, [campaignId]);
    const reviewer = await t.as(['cress'], ['53'], { fullName: 'Camille Relectrice' });
    const d = await createDossier(t, instructeur.auth, campaignId, { projectName: 'Pôle relu' });
    const res = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    expect(res.status).toBe(200);
    const [mail] = await until('avis à rédiger reçu', async () => {
      const m = mailsTo((x) => x.to.includes(reviewer.email));
      return m.length ? m : null;
    });
    expect(mail.subject).toBe('AMI PTCE — 1 avis à rédiger');
    expect(mail.text).toContain('Pôle relu');
    expect(mail.text).toContain('Camille Relectrice');

    // The due date is near: the worker's clock is moved into the "due day" window.
    const [avis] = await rows(`SELECT id, due_at FROM avis WHERE dossier_id = $1`, [d.id]);
    const w = worker!;
    const tick = w.get(NotificationsTickProcessor);
    const clock = w.get(NotificationClock);
    const dueDay = new Date(new Date(avis.due_at).getTime() - 6 * 3600_000); // 17:59 Paris on the due day
    clock.set(dueDay);
    tick.forceReminderScan();
    await until('relance reçue', async () => mailsTo((x) => x.to.includes(reviewer.email) && x.subject.includes('rappel')).length === 1);
    await until(
      'relance comptée',
      async () => (await rows(`SELECT reminder_count FROM avis WHERE id = $1`, [avis.id]))[0].reminder_count === 1,
    );
    const [a1] = await rows(`SELECT reminder_count, reminded_at FROM avis WHERE id = $1`, [avis.id]);
    expect(a1.reminder_count).toBe(1);
    expect(a1.reminded_at).not.toBeNull();
    // Scanned again in the same window: nothing more.
    tick.forceReminderScan();
    await tick.tick();
    await barrier(campaignId);
    expect(mailsTo((x) => x.to.includes(reviewer.email) && x.subject.includes('rappel'))).toHaveLength(1);
    const windows = await rows(
      `SELECT idempotency_key, status FROM notification WHERE avis_id = $1 AND template = 'relance_avis' ORDER BY scheduled_for`,
      [avis.id],
    );
    expect(windows.filter((r: { status: string }) => r.status === 'sent')).toHaveLength(1);
    expect(windows.find((r: { status: string }) => r.status === 'planned').idempotency_key).toContain('retard-1');
    // A week later, overdue: one weekly reminder.
    clock.set(new Date(dueDay.getTime() + 7 * 86400_000));
    tick.forceReminderScan();
    await until(
      'relance de retard reçue',
      async () => mailsTo((x) => x.to.includes(reviewer.email) && x.subject.includes('en retard')).length === 1,
    );
    // The sink has it a moment before the row is marked sent (and the avis counted): wait for the commit.
    await until(
      'relance comptée',
      async () => (await rows(`SELECT reminder_count FROM avis WHERE id = $1`, [avis.id]))[0].reminder_count === 2,
    );
    clock.reset();
  });

  it('moving phase1AnnouncementAt re-plans the planned decision e-mails; the schedule shows it; a re-opened decision is cancelled', async () => {
    await ensureWorker();
    const campaignId = await decidedCampaign(3, new Date(Date.now() + 30 * 86400_000), 'deplace');
    await until('3 décisions planifiées', async () => {
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND status = 'planned'`, [campaignId]);
      return n === 3;
    });
    const campaign = (await t.http().get(`/api/campaigns/${campaignId}`).set('Authorization', admin.auth)).body;
    const moved = new Date(Date.now() + 40 * 86400_000);
    moved.setUTCMilliseconds(0);
    const put = await t
      .http()
      .put(`/api/campaigns/${campaignId}`)
      .set('Authorization', admin.auth)
      .send({
        name: campaign.name,
        calendar: {
          ...campaign.calendar,
          phase1AnnouncementAt: moved.toISOString(),
          phase2InvitationAt: new Date(moved.getTime() + 86400_000).toISOString(),
          phase2DepositDeadline: new Date(moved.getTime() + 20 * 86400_000).toISOString(),
          phase2AnnouncementAt: new Date(moved.getTime() + 40 * 86400_000).toISOString(),
        },
      });
    expect(put.status).toBe(200);
    await until('décisions re-planifiées', async () => {
      const r = await rows(`SELECT DISTINCT scheduled_for FROM notification WHERE campaign_id = $1 AND template LIKE 'decision%'`, [
        campaignId,
      ]);
      return r.length === 1 && new Date(r[0].scheduled_for).getTime() === moved.getTime();
    });
    const schedule = await t.http().get(`/api/campaigns/${campaignId}/schedule`).set('Authorization', instructeur.auth);
    const item = schedule.body.items.find((i: { template: string }) => i.template === 'decision_phase1_laureat');
    expect(item).toMatchObject({ at: moved.toISOString(), calendarField: 'phase1AnnouncementAt', recipients: 2 });

    // The selection re-opened: the planned decision e-mails of the phase are cancelled.
    await rows(`UPDATE campaign SET phase1_arrete_at = NULL WHERE id = $1`, [campaignId]);
    await rows(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('selection.rouverte', $1, '{"phase":1,"motif":"Erreur"}')`, [
      campaignId,
    ]);
    await until('décisions annulées', async () => {
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND status = 'cancelled'`, [
        campaignId,
      ]);
      return n === 3;
    });
  });

  it('lists, filters, previews, cancels and resends through the API', async () => {
    await ensureWorker();
    const list = await t
      .http()
      .get('/api/notifications')
      .query({ filter: JSON.stringify({ template: 'accuse_reception', status: 'sent' }), range: '[0,4]', sort: '["sentAt","DESC"]' })
      .set('Authorization', instructeur.auth);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toMatch(/^notifications 0-4\/\d+$/);
    const first = list.body[0];
    expect(first).toMatchObject({
      template: 'accuse_reception',
      templateLabel: 'Accusé de réception',
      status: 'sent',
      channel: 'email',
      resendOf: null,
    });
    expect(Object.keys(first).sort()).toEqual(
      [
        'id',
        'template',
        'templateLabel',
        'campaignId',
        'dossierId',
        'avisId',
        'recipient',
        'recipientName',
        'subject',
        'scheduledFor',
        'status',
        'attempts',
        'lastError',
        'messageId',
        'sentAt',
        'resendOf',
        'channel',
        'createdAt',
        'updatedAt',
        'projectName',
      ].sort(),
    );
    const preview = await t.http().get(`/api/notifications/${first.id}/preview`).set('Authorization', instructeur.auth);
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toContain('accusé de réception');
    expect(preview.body.html).toContain('<!doctype html>');

    const notCancellable = await t.http().post(`/api/notifications/${first.id}/cancel`).set('Authorization', instructeur.auth);
    expect(notCancellable.status).toBe(409);
    expect(notCancellable.body.code).toBe('NOTIFICATION_NOT_CANCELLABLE');

    t.sink.clear();
    const resent = await t.http().post(`/api/notifications/${first.id}/resend`).set('Authorization', instructeur.auth);
    expect(resent.status).toBe(201);
    expect(resent.body).toMatchObject({ resendOf: first.id, template: 'accuse_reception', recipient: first.recipient });
    expect(['planned', 'queued']).toContain(resent.body.status);
    await until('renvoi reçu', async () => mailsTo((m) => m.to.includes(first.recipient)).length === 1);

    const bad = await t
      .http()
      .get('/api/notifications')
      .query({ filter: JSON.stringify({ status: 'perdu' }) })
      .set('Authorization', instructeur.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const cress = await t.as(['cress'], ['53']);
    expect((await t.http().get('/api/notifications').set('Authorization', cress.auth)).status).toBe(403);
  });

  it('templates: listed with their variables, edited by admin, previewed on a real dossier; an unknown variable is refused', async () => {
    await ensureWorker();
    const list = await t.http().get('/api/email-templates').set('Authorization', admin.auth);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(14);
    expect(list.headers['content-range']).toBe('email-templates 0-13/14');
    const tpl = list.body.find((x: { code: string }) => x.code === 'decision_phase1_laureat');
    expect(tpl).toMatchObject({ id: 'decision_phase1_laureat', audience: 'porteur', dsDuplicate: true });
    expect(tpl.variables).toContain('projectName');

    const unknown = await t
      .http()
      .post('/api/email-templates/decision_phase1_laureat/preview')
      .set('Authorization', admin.auth)
      .send({ subject: 'Bravo {{prenom}}', html: '<p>{{projectName}} {{montantTotal}}</p>', text: '{{projectName}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.details.unknownVariables).toEqual(['montantTotal', 'prenom']);

    const campaignId = await createCampaign(t);
    const d = await createDossier(t, instructeur.auth, campaignId, { projectName: 'Pôle <i>aperçu</i>' });
    const preview = await t.http().post('/api/email-templates/decision_phase1_laureat/preview').set('Authorization', admin.auth).send({
      subject: 'Bravo {{projectName}}',
      html: '<p>Projet : {{projectName}}</p>',
      text: 'Projet : {{projectName}}',
      dossierId: d.id,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Bravo Pôle <i>aperçu</i>');
    expect(preview.body.html).toContain('Projet : Pôle &lt;i&gt;aperçu&lt;/i&gt;');
    expect(preview.body.text).toBe('Projet : Pôle <i>aperçu</i>');

    const put = await t
      .http()
      .put('/api/email-templates/accuse_reception')
      .set('Authorization', admin.auth)
      .send({ subject: 'Bien reçu : {{projectName}}', html: '<p>Merci {{referentName}}</p>', text: 'Merci {{referentName}}' });
    expect(put.status).toBe(200);
    expect(put.body.subject).toBe('Bien reçu : {{projectName}}');
    expect((await t.http().put('/api/email-templates/accuse_reception').set('Authorization', instructeur.auth).send(put.body)).status).toBe(
      403,
    );
    expect((await t.http().get('/api/email-templates/inconnu').set('Authorization', admin.auth)).status).toBe(404);
    t.sink.clear();
    await createDossier(t, instructeur.auth, campaignId, {
      projectName: 'Modèle modifié',
      referent: { name: 'R', email: 'modele@example.org', phone: '0102030405' },
    });
    const [mail] = await until('accusé avec le nouveau modèle', async () => {
      const m = mailsTo((x) => x.to.includes('modele@example.org'));
      return m.length ? m : null;
    });
    expect(mail.subject).toBe('Bien reçu : Modèle modifié');
  });
});
