import type { ChildProcess } from 'node:child_process';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { spawnWorkerProcess } from '../helpers/worker-process';
import { eventually } from '../helpers/wait';

const SEND_CONCURRENCY = 10;

/** The real worker entry point in a process of its own, so that it can be killed with SIGKILL. */
function spawnWorker(t: TestApp): Promise<ChildProcess> {
  const child = spawnWorkerProcess(t, {
    NOTIFY_TICK_MS: '200',
    NOTIFY_QUEUED_TIMEOUT_MS: '2000',
    NOTIFY_LOCK_MS: '2000',
    NOTIFY_STALLED_CHECK_MS: '1000',
    NOTIFY_SEND_CONCURRENCY: String(SEND_CONCURRENCY),
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Worker prêt')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`worker sorti (${code}) : ${out}`)));
  });
}

describe('notifications: worker killed (SIGKILL) mid-burst and restarted', () => {
  let t: TestApp;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await t?.close();
  });

  it('nothing is lost; a duplicate can only be a message in flight at the kill, once, with the same Message-ID', async () => {
    const campaignId = await createCampaign(t);
    await t.db.query(
      `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_name, referent_name, referent_email, state, eligibility, decision_outcome, source)
       SELECT $1, 1, 'Projet ' || g, '53', 'Structure ' || g, 'Référent ' || g, 'crash' || g || '@example.org', 'laureat', 'eligible', 'laureat', 'manuel'
         FROM generate_series(1, 300) g`,
      [campaignId],
    );
    await t.db.query(`UPDATE campaign SET phase1_announcement_at = now() - interval '1 minute', phase1_arrete_at = now() WHERE id = $1`, [
      campaignId,
    ]);
    await t.db.query(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('selection.arretee', $1, '{"phase":1}')`, [campaignId]);
    const crashMails = () => t.sink.list().filter((m) => m.to[0].startsWith('crash'));

    const first = await spawnWorker(t);
    children.push(first);
    await eventually('début de la rafale', async () => crashMails().length >= 40, 60000);
    first.kill('SIGKILL');
    await new Promise<void>((r) => (first.exitCode !== null || first.signalCode !== null ? r() : first.once('exit', () => r())));
    const atKill = crashMails().length;
    expect(atKill).toBeLessThan(300);

    children.push(await spawnWorker(t));
    await eventually(
      'toutes les lignes envoyées',
      async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE campaign_id = $1 AND status = 'sent'`, [
          campaignId,
        ]);
        return n === 300;
      },
      120000,
    );
    const got = crashMails();
    const byRecipient = new Map<string, string[]>();
    for (const m of got) byRecipient.set(m.to[0], [...(byRecipient.get(m.to[0]) ?? []), m.messageId ?? '']);
    expect(byRecipient.size).toBe(300); // none missing
    const duplicated = [...byRecipient.values()].filter((ids) => ids.length > 1);
    expect(duplicated.length).toBeLessThanOrEqual(SEND_CONCURRENCY); // only messages in flight at the kill
    for (const ids of duplicated) {
      expect(ids).toHaveLength(2); // each at most once more
      expect(new Set(ids).size).toBe(1); // with the same Message-ID
    }
  });
});
