import { mkdtempSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChamp, LABELS, phase2Demarche, RunningStandin, startDsStandin } from '@ptce/ds-standin';
import type { DsDossier, Phase2Set } from '@ptce/ds-standin';
import { createCampaign } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

// One dossier at a time, so that a locked dossier holds a DS import at a known place (cancel test). Read at app start.
process.env.IMPORT_CONCURRENCY = '1';

const TOKEN = 'jeton-phase-2';
const D1 = 62001;
const D2 = 62002;
const SEED = 21;

type Who = Awaited<ReturnType<TestApp['as']>>;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 45000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const siretOf = (d: DsDossier) => (d.demandeur as { siret?: string }).siret as string;

describe('Phase-2 intake: DS import of the second démarche, link by SIRET, uninvited structure, manual link', () => {
  let standin: RunningStandin;
  let t: TestApp;
  let storage: string;
  let instructeur: Who;
  let campaignId: string;
  let p2: Phase2Set;
  const phase1ByIndex = new Map<number, string>(); // DEMO_PROJECTS index → phase-1 dossier id

  beforeAll(async () => {
    // Phase 1: projects 0…9. Phase 2: projects 0, 1, 2 invited; 5 applied in phase 1 but was not invited; 40 never
    // applied in phase 1 (nothing to link it to by SIRET).
    p2 = phase2Demarche({ seed: SEED, deadline: new Date('2021-09-30T21:59:59Z'), invited: [0, 1, 2], uninvited: [5], newcomers: [40] });
    standin = await startDsStandin({
      token: TOKEN,
      dossiers: {
        [D1]: { count: 10, seed: SEED, phase: 1, deadline: new Date('2021-06-23T21:59:59Z') },
        [D2]: p2.source,
      },
    });
    storage = mkdtempSync(join(tmpdir(), 'ptce-p2-'));
    t = await startTestApp({ DS_API_URL: standin.url, DS_API_TOKEN: TOKEN, STORAGE_DIR: storage });
    await t.startWorker();
    instructeur = await t.as(['instructeur']);
    campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET ds_demarche_phase1 = $2, ds_demarche_phase2 = $3 WHERE id = $1`, [campaignId, D1, D2]);
  });
  afterAll(async () => {
    await t?.close();
    await standin?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  });

  const importDs = async (phase: 1 | 2, mode: 'incremental' | 'full' = 'incremental') => {
    const res = await t.http().post(`/api/campaigns/${campaignId}/imports/ds`).set('Authorization', instructeur.auth).send({ phase, mode });
    expect(res.status).toBe(202);
    return until(
      () => t.http().get(`/api/imports/${res.body.id}`).set('Authorization', instructeur.auth),
      (r) => !['queued', 'running'].includes(r.body.status),
    );
  };
  const dossierByNumber = async (n: number) =>
    (await t.db.query(`SELECT * FROM dossier WHERE campaign_id = $1 AND ds_number = $2`, [campaignId, n]))[0];
  const criterion = async (id: string) => {
    const res = await t.http().get(`/api/dossiers/${id}/eligibility`).set('Authorization', instructeur.auth);
    expect(res.status).toBe(200);
    return res.body.items.find((i: { code: string }) => i.code === 'invitation_phase2');
  };
  const unlinked = async () => {
    const res = await t
      .http()
      .get(`/api/dossiers?filter=${encodeURIComponent(JSON.stringify({ campaignId, unlinked: true }))}`)
      .set('Authorization', instructeur.auth);
    expect(res.status).toBe(200);
    return res.body as { id: string; dsNumber: number; parentDossierId: string | null }[];
  };

  it('imports phase 1, then phase 2 from the second démarche: linked by SIRET, amounts read, nobody dropped', async () => {
    expect((await importDs(1)).body).toMatchObject({ status: 'done', phase: 1, created: 10 });
    const p1Ds = standin.state.dossiers(D1);
    for (const [i, d] of p1Ds.entries()) phase1ByIndex.set(i, (await dossierByNumber(d.number)).id);
    // The phase-1 lauréats 0, 1, 2 (and 3, linked by hand below) were invited to phase 2.
    await t.db.query(`UPDATE dossier SET invited_to_phase2_at = now() WHERE id = ANY($1::uuid[])`, [
      [0, 1, 2, 3].map((i) => phase1ByIndex.get(i)),
    ]);

    const run = await importDs(2);
    expect(run.body).toMatchObject({ status: 'done', phase: 2, dsDemarche: D2, created: 5, skipped: 0 });
    expect(run.body.errors).toEqual([
      { dsNumber: p2.newcomerNumbers[0], reason: expect.stringMatching(/Aucun dossier de phase 1 de cette structure/) },
    ]);

    const p2Ds = standin.state.dossiers(D2);
    for (const [k, index] of [0, 1, 2].entries()) {
      const n = p2.invitedNumbers[k] as number;
      const ds = p2Ds.find((d) => d.number === n) as DsDossier;
      expect(siretOf(ds)).toBe(siretOf(p1Ds[index] as DsDossier));
      const row = await dossierByNumber(n);
      const montant = findChamp(ds, LABELS.montantDemande) as { value: number };
      expect(row).toMatchObject({
        phase: 2,
        parent_dossier_id: phase1ByIndex.get(index),
        amount_requested_cents: String(montant.value * 100),
      });
      const api = await t.http().get(`/api/dossiers/${row.id}`).set('Authorization', instructeur.auth);
      expect(api.body).toMatchObject({ parentDossierId: phase1ByIndex.get(index), amountRequestedCents: montant.value * 100 });
      expect(await criterion(row.id)).toMatchObject({ auto: 'ok' });
    }
  });

  it('flags the uninvited structure on the "invité en phase 2" criterion instead of dropping it', async () => {
    const row = await dossierByNumber(p2.uninvitedNumbers[0] as number);
    expect(row).toMatchObject({ phase: 2, state: 'en_instruction', parent_dossier_id: phase1ByIndex.get(5) });
    expect(await criterion(row.id)).toMatchObject({ auto: 'ko', reason: expect.stringMatching(/pas été invitée/) });
  });

  it('lists the phase-2 dossier it could not link (unlinked filter) with parentDossierId null', async () => {
    const n = p2.newcomerNumbers[0] as number;
    const list = await unlinked();
    expect(list.map((d) => d.dsNumber)).toEqual([n]);
    expect(list[0]?.parentDossierId).toBeNull();
    // Not linked: no invitation can be established, so the criterion fails until someone links it.
    expect(await criterion(list[0]?.id as string)).toMatchObject({ auto: 'ko' });
    const linked = await t
      .http()
      .get(`/api/dossiers?filter=${encodeURIComponent(JSON.stringify({ campaignId, phase: 2, unlinked: false }))}`)
      .set('Authorization', instructeur.auth);
    expect(linked.body).toHaveLength(4);
    const bad = await t
      .http()
      .get(`/api/dossiers?filter=${encodeURIComponent(JSON.stringify({ unlinked: 'oui' }))}`)
      .set('Authorization', instructeur.auth);
    expect(bad.status).toBe(400);
  });

  it('links it by hand to a phase-1 dossier of the campaign (journaled, version checked), and a re-import keeps the link', async () => {
    const child = await dossierByNumber(p2.newcomerNumbers[0] as number);
    const parentId = phase1ByIndex.get(3) as string;
    const post = (body: Record<string, unknown>, auth = instructeur.auth, id = child.id as string) =>
      t.http().post(`/api/dossiers/${id}/parent`).set('Authorization', auth).send(body);

    const cress = await t.as(['cress'], ['53']);
    expect((await post({ parentDossierId: parentId }, cress.auth)).status).toBe(403);
    const conflict = await post({ parentDossierId: parentId, expectedVersion: child.version + 5 });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('VERSION_CONFLICT');
    const phase2Parent = await post({ parentDossierId: (await dossierByNumber(p2.invitedNumbers[0] as number)).id });
    expect(phase2Parent.status).toBe(400);
    expect(phase2Parent.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { parentDossierId: expect.stringMatching(/phase 1/) } });
    const otherCampaign = await createCampaign(t);
    const [foreign] = await t.db.query(
      `INSERT INTO dossier (campaign_id, phase, project_name, region, structure_siret, structure_name, deposited_at, state, source)
       SELECT $1, 1, project_name, region, structure_siret, structure_name, deposited_at, 'depose', 'manuel' FROM dossier WHERE id = $2 RETURNING id`,
      [otherCampaign, parentId],
    );
    expect((await post({ parentDossierId: foreign.id })).status).toBe(400);
    expect((await post({ parentDossierId: 'pas-un-uuid' })).status).toBe(400);
    const ofPhase1 = await post({ parentDossierId: parentId }, instructeur.auth, parentId);
    expect(ofPhase1.status).toBe(400);
    expect((await post({ parentDossierId: parentId }, instructeur.auth, '00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const ok = await post({ parentDossierId: parentId, expectedVersion: child.version });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: child.id, parentDossierId: parentId, version: child.version + 1 });
    expect(await criterion(child.id)).toMatchObject({ auto: 'ok' });
    expect(await unlinked()).toEqual([]);
    const journal = await t.http().get(`/api/dossiers/${child.id}/journal`).set('Authorization', instructeur.auth);
    expect(journal.body.at(-1)).toMatchObject({
      action: 'rattacher_phase1',
      actorId: instructeur.id,
      data: { parentDossierId: parentId, previousParentDossierId: null, sameSiret: false },
    });
    // Again: nothing changes, no new journal entry.
    const again = await post({ parentDossierId: parentId });
    expect(again.body.version).toBe(child.version + 1);

    const rerun = await importDs(2, 'full');
    expect(rerun.body).toMatchObject({ status: 'done', created: 0 });
    expect((await dossierByNumber(p2.newcomerNumbers[0] as number)).parent_dossier_id).toBe(parentId);
  });

  it('cancels a running DS import between two dossiers: the ones before stay, the rest is not read', async () => {
    // A full import reads the dossiers in deposit order (DS's order without updatedSince).
    const at = (d: DsDossier) => new Date(d.dateDepot as string).getTime();
    const p1Ds = standin.state.dossiers(D1).sort((a, b) => at(a) - at(b) || a.number - b.number);
    const fifth = p1Ds[4] as DsDossier;
    standin.state.touch(fifth.number, new Date(), { projectName: 'Pôle renommé pendant l’import' });
    const lock = new Client({ connectionString: t.config.databaseUrl });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query(`SELECT id FROM dossier WHERE campaign_id = $1 AND ds_number = $2 FOR UPDATE`, [campaignId, fifth.number]);
      const res = await t
        .http()
        .post(`/api/campaigns/${campaignId}/imports/ds`)
        .set('Authorization', instructeur.auth)
        .send({ phase: 1, mode: 'full' });
      expect(res.status).toBe(202);
      // The import waits on our lock at the fifth dossier.
      await until(
        async () =>
          (
            await t.db.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          )[0].n,
        (n) => n > 0,
      );
      const c = await t.http().post(`/api/imports/${res.body.id}/cancel`).set('Authorization', instructeur.auth);
      expect(c.status).toBe(200);
      expect(c.body).toMatchObject({ kind: 'ds', status: 'cancelled' });
      await lock.query('ROLLBACK');
      const run = await until(
        () => t.http().get(`/api/imports/${res.body.id}`).set('Authorization', instructeur.auth),
        (r) => r.body.processed === 5,
      );
      expect(run.body).toMatchObject({ status: 'cancelled', unchanged: 4, updated: 1, pagesDone: 0, finishedAt: expect.any(String) });
      expect((await dossierByNumber(fifth.number)).project_name).toBe('Pôle renommé pendant l’import');
      // A new import may start at once: the cancelled one no longer counts as running.
      const next = await importDs(1);
      expect(next.body).toMatchObject({ status: 'done' });
    } finally {
      await lock.end();
    }
  });
});
