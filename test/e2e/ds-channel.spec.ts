import { INestApplicationContext } from '@nestjs/common';
import { RunningStandin, startDsStandin } from '@ptce/ds-standin';
import type { DsDossier } from '@ptce/ds-standin';
import { failMutations, mutationsOf, RecordedMutation } from '@ptce/ds-standin/mutations';
import { NotificationClock } from '@ptce/server/notifications/notification-settings';
import type { CaughtMail } from '@ptce/server/mail/dev-mail-sink.service';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { eventually as until } from '../helpers/wait';

// Read when the worker starts: short ticks and backoff, three attempts.
process.env.NOTIFY_TICK_MS = '200';
process.env.NOTIFY_RETRY_BASE_MS = '50';
process.env.NOTIFY_MAX_ATTEMPTS = '3';

const TOKEN = 'jeton-ecriture-test';
const INSTRUCTEUR = Buffer.from('Instructeur-4242').toString('base64');
const DEMARCHE = 62001;
const DEADLINE = new Date('2021-06-23T21:59:59Z');

/** Polls a condition (bounded): no sleeps of fixed length in the assertions. */
describe('DS channel (issue 10 §6): the planned rows drive DS mutations, once, with the e-mails’ retries and visibility', () => {
  let standin: RunningStandin;
  let t: TestApp;
  let worker: INestApplicationContext;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;
  let admin: Awaited<ReturnType<TestApp['as']>>;
  let free: number[] = [];
  let markerSeq = 0;

  beforeAll(async () => {
    standin = await startDsStandin({ token: TOKEN, dossiers: { [DEMARCHE]: { count: 30, seed: 13, phase: 1, deadline: DEADLINE } } });
    // Every DS dossier starts en construction (deposited, not yet taken up by an instructeur).
    for (const d of standin.state.dossiers(DEMARCHE)) {
      standin.state.touch(d.number, new Date(), (x) => {
        x.state = 'en_construction';
        x.datePassageEnInstruction = null;
      });
    }
    free = standin.state.dossiers(DEMARCHE).map((d) => d.number);
    t = await startTestApp({ DS_API_URL: standin.url, DS_API_TOKEN: TOKEN, DS_INSTRUCTEUR_ID: INSTRUCTEUR });
    instructeur = await t.as(['instructeur']);
    admin = await t.as(['admin']);
    worker = await t.startWorker();
  });
  afterAll(async () => {
    await t?.close();
    await standin?.close();
  });

  const rows = (sql: string, params: unknown[] = []) => t.db.query(sql, params);
  const mailsTo = (pred: (m: CaughtMail) => boolean) => t.sink.list().filter(pred);
  const dsDossier = (n: number): DsDossier => standin.state.dossier(n)!;
  const calls = (n: number, name?: string): RecordedMutation[] =>
    mutationsOf(standin.state).filter((m) => m.dossierNumber === n && (!name || m.name === name));
  const applied = (n: number, name?: string) => calls(n, name).filter((m) => m.outcome === 'ok' || m.outcome === 'lost');

  /** A manual dossier's acknowledgement reaches the sink: the relay and the dispatcher have run after what came before. */
  async function barrier(campaignId: string): Promise<void> {
    const email = `temoin${++markerSeq}@example.org`;
    await createDossier(t, instructeur.auth, campaignId, { referent: { name: 'Témoin', email, phone: '01 02 03 04 05' } });
    await until(`accusé de réception témoin ${email}`, async () => mailsTo((m) => m.to.includes(email)).length === 1);
  }

  /** A campaign, its DS channel switched through the campaign API as the form does (GET then PUT of the same record). */
  async function campaign(dsChannelEnabled: boolean): Promise<string> {
    const id = await createCampaign(t);
    if (dsChannelEnabled) {
      const got = await t.http().get(`/api/campaigns/${id}`).set('Authorization', admin.auth);
      const put = await t
        .http()
        .put(`/api/campaigns/${id}`)
        .set('Authorization', admin.auth)
        .send({ ...got.body, dsChannelEnabled: true });
      expect(put.status).toBe(200);
    }
    return id;
  }

  /** A dossier of ours imported from DS: ours in `depose`, linked to a DS dossier en construction. */
  async function fromDs(campaignId: string, email: string) {
    const number = free.shift()!;
    const d = await createDossier(t, instructeur.auth, campaignId, { referent: { name: 'Porteur DS', email, phone: '01 02 03 04 05' } });
    await rows(`UPDATE dossier SET ds_number = $2, source = 'ds' WHERE id = $1`, [d.id, number]);
    return { ...d, number };
  }

  const dsRows = async (dossierId: string) =>
    (
      await t
        .http()
        .get('/api/notifications')
        .query({ filter: JSON.stringify({ channel: 'ds', dossierId }), sort: JSON.stringify(['createdAt', 'ASC']) })
        .set('Authorization', instructeur.auth)
    ).body as Record<string, unknown>[];

  it('campaign API: dsChannelEnabled and dsDepositAcknowledgement, off by default, PUT takes back what GET returns', async () => {
    const id = await createCampaign(t);
    const got = await t.http().get(`/api/campaigns/${id}`).set('Authorization', admin.auth);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ dsChannelEnabled: false, dsDepositAcknowledgement: false });
    const put = await t
      .http()
      .put(`/api/campaigns/${id}`)
      .set('Authorization', admin.auth)
      .send({ ...got.body, dsChannelEnabled: true, dsDepositAcknowledgement: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ dsChannelEnabled: true, dsDepositAcknowledgement: true });
    const again = await t.http().put(`/api/campaigns/${id}`).set('Authorization', admin.auth).send(put.body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ dsChannelEnabled: true, dsDepositAcknowledgement: true });
    const bad = await t
      .http()
      .put(`/api/campaigns/${id}`)
      .set('Authorization', admin.auth)
      .send({ ...again.body, dsChannelEnabled: 'oui' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body)).toContain('vrai ou faux');

    // The template list says which e-mails DS sends itself.
    const templates = await t.http().get('/api/email-templates').set('Authorization', admin.auth);
    const dup = Object.fromEntries(templates.body.map((x: { code: string; dsDuplicate: boolean }) => [x.code, x.dsDuplicate]));
    expect(dup).toMatchObject({
      demande_complements: true,
      decision_phase1_laureat: true,
      decision_sans_suite: true,
      relance_complements: false,
    });
  });

  it('instruction opens: DS passes the dossier en instruction once; a complements request is one DS message, not our e-mail', async () => {
    const campaignId = await campaign(true);
    const d = await fromDs(campaignId, 'porteur.instruction@example.org');
    let res = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    expect(res.status).toBe(200);
    const [row] = await until('passage en instruction transmis', async () => {
      const r = await dsRows(d.id);
      return r.length === 1 && r[0]!.status === 'sent' ? r : null;
    });
    expect(row).toMatchObject({
      channel: 'ds',
      template: 'ds_en_instruction',
      templateLabel: 'Passage en instruction sur Démarches Simplifiées',
    });
    expect(dsDossier(d.number).state).toBe('en_instruction');
    const byTemplate = await t
      .http()
      .get('/api/notifications')
      .query({ filter: JSON.stringify({ template: 'ds_en_instruction', dossierId: d.id }) })
      .set('Authorization', instructeur.auth);
    expect(byTemplate.status).toBe(200);
    expect(byTemplate.body.map((x: { id: string }) => x.id)).toEqual([row!.id]);
    const pass = applied(d.number, 'dossierPasserEnInstruction');
    expect(pass).toHaveLength(1);
    expect(pass[0]!.input).toMatchObject({ dossierId: dsDossier(d.number).id, instructeurId: INSTRUCTEUR, disableNotification: false });

    // A resend reads the state on DS first: nothing is passed twice.
    const resent = await t.http().post(`/api/notifications/${row!.id}/resend`).set('Authorization', instructeur.auth);
    expect(resent.status).toBe(201);
    await until('renvoi traité', async () => {
      const r = await t.http().get(`/api/notifications/${resent.body.id}`).set('Authorization', instructeur.auth);
      return r.body.status === 'sent' ? r : null;
    });
    expect(calls(d.number, 'dossierPasserEnInstruction')).toHaveLength(1);

    const dueAt = new Date(Date.now() + 10 * 86400_000).toISOString();
    res = await transition(t, instructeur.auth, d.id, 'demander_complements', res.body.version, {
      data: { message: 'Merci de joindre les statuts signés.', dueAt },
    });
    expect(res.status).toBe(200);
    const message = await until('message DS envoyé', async () => {
      const r = (await dsRows(d.id)).find((x) => x.template === 'demande_complements');
      return r?.status === 'sent' ? r : null;
    });
    expect(message.subject).toContain('message au porteur');
    const sentMessages = applied(d.number, 'dossierEnvoyerMessage');
    expect(sentMessages).toHaveLength(1);
    expect(sentMessages[0]!.input.body).toContain('Merci de joindre les statuts signés.');
    expect(sentMessages[0]!.input).toMatchObject({ dossierId: dsDossier(d.number).id, instructeurId: INSTRUCTEUR });
    expect(dsDossier(d.number).messages).toHaveLength(1);
    // DS e-mails the porteur about its message: ours is not planned; our reminder (DS sends none) still is.
    const emails = await rows(`SELECT template, status FROM notification WHERE dossier_id = $1 AND channel = 'email' ORDER BY template`, [
      d.id,
    ]);
    expect(emails.map((e: { template: string }) => e.template)).toEqual(['accuse_reception', 'relance_complements']);
    await barrier(campaignId);
    expect(mailsTo((m) => m.to.includes('porteur.instruction@example.org') && m.subject.includes('compléments'))).toHaveLength(0);

    // The preview of a DS row says what DS receives.
    const preview = await t.http().get(`/api/notifications/${message.id}/preview`).set('Authorization', instructeur.auth);
    expect(preview.status).toBe(200);
    expect(preview.body.text).toContain('Merci de joindre les statuts signés.');
  });

  it('decisions: after the arrêt, at the announcement date, the right DS mutation once with the motif, even when the job is retried', async () => {
    const campaignId = await campaign(true);
    const announcement = new Date(Date.now() + 3600_000);
    await rows(`UPDATE campaign SET phase1_announcement_at = $2 WHERE id = $1`, [campaignId, announcement]);
    const laureat = await fromDs(campaignId, 'laureat.ds@example.org');
    const nonRetenu = await fromDs(campaignId, 'non-retenu.ds@example.org');
    const sansSuite = await fromDs(campaignId, 'sans-suite.ds@example.org');
    const manual = await createDossier(t, instructeur.auth, campaignId, {
      referent: { name: 'Manuel', email: 'laureat.manuel@example.org', phone: '01 02 03 04 05' },
    });
    // Already en instruction on DS (the lauréat too, below: the lost answer must be a decision's).
    for (const n of [nonRetenu.number, sansSuite.number]) standin.state.touch(n, new Date(), (x) => (x.state = 'en_instruction'));
    const decide = async (id: string, state: string, motif: string | null, type: string) => {
      await rows(`UPDATE dossier SET state = $2, decision_outcome = $3, decision_motif = $4 WHERE id = $1`, [
        id,
        state,
        state === 'laureat' || state === 'non_retenu' ? state : null,
        motif,
      ]);
      await rows(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ($1, $2, $3, $4)`, [
        type,
        id,
        campaignId,
        motif ? { motif } : {},
      ]);
    };
    await decide(laureat.id, 'laureat', null, 'dossier.laureat');
    await decide(nonRetenu.id, 'non_retenu', 'Projet insuffisamment mûr.', 'dossier.non_retenu');
    await decide(sansSuite.id, 'sans_suite', 'Le porteur a retiré sa candidature.', 'dossier.sans_suite');
    await decide(manual.id, 'laureat', null, 'dossier.laureat');

    const planned = await until('décisions planifiées', async () => {
      const r = await rows(
        `SELECT dossier_id, template, channel, status, scheduled_for, gate_phase FROM notification WHERE campaign_id = $1 AND template LIKE 'decision%'`,
        [campaignId],
      );
      return r.length === 4 ? r : null;
    });
    const byDossier = new Map(planned.map((r: { dossier_id: string }) => [r.dossier_id, r]));
    expect(byDossier.get(laureat.id)).toMatchObject({
      channel: 'ds',
      template: 'decision_phase1_laureat',
      status: 'planned',
      gate_phase: 1,
    });
    expect(byDossier.get(nonRetenu.id)).toMatchObject({ channel: 'ds', template: 'decision_phase1_non_retenu' });
    expect(byDossier.get(sansSuite.id)).toMatchObject({ channel: 'ds', template: 'decision_sans_suite' });
    expect(byDossier.get(manual.id)).toMatchObject({ channel: 'email', template: 'decision_phase1_laureat' }); // not from DS: our e-mail
    for (const r of planned) expect(new Date(r.scheduled_for).toISOString()).toBe(announcement.toISOString());

    // The date has come, the selection is not arrêtée: nothing goes to DS.
    worker.get(NotificationClock).set(new Date(announcement.getTime() + 1000));
    await barrier(campaignId);
    for (const d of [laureat, nonRetenu, sansSuite]) expect(calls(d.number)).toHaveLength(0);

    // The arrêt releases them; the first accepter's answer is lost (DS applied it): the retry reads DS and stops there.
    failMutations(standin.state, 1, 'Délai de réponse dépassé', 'lose-answer');
    standin.state.touch(laureat.number, new Date(), (x) => (x.state = 'en_instruction'));
    await rows(`UPDATE campaign SET phase1_arrete_at = now() WHERE id = $1`, [campaignId]);
    await rows(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('selection.arretee', $1, '{"phase":1}')`, [campaignId]);
    const sent = await until('décisions transmises', async () => {
      const r = await rows(
        `SELECT dossier_id, status, attempts, message_id, last_error FROM notification WHERE campaign_id = $1 AND channel = 'ds' AND template LIKE 'decision%'`,
        [campaignId],
      );
      return r.every((x: { status: string }) => x.status === 'sent') ? r : null;
    });
    expect(sent).toHaveLength(3);
    expect(sent.reduce((n: number, r: { attempts: number }) => n + r.attempts, 0)).toBe(4); // one retried once
    expect(dsDossier(laureat.number).state).toBe('accepte');
    expect(dsDossier(nonRetenu.number).state).toBe('refuse');
    expect(dsDossier(sansSuite.number).state).toBe('sans_suite');
    expect(applied(laureat.number, 'dossierAccepter')).toHaveLength(1);
    expect(calls(laureat.number, 'dossierAccepter')).toHaveLength(1);
    const refus = applied(nonRetenu.number);
    expect(refus).toHaveLength(1);
    expect(refus[0]).toMatchObject({
      name: 'dossierRefuser',
      input: { motivation: 'Projet insuffisamment mûr.', instructeurId: INSTRUCTEUR },
    });
    const classement = applied(sansSuite.number);
    expect(classement).toHaveLength(1);
    expect(classement[0]).toMatchObject({ name: 'dossierClasserSansSuite', input: { motivation: 'Le porteur a retiré sa candidature.' } });
    const lost = mutationsOf(standin.state).filter((m) => m.outcome === 'lost');
    expect(lost).toHaveLength(1);
    // Which job lost its answer depends on the order of the burst; that one was retried, read DS, and did not call again.
    const retried = sent.find((r: { attempts: number }) => r.attempts === 2);
    const retriedNumber = [laureat, nonRetenu, sansSuite].find((d) => d.id === retried.dossier_id)!.number;
    expect(lost[0]!.dossierNumber).toBe(retriedNumber);
    expect(calls(retriedNumber).filter((m) => m.name !== 'dossierPasserEnInstruction')).toHaveLength(1);

    // DS told the porteurs: no decision e-mail of ours to them; the manual dossier's e-mail went.
    await until(
      'courriel du dossier manuel',
      async () => mailsTo((m) => m.to.includes('laureat.manuel@example.org') && m.subject.includes('lauréat')).length === 1,
    );
    for (const e of ['laureat.ds@example.org', 'non-retenu.ds@example.org', 'sans-suite.ds@example.org']) {
      expect(mailsTo((m) => m.to.includes(e) && m.subject.includes('Décision'))).toHaveLength(0);
    }
    worker.get(NotificationClock).reset();
  });

  it('a DS dossier still en construction at the decision is passed en instruction first, silently, then decided', async () => {
    const campaignId = await campaign(true);
    const d = await fromDs(campaignId, 'construction.ds@example.org');
    await rows(`UPDATE dossier SET state = 'ineligible' WHERE id = $1`, [d.id]);
    await rows(`UPDATE campaign SET phase1_arrete_at = now() WHERE id = $1`, [campaignId]);
    await rows(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('dossier.ineligible', $1, $2, $3)`, [
      d.id,
      campaignId,
      { motif: 'Structure hors du champ de l’ESS.' },
    ]);
    await until('refus transmis', async () => {
      const [r] = await rows(`SELECT status FROM notification WHERE dossier_id = $1 AND channel = 'ds'`, [d.id]);
      return r?.status === 'sent';
    });
    expect(calls(d.number).map((m) => [m.name, m.input.disableNotification])).toEqual([
      ['dossierPasserEnInstruction', true],
      ['dossierRefuser', false],
    ]);
    expect(calls(d.number)[1]!.input.motivation).toBe('Structure hors du champ de l’ESS.');
    expect(dsDossier(d.number).state).toBe('refuse');
  });

  it('DS answering errors: retries, then failed with the error, visible in the list and resendable', async () => {
    const campaignId = await campaign(true);
    const d = await fromDs(campaignId, 'erreur.ds@example.org');
    failMutations(standin.state, Infinity, 'Erreur interne de Démarches Simplifiées');
    const res = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    expect(res.status).toBe(200);
    const failed = await until('ligne en échec', async () => {
      const r = await t
        .http()
        .get('/api/notifications')
        .query({ filter: JSON.stringify({ channel: 'ds', status: 'failed', dossierId: d.id }) })
        .set('Authorization', instructeur.auth);
      return r.body.length === 1 ? r.body[0] : null;
    });
    expect(failed).toMatchObject({ channel: 'ds', status: 'failed', attempts: 3 });
    expect(failed.lastError).toContain('Erreur interne de Démarches Simplifiées');
    expect(calls(d.number, 'dossierPasserEnInstruction')).toHaveLength(3);
    expect(dsDossier(d.number).state).toBe('en_construction');

    failMutations(standin.state, 0);
    const resent = await t.http().post(`/api/notifications/${failed.id}/resend`).set('Authorization', instructeur.auth);
    expect(resent.status).toBe(201);
    expect(resent.body).toMatchObject({ channel: 'ds', resendOf: failed.id });
    await until('renvoi transmis', async () => {
      const r = await t.http().get(`/api/notifications/${resent.body.id}`).set('Authorization', instructeur.auth);
      return r.body.status === 'sent';
    });
    expect(applied(d.number, 'dossierPasserEnInstruction')).toHaveLength(1);
    expect(dsDossier(d.number).state).toBe('en_instruction');
  });

  it('switching the channel moves the planned decisions of DS dossiers between e-mail and DS', async () => {
    const campaignId = await campaign(false); // its selection is not arrêtée: the decision rows wait
    const d = await fromDs(campaignId, 'bascule.ds@example.org');
    await rows(`UPDATE dossier SET state = 'non_retenu', decision_outcome = 'non_retenu' WHERE id = $1`, [d.id]);
    await rows(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ('dossier.non_retenu', $1, $2, $3)`, [
      d.id,
      campaignId,
      { motif: 'Ancrage territorial insuffisant.' },
    ]);
    const decisions = () =>
      rows(`SELECT channel, status, variables FROM notification WHERE dossier_id = $1 AND template LIKE 'decision%' ORDER BY created_at`, [
        d.id,
      ]);
    await until('décision planifiée par courriel', async () => (await decisions()).length === 1);
    expect(await decisions()).toMatchObject([{ channel: 'email', status: 'planned' }]);

    const put = async (on: boolean) => {
      const got = await t.http().get(`/api/campaigns/${campaignId}`).set('Authorization', admin.auth);
      const res = await t
        .http()
        .put(`/api/campaigns/${campaignId}`)
        .set('Authorization', admin.auth)
        .send({ ...got.body, dsChannelEnabled: on });
      expect(res.status).toBe(200);
    };
    await put(true);
    await until('décision passée à DS', async () => (await decisions()).length === 2);
    expect(await decisions()).toMatchObject([
      { channel: 'email', status: 'cancelled' },
      { channel: 'ds', status: 'planned', variables: { motif: 'Ancrage territorial insuffisant.' } },
    ]);
    await put(false);
    await until('décision revenue au courriel', async () => (await decisions()).length === 3);
    expect((await decisions()).map((r: { channel: string; status: string }) => `${r.channel}:${r.status}`)).toEqual([
      'email:cancelled',
      'ds:cancelled',
      'email:planned',
    ]);
    expect(calls(d.number)).toHaveLength(0);
  });

  it('channel off: nothing is sent to DS, the porteur gets our e-mails', async () => {
    const campaignId = await campaign(false);
    const d = await fromDs(campaignId, 'sans-canal@example.org');
    let res = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    res = await transition(t, instructeur.auth, d.id, 'demander_complements', res.body.version, {
      data: { message: 'Merci de joindre le budget.', dueAt: new Date(Date.now() + 10 * 86400_000).toISOString() },
    });
    expect(res.status).toBe(200);
    await until(
      'demande de compléments par courriel',
      async () => mailsTo((m) => m.to.includes('sans-canal@example.org') && m.subject.includes('compléments')).length === 1,
    );
    await barrier(campaignId);
    expect(calls(d.number)).toHaveLength(0);
    expect(dsDossier(d.number).state).toBe('en_construction');
    const [{ n }] = await rows(`SELECT count(*)::int AS n FROM notification WHERE dossier_id = $1 AND channel = 'ds'`, [d.id]);
    expect(n).toBe(0);
  });
});
