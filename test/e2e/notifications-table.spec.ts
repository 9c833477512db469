import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { CaughtMail } from '@ptce/server/mail/dev-mail-sink.service';
import { NotificationClock, NOTIFICATIONS_QUEUE, WEEKLY_DIGEST_JOB } from '@ptce/server/notifications/notification-settings';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { eventually as until } from '../helpers/wait';

/** The rows of the table of the issue (section 3) not covered by notifications.spec.ts. */
describe('notifications: who gets which e-mail when (reviewer digest, decisions held for the arrêt, phase 2, weekly digest)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;

  beforeAll(async () => {
    process.env.NOTIFY_TICK_MS = '200';
    t = await startTestApp();
    instructeur = await t.as(['instructeur'], [], { fullName: 'Ines Instructrice' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const mails = (pred: (m: CaughtMail) => boolean) => t.sink.list().filter(pred);
  const rows = (sql: string, params: unknown[] = []) => t.db.query(sql, params);
  const ensureWorker = async () => (worker ??= await t.startWorker());

  it('many avis assigned at once: one e-mail per reviewer listing them; a later one in the hour waits for the hourly digest', async () => {
    const campaignId = await createCampaign(t);
    await rows(`UPDATE campaign SET required_avis_roles = '{cress}' WHERE id = $1`, [campaignId]);
    const reviewer = await t.as(['cress'], ['76'], { fullName: 'Rémi Relecteur' });
    // The digest is per clock hour: not across an hour boundary (bounded wait when the test starts in the last minute).
    await until('pas à cheval sur deux heures', async () => new Date().getUTCMinutes() < 59, 70_000);
    // Assigned while no worker runs: the relay finds the three events together.
    for (const name of ['Pôle A', 'Pôle B', 'Pôle C']) {
      const d = await createDossier(t, instructeur.auth, campaignId, { projectName: name, region: '76' });
      expect((await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version)).status).toBe(200);
    }
    const w = await ensureWorker();
    const [mail] = await until('un seul courriel pour trois avis', async () => {
      const m = mails((x) => x.to.includes(reviewer.email));
      return m.length ? m : null;
    });
    expect(mail.subject).toBe('AMI PTCE — 3 avis à rédiger');
    for (const name of ['Pôle A', 'Pôle B', 'Pôle C']) expect(mail.text).toContain(name);

    // One more in the same hour: gathered in the digest sent at the end of the hour.
    const d = await createDossier(t, instructeur.auth, campaignId, { projectName: 'Pôle D', region: '76' });
    await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    const [digest] = await until('relevé horaire planifié', async () => {
      const r = await rows(
        `SELECT id, scheduled_for, status FROM notification WHERE template = 'avis_a_rediger' AND recipient = $1 AND status = 'planned'`,
        [reviewer.email],
      );
      return r.length ? r : null;
    });
    const endOfHour = new Date(digest.scheduled_for);
    expect(endOfHour.getUTCMinutes()).toBe(0);
    expect(endOfHour.getTime()).toBeGreaterThan(Date.now());
    w.get(NotificationClock).set(new Date(endOfHour.getTime() + 1000));
    await until('relevé horaire reçu', async () => mails((x) => x.to.includes(reviewer.email)).length === 2);
    const second = mails((x) => x.to.includes(reviewer.email)).find((m) => m.text.includes('Pôle D'))!;
    expect(second.subject).toBe('AMI PTCE — 1 avis à rédiger');
    w.get(NotificationClock).reset();

    // A declined avis: its planned reminders are cancelled.
    const [avis] = await rows(`SELECT id FROM avis WHERE dossier_id = $1`, [d.id]);
    await until(
      'relance planifiée',
      async () =>
        (await rows(`SELECT 1 FROM notification WHERE avis_id = $1 AND template = 'relance_avis' AND status = 'planned'`, [avis.id]))
          .length > 0,
    );
    const declined = await t
      .http()
      .post(`/api/avis/${avis.id}/decline`)
      .set('Authorization', reviewer.auth)
      .send({ reason: 'Je connais trop bien ce porteur.' });
    expect(declined.status).toBeLessThan(300);
    await until('relances annulées', async () => {
      const r = await rows(`SELECT status FROM notification WHERE avis_id = $1 AND template = 'relance_avis'`, [avis.id]);
      return r.length > 0 && r.every((x: { status: string }) => x.status === 'cancelled');
    });
  });

  it('a decision waits for the arrêt even after the announcement date; a re-opened decision is cancelled; then sent once with its motif', async () => {
    await ensureWorker();
    const campaignId = await createCampaign(t); // 2021 calendar: the announcement date is long past
    const d = await createDossier(t, instructeur.auth, campaignId, {
      projectName: 'Pôle inéligible',
      referent: { name: 'Inès', email: 'ineligible@example.org', phone: '0102030405' },
    });
    let res = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    res = await transition(t, instructeur.auth, d.id, 'declarer_ineligible', res.body.version, { motif: 'Structure publique.' });
    expect(res.status).toBe(200);
    await until(
      'décision planifiée',
      async () =>
        (await rows(`SELECT 1 FROM notification WHERE dossier_id = $1 AND template = 'decision_ineligible'`, [d.id])).length === 1,
    );
    res = await transition(t, instructeur.auth, d.id, 'repasser_en_instruction', res.body.version, { motif: 'Statuts mal lus.' });
    expect(res.status).toBe(200);
    await until('décision annulée', async () => {
      const [r] = await rows(`SELECT status FROM notification WHERE dossier_id = $1 AND template = 'decision_ineligible'`, [d.id]);
      return r.status === 'cancelled';
    });
    res = await transition(t, instructeur.auth, d.id, 'declarer_ineligible', res.body.version, {
      motif: 'Fondation : forme juridique exclue.',
    });
    await until(
      'nouvelle décision planifiée',
      async () =>
        (await rows(`SELECT 1 FROM notification WHERE dossier_id = $1 AND template = 'decision_ineligible' AND status = 'planned'`, [d.id]))
          .length === 1,
    );
    // Past the announcement date but not arrêtée: held. A barrier e-mail proves the dispatcher ran meanwhile.
    await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'T', email: 'temoin-arret@example.org', phone: '0102030405' },
    });
    await until('témoin', async () => mails((m) => m.to.includes('temoin-arret@example.org')).length === 1);
    expect(mails((m) => m.to.includes('ineligible@example.org') && m.subject.includes('Décision'))).toHaveLength(0);

    await rows(`UPDATE campaign SET phase1_arrete_at = now() WHERE id = $1`, [campaignId]);
    await rows(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('selection.arretee', $1, '{"phase":1}')`, [campaignId]);
    const [mail] = await until('décision envoyée', async () => {
      const m = mails((x) => x.to.includes('ineligible@example.org') && x.subject.includes('Décision'));
      return m.length ? m : null;
    });
    expect(mail.subject).toBe('Décision sur votre candidature à l’AMI PTCE — dossier inéligible');
    expect(mail.text).toContain('Fondation : forme juridique exclue.');
    expect(mail.text).not.toContain('Structure publique.');
  });

  it('phase 2: invitation at phase2InvitationAt, deposit reminders 14 and 3 days before the deadline, stopped by a phase-2 deposit; decision with the amount', async () => {
    const w = await ensureWorker();
    const campaignId = await createCampaign(t);
    const invitationAt = new Date(Date.now() + 5 * 86400_000);
    const deadline = new Date(Date.now() + 40 * 86400_000);
    await rows(
      `UPDATE campaign SET phase1_announcement_at = now() - interval '1 day', phase2_invitation_at = $2, phase2_deposit_deadline = $3,
              phase2_announcement_at = $3::timestamptz + interval '30 days' WHERE id = $1`,
      [campaignId, invitationAt, deadline],
    );
    const inserted = await rows(
      `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_name, referent_name, referent_email, state, eligibility, decision_outcome, source)
       VALUES ($1, 1, 'Pôle invité', '53', 'S1', 'Iris', 'invite@example.org', 'laureat', 'eligible', 'laureat', 'manuel'),
              ($1, 1, 'Pôle invité sans dépôt', '53', 'S2', 'Ivan', 'invite2@example.org', 'laureat', 'eligible', 'laureat', 'manuel') RETURNING id`,
      [campaignId],
    );
    for (const r of inserted) {
      await rows(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('dossier.invite_phase2', $1, $2, '{}')`, [
        r.id,
        campaignId,
      ]);
    }
    const planned = await until('invitations et relances planifiées', async () => {
      const r = await rows(`SELECT * FROM notification WHERE dossier_id = $1 ORDER BY scheduled_for`, [inserted[0].id]);
      return r.length === 3 ? r : null;
    });
    expect(planned.map((r: { template: string }) => r.template)).toEqual([
      'invitation_phase2',
      'relance_depot_phase2',
      'relance_depot_phase2',
    ]);
    expect(new Date(planned[0].scheduled_for).getTime()).toBe(invitationAt.getTime());
    const paris9 = (daysBefore: number) => {
      const d = new Date(deadline.getTime() - daysBefore * 86400_000);
      return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' })
        .format(d)
        .replace(/\d{2}:\d{2}$/, '09:00');
    };
    const fmt = (x: Date) =>
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(x);
    expect(fmt(new Date(planned[1].scheduled_for))).toBe(paris9(14));
    expect(fmt(new Date(planned[2].scheduled_for))).toBe(paris9(3));

    // The first invited porteur deposits in phase 2: its reminders stop, not the other's.
    const [p2] = await rows(
      `INSERT INTO dossier (campaign_id, phase, parent_dossier_id, project_name, region, structure_name, referent_email, source)
       VALUES ($1, 2, $2, 'Pôle invité', '53', 'S1', 'invite@example.org', 'ds') RETURNING id`,
      [campaignId, inserted[0].id],
    );
    await rows(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('dossier.depose', $1, $2, '{"source":"ds"}')`, [
      p2.id,
      campaignId,
    ]);
    await until('relances du déposant annulées', async () => {
      const r = await rows(`SELECT status FROM notification WHERE dossier_id = $1 AND template = 'relance_depot_phase2'`, [inserted[0].id]);
      return r.every((x: { status: string }) => x.status === 'cancelled');
    });
    const other = await rows(`SELECT status FROM notification WHERE dossier_id = $1 AND template = 'relance_depot_phase2'`, [
      inserted[1].id,
    ]);
    expect(other.map((x: { status: string }) => x.status)).toEqual(['planned', 'planned']);

    // The invitation date comes: both invitations leave, with the deadline.
    w.get(NotificationClock).set(new Date(invitationAt.getTime() + 1000));
    const [inv] = await until('invitation reçue', async () => {
      const m = mails((x) => x.to.includes('invite@example.org') && x.subject.includes('phase 2'));
      return m.length ? m : null;
    });
    expect(inv.subject).toBe('AMI PTCE — invitation à déposer votre dossier de phase 2');
    expect(inv.text).toContain(fmt(deadline).replace(' ', ' '));
    w.get(NotificationClock).reset();

    // Phase 2 decided and arrêtée: the decision e-mail carries the amount.
    await rows(
      `UPDATE dossier SET state = 'laureat', eligibility = 'eligible', decision_outcome = 'laureat', decision_amount_cents = 5000000 WHERE id = $1`,
      [p2.id],
    );
    await rows(`UPDATE campaign SET phase2_announcement_at = now() - interval '1 minute', phase2_arrete_at = now() WHERE id = $1`, [
      campaignId,
    ]);
    await rows(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('selection.arretee', $1, '{"phase":2}')`, [campaignId]);
    const [dec] = await until('décision de phase 2 reçue', async () => {
      const m = mails((x) => x.to.includes('invite@example.org') && x.subject.includes('lauréat de la phase 2'));
      return m.length ? m : null;
    });
    expect(dec.text).toContain('50 000,00 €');
  });

  it('weekly digest (Monday 08:00 Paris job): one per instructeur and week, whatever runs twice', async () => {
    const w = await ensureWorker();
    const queue = w.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.find((s) => s.key === 'notifications-weekly-digest')).toMatchObject({ pattern: '0 8 * * 1', tz: 'Europe/Paris' });
    await queue.add(WEEKLY_DIGEST_JOB, {});
    await queue.add(WEEKLY_DIGEST_JOB, {});
    const [mail] = await until('récapitulatif reçu', async () => {
      const m = mails((x) => x.to.includes(instructeur.email));
      return m.length ? m : null;
    });
    expect(mail.subject).toMatch(/^AMI PTCE — récapitulatif de la semaine \d{4}-W\d{2}$/);
    expect(mail.text).toContain('Ines Instructrice');
    expect(mail.text).toContain('Avis en retard');
    await until('deux tâches traitées', async () => (await queue.getCompletedCount()) >= 2);
    const [{ n }] = await rows(
      `SELECT count(*)::int AS n FROM notification WHERE template = 'recapitulatif_hebdomadaire' AND recipient = $1`,
      [instructeur.email],
    );
    expect(n).toBe(1);
  });
});
