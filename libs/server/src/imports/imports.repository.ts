import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DomainEvent, JournalAction } from '@ptce/domain';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { returnedRows } from '../database/returned-rows';
import { DossierEntity } from '../dossiers/dossier.entity';
import type { StoredAttachment } from './attachment-store';
import { ImportIssue, ImportKind, ImportRunEntity, ImportStatus } from './import-run.entity';
import type { MappedDossier } from './mapping/map-record';

export interface ExistingAttachment {
  id: string;
  filename: string;
  checksum: string | null;
  storage_key: string | null;
}

export interface RunCounters {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  deleted: number;
  pagesDone: number;
  total: number | null;
  errors: ImportIssue[];
}

/** One dossier an import creates: its mapped content and what the import decided around it. */
export interface NewDossierRow {
  d: MappedDossier;
  campaignId: string;
  phase: 1 | 2;
  parentId: string | null;
  source: 'ds' | 'fichier';
}

/** What the import list filters on (already validated by the service). */
export interface RunCriteria {
  ids?: string[];
  campaignId?: string;
  phases?: number[];
  kinds?: ImportKind[];
  statuses?: ImportStatus[];
}

/** An import run that may have lost its worker: what the start-up sweep compares with BullMQ. */
export interface UnfinishedRun {
  id: string;
  status: 'queued' | 'running';
  upload_key: string | null;
}

export interface JournalRow {
  dossierId: string;
  actorId: string | null;
  actorRole: string;
  action: JournalAction;
  fromState: string | null;
  toState: string | null;
  data: Record<string, unknown>;
  version: number;
}

/**
 * The imports area's SQL: run bookkeeping, what an import reads about the dossiers it meets (by DS number, in one query
 * per page), and its writes as multi-row statements (one per table and page). `m` first: inside the caller's transaction.
 */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  // --- runs ------------------------------------------------------------------------------------------------------

  findRun(runId: string): Promise<ImportRunEntity | null> {
    return this.db.getRepository(ImportRunEntity).findOne({ where: { id: runId } });
  }

  findCampaign(campaignId: string): Promise<CampaignEntity | null> {
    return this.db.getRepository(CampaignEntity).findOne({ where: { id: campaignId } });
  }

  /** Inserts a new run row (its unique index refuses a second active DS run of the same campaign and phase). */
  createRun(run: Partial<ImportRunEntity>): Promise<ImportRunEntity> {
    const repo = this.db.getRepository(ImportRunEntity);
    return repo.save(repo.create(run));
  }

  /** Fails the campaign's and phase's DS runs that show no activity for 15 minutes (their worker died). */
  async failSilentDsRuns(campaignId: string, phase: number, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE import_run SET status = 'failed', finished_at = now(), updated_at = now(), failure = $3
        WHERE campaign_id = $1 AND phase = $2 AND kind = 'ds' AND status IN ('queued','running') AND updated_at < now() - interval '15 minutes'`,
      [campaignId, phase, reason],
    );
  }

  /** The DS run of this campaign and phase that is queued or running, if any. */
  async activeDsRunId(campaignId: string, phase: number): Promise<string | null> {
    const [row]: { id: string }[] = await this.db.query(
      `SELECT id FROM import_run WHERE campaign_id = $1 AND phase = $2 AND kind = 'ds' AND status IN ('queued','running')`,
      [campaignId, phase],
    );
    return row?.id ?? null;
  }

  /** A run that could not be queued (Redis unavailable): failed, its upload forgotten. */
  async failUnqueued(runId: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE import_run SET status = 'failed', failure = $2, failure_code = 'QUEUE_UNAVAILABLE', upload_key = NULL, finished_at = now(),
              updated_at = now() WHERE id = $1`,
      [runId, message],
    );
  }

  /** Cancels a queued or running run; null when it was neither (already finished), else its stored upload. */
  async cancelRun(runId: string, userId: string): Promise<{ uploadKey: string | null } | null> {
    const [row] = returnedRows<{ upload_key: string | null }>(
      await this.db.query(
        `UPDATE import_run SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING upload_key`,
        [runId, userId],
      ),
    );
    return row ? { uploadKey: row.upload_key } : null;
  }

  /** A page of runs, sorted by `sortSql` (a column of the list spec) then id, with the total. */
  listRuns(c: RunCriteria, sortSql: string, order: 'ASC' | 'DESC', offset: number, limit: number): Promise<[ImportRunEntity[], number]> {
    const qb = this.db.getRepository(ImportRunEntity).createQueryBuilder('r');
    if (c.ids) qb.andWhere('r.id IN (:...ids)', { ids: c.ids.length ? c.ids : ['00000000-0000-0000-0000-000000000000'] });
    if (c.campaignId !== undefined) qb.andWhere('r.campaign_id = :campaignId', { campaignId: c.campaignId });
    if (c.phases) qb.andWhere('r.phase IN (:...phases)', { phases: c.phases });
    if (c.kinds) qb.andWhere('r.kind IN (:...kinds)', { kinds: c.kinds });
    if (c.statuses) qb.andWhere('r.status IN (:...statuses)', { statuses: c.statuses });
    return qb
      .orderBy(sortSql, order, order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST')
      .addOrderBy('r.id', order)
      .offset(offset)
      .limit(limit)
      .getManyAndCount();
  }

  /** The campaign's DS field mapping (stored form). */
  async saveMapping(campaignId: string, stored: unknown): Promise<void> {
    await this.db.query(`UPDATE campaign SET ds_mapping = $2 WHERE id = $1`, [campaignId, stored]);
  }

  /**
   * A running run its worker gave back (the process is stopping): queued again, its counters as they were until the
   * next worker restarts it. False when it is no longer running (cancelled meanwhile).
   */
  async requeueRun(runId: string): Promise<boolean> {
    const rows = returnedRows(
      await this.db.query(`UPDATE import_run SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'running' RETURNING id`, [
        runId,
      ]),
    );
    return rows.length > 0;
  }

  /** A job BullMQ gave up on (thrown, stalled too often): its run, if still queued or running, fails with the reason. */
  async failRunOfFailedJob(runId: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE import_run SET status = 'failed', failure = $2, failure_code = 'JOB_FAILED', finished_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [runId, message],
    );
  }

  /** Runs left running, or queued for more than a minute: candidates for the worker's start-up sweep. */
  unfinishedRuns(): Promise<UnfinishedRun[]> {
    return this.db.query(
      `SELECT id, status, upload_key FROM import_run
        WHERE status = 'running' OR (status = 'queued' AND created_at < now() - interval '1 minute')`,
    );
  }

  /** Fails an interrupted run if it is still in the status the sweep saw; false when it moved meanwhile. */
  async failInterrupted(runId: string, seenStatus: string, reason: string): Promise<boolean> {
    const rows = returnedRows(
      await this.db.query(
        `UPDATE import_run SET status = 'failed', failure = $2, failure_code = 'INTERRUPTED', finished_at = now(), updated_at = now()
          WHERE id = $1 AND status = $3 RETURNING id`,
        [runId, reason, seenStatus],
      ),
    );
    return rows.length > 0;
  }

  /** Marks a queued (or redelivered running) run as running with its counters at zero; false when it is no longer so. */
  async startRun(runId: string): Promise<boolean> {
    const res: unknown = await this.db.query(
      `UPDATE import_run SET status = 'running', started_at = now(), finished_at = NULL, pages_done = 0, created = 0, updated = 0, unchanged = 0,
              skipped = 0, deleted = 0, errors = '[]', failure = NULL, failure_code = NULL, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [runId],
    );
    return returnedRows(res).length > 0;
  }

  async setDsSource(runId: string, since: Date | null, demarche: number): Promise<void> {
    await this.db.query(`UPDATE import_run SET updated_since = $2, ds_demarche = $3 WHERE id = $1`, [runId, since, demarche]);
  }

  /** Ends a running run as done (a DS run leaves the cursor the next incremental run starts from). */
  async finishRun(runId: string, nextSince?: Date | null): Promise<void> {
    if (nextSince === undefined)
      await this.db.query(
        `UPDATE import_run SET status = 'done', finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`,
        [runId],
      );
    else
      await this.db.query(
        `UPDATE import_run SET status = 'done', finished_at = now(), next_since = $2, updated_at = now() WHERE id = $1 AND status = 'running'`,
        [runId, nextSince],
      );
  }

  async failRun(runId: string, message: string, code: string): Promise<void> {
    await this.db.query(
      `UPDATE import_run SET status = 'failed', failure = $2, failure_code = $3, finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'running'`,
      [runId, message, code],
    );
  }

  async forgetUpload(runId: string): Promise<void> {
    await this.db.query(`UPDATE import_run SET upload_key = NULL WHERE id = $1`, [runId]);
  }

  async isCancelled(runId: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT status FROM import_run WHERE id = $1`, [runId]);
    return !row || row.status === 'cancelled';
  }

  async saveProgress(runId: string, c: RunCounters): Promise<void> {
    await this.db.query(
      `UPDATE import_run SET created = $2, updated = $3, unchanged = $4, skipped = $5, deleted = $6, pages_done = $7, total = $8, errors = $9, updated_at = now() WHERE id = $1`,
      [runId, c.created, c.updated, c.unchanged, c.skipped, c.deleted, c.pagesDone, c.total, JSON.stringify(c.errors)],
    );
  }

  /** The cursor the last successful DS run of this campaign, phase and démarche left (null: import everything). */
  async lastDsCursor(campaignId: string, phase: number, demarche: number): Promise<Date | null> {
    const [row] = await this.db.query(
      `SELECT next_since FROM import_run WHERE campaign_id = $1 AND phase = $2 AND kind = 'ds' AND status = 'done' AND ds_demarche = $3
        ORDER BY finished_at DESC LIMIT 1`,
      [campaignId, phase, demarche],
    );
    return row?.next_since ? new Date(row.next_since) : null;
  }

  // --- what an import reads --------------------------------------------------------------------------------------

  /** Per SIRET, the phase-1 dossier a phase-2 dossier belongs to (the invited one first, then the latest deposit). */
  async phase1ParentsBySiret(campaignId: string, sirets: string[]): Promise<Map<string, string>> {
    if (!sirets.length) return new Map();
    const rows: { id: string; siret: string }[] = await this.db.query(
      `SELECT DISTINCT ON (structure_siret) structure_siret AS siret, id FROM dossier
        WHERE campaign_id = $1 AND phase = 1 AND structure_siret = ANY($2::text[])
        ORDER BY structure_siret, (invited_to_phase2_at IS NOT NULL) DESC, deposited_at DESC`,
      [campaignId, [...new Set(sirets)]],
    );
    return new Map(rows.map((r) => [r.siret, r.id]));
  }

  /** The dossiers already imported under these DS numbers, with the hash of what DS said last time. */
  async existingByDsNumber(
    campaignId: string,
    phase: number,
    numbers: number[],
  ): Promise<Map<number, { id: string; contentHash: string | null }>> {
    if (!numbers.length) return new Map();
    const rows: { id: string; ds_number: number; content_hash: string | null }[] = await this.db.query(
      `SELECT d.id, d.ds_number, r.content_hash FROM dossier d LEFT JOIN dossier_ds_raw r ON r.dossier_id = d.id
        WHERE d.campaign_id = $1 AND d.phase = $2 AND d.ds_number = ANY($3::int[])`,
      [campaignId, phase, numbers],
    );
    return new Map(rows.map((r) => [r.ds_number, { id: r.id, contentHash: r.content_hash }]));
  }

  /** The statuts files these dossiers already have, per dossier. */
  async statutsOf(dossierIds: string[]): Promise<Map<string, ExistingAttachment[]>> {
    const out = new Map<string, ExistingAttachment[]>();
    if (!dossierIds.length) return out;
    const rows: (ExistingAttachment & { dossier_id: string })[] = await this.db.query(
      `SELECT id, dossier_id, filename, checksum, storage_key FROM dossier_attachment WHERE dossier_id = ANY($1::uuid[]) AND kind = 'statuts'`,
      [dossierIds],
    );
    for (const { dossier_id, ...a } of rows) out.set(dossier_id, [...(out.get(dossier_id) ?? []), a]);
    return out;
  }

  async dossierStateByDsNumber(campaignId: string, phase: number, dsNumber: number): Promise<{ id: string; state: string } | null> {
    const [row] = await this.db.query(`SELECT id, state FROM dossier WHERE campaign_id = $1 AND phase = $2 AND ds_number = $3`, [
      campaignId,
      phase,
      dsNumber,
    ]);
    return row ?? null;
  }

  // --- what an import writes (inside the caller's transaction) ---------------------------------------------------

  /** A dossier by id, read in the caller's transaction (the phase-1 dossier a phase-2 one is linked to by hand). */
  findDossier(m: EntityManager, id: string): Promise<DossierEntity | null> {
    return m.getRepository(DossierEntity).findOne({ where: { id } });
  }

  /** Links a phase-2 dossier to its phase-1 dossier, at its new version (the row is locked by the caller). */
  async setParent(m: EntityManager, dossierId: string, parentId: string, version: number): Promise<void> {
    await m.query(`UPDATE dossier SET parent_dossier_id = $2, version = $3, updated_at = now() WHERE id = $1`, [
      dossierId,
      parentId,
      version,
    ]);
  }

  async lockByDsNumber(m: EntityManager, campaignId: string, phase: number, dsNumber: number): Promise<DossierEntity | null> {
    return m
      .getRepository(DossierEntity)
      .createQueryBuilder('d')
      .where('d.campaign_id = :c AND d.phase = :p AND d.ds_number = :n', { c: campaignId, p: phase, n: dsNumber })
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * Creates the dossiers in `depose`, version 1, in one statement. A DS number created meanwhile by someone else is
   * left out (ON CONFLICT): the answer maps each DS number actually inserted to its new id.
   */
  async insertDossiers(m: EntityManager, rows: NewDossierRow[]): Promise<Map<number, string>> {
    if (!rows.length) return new Map();
    const json = rows.map(({ d, campaignId, phase, parentId, source }) => ({
      campaign_id: campaignId,
      phase,
      parent_dossier_id: parentId,
      ds_number: d.dsNumber,
      project_name: d.projectName,
      region: d.region,
      structure_siret: d.structureSiret,
      structure_name: d.structureName,
      structure_legal_form: d.structureLegalForm,
      structure_legal_form_code: d.structureLegalFormCode,
      structure_legal_category: d.structureLegalCategory,
      structure_esus: d.structureEsus,
      structure_esus_date: d.structureEsusDate,
      referent_name: d.referentName,
      referent_email: d.referentEmail,
      referent_phone: d.referentPhone,
      sections: d.sections,
      characterisation: d.fragileTerritory ? { fragileTerritory: d.fragileTerritory } : {},
      // What MembersRepository.replace leaves on a new dossier: its members' SIRETs, distinct and sorted.
      member_sirets: [...new Set((d.members ?? []).map((x) => x.siret).filter((s): s is string => !!s))].sort(),
      amount_requested_cents: d.amountRequestedCents,
      deposited_at: d.depositedAt.toISOString(),
      late_deposit: d.lateDeposit,
      source,
    }));
    const res: { id: string; ds_number: number }[] = await m.query(
      `INSERT INTO dossier (campaign_id, phase, parent_dossier_id, ds_number, project_name, region, structure_siret, structure_name,
                            structure_legal_form, structure_legal_form_code, structure_legal_category, structure_esus, structure_esus_date,
                            referent_name, referent_email, referent_phone, sections, characterisation, member_sirets, amount_requested_cents,
                            deposited_at, late_deposit, state, eligibility, eligibility_decisions, source, version, updated_at)
       SELECT x.campaign_id, x.phase, x.parent_dossier_id, x.ds_number, x.project_name, x.region, x.structure_siret, x.structure_name,
              x.structure_legal_form, x.structure_legal_form_code, x.structure_legal_category, x.structure_esus, x.structure_esus_date,
              x.referent_name, x.referent_email, x.referent_phone, x.sections, x.characterisation,
              ARRAY(SELECT jsonb_array_elements_text(x.member_sirets)), x.amount_requested_cents, x.deposited_at, x.late_deposit,
              'depose', 'a_verifier', '{}'::jsonb, x.source, 1, now()
         FROM jsonb_to_recordset($1::jsonb) AS x(campaign_id uuid, phase smallint, parent_dossier_id uuid, ds_number int, project_name text,
              region text, structure_siret text, structure_name text, structure_legal_form text, structure_legal_form_code text,
              structure_legal_category text, structure_esus boolean, structure_esus_date date, referent_name text, referent_email text,
              referent_phone text, sections jsonb, characterisation jsonb, member_sirets jsonb, amount_requested_cents bigint,
              deposited_at timestamptz, late_deposit boolean, source text)
       ON CONFLICT (campaign_id, phase, ds_number) WHERE ds_number IS NOT NULL DO NOTHING
       RETURNING id, ds_number`,
      [JSON.stringify(json)],
    );
    return new Map(res.map((r) => [r.ds_number, r.id]));
  }

  async insertStatuts(m: EntityManager, rows: { dossierId: string; files: readonly StoredAttachment[] }[]): Promise<void> {
    const flat = rows.flatMap((r) =>
      r.files.map((a) => ({
        dossier_id: r.dossierId,
        filename: a.filename,
        content_type: a.contentType,
        byte_size: a.byteSize,
        checksum: a.checksum,
        storage_key: a.storageKey,
        source_url: a.sourceUrl,
      })),
    );
    if (!flat.length) return;
    await m.query(
      `INSERT INTO dossier_attachment (dossier_id, kind, filename, content_type, byte_size, checksum, storage_key, source_url)
       SELECT x.dossier_id, 'statuts', x.filename, x.content_type, x.byte_size, x.checksum, x.storage_key, x.source_url
         FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, filename text, content_type text, byte_size bigint, checksum text,
              storage_key text, source_url text)`,
      [JSON.stringify(flat)],
    );
  }

  /** Drops the dossier's statuts files not in `keep`; answers how many went. */
  async removeStatutsExcept(m: EntityManager, dossierId: string, keep: string[]): Promise<number> {
    const res: unknown = await m.query(
      `DELETE FROM dossier_attachment WHERE dossier_id = $1 AND kind = 'statuts' AND NOT (id = ANY($2::uuid[])) RETURNING id`,
      [dossierId, keep],
    );
    return returnedRows(res).length;
  }

  /** What DS sent for each dossier (kept for the next comparison), upserted in one statement. */
  async saveRaw(
    m: EntityManager,
    rows: { dossierId: string; dsNumber: number; raw: Record<string, unknown>; hash: string | null }[],
    runId: string,
  ): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO dossier_ds_raw (dossier_id, ds_number, payload, content_hash, import_run_id, updated_at)
       SELECT x.dossier_id, x.ds_number, x.payload, x.content_hash, $2, now()
         FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, ds_number int, payload jsonb, content_hash text)
       ON CONFLICT (dossier_id) DO UPDATE SET ds_number = EXCLUDED.ds_number, payload = EXCLUDED.payload, content_hash = EXCLUDED.content_hash,
         import_run_id = EXCLUDED.import_run_id, updated_at = now()`,
      [JSON.stringify(rows.map((r) => ({ dossier_id: r.dossierId, ds_number: r.dsNumber, payload: r.raw, content_hash: r.hash }))), runId],
    );
  }

  /** Journal rows in one statement; a plain scan of the array inserts (and numbers) them in the order given. */
  async appendJournal(m: EntityManager, rows: JournalRow[]): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO dossier_journal (dossier_id, actor_id, actor_role, action, from_state, to_state, data, version)
       SELECT x.dossier_id, x.actor_id, x.actor_role, x.action, x.from_state, x.to_state, x.data, x.version
         FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, actor_id uuid, actor_role text, action text, from_state text,
              to_state text, data jsonb, version int)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            dossier_id: r.dossierId,
            actor_id: r.actorId,
            actor_role: r.actorRole,
            action: r.action,
            from_state: r.fromState,
            to_state: r.toState,
            data: r.data,
            version: r.version,
          })),
        ),
      ],
    );
  }

  /** Outbox events in one statement, in the order given. */
  async publish(m: EntityManager, rows: { dossierId: string; campaignId: string; event: DomainEvent }[]): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO outbox_event (type, dossier_id, campaign_id, payload)
       SELECT x.type, x.dossier_id, x.campaign_id, x.payload
         FROM jsonb_to_recordset($1::jsonb) AS x(type text, dossier_id uuid, campaign_id uuid, payload jsonb)`,
      [
        JSON.stringify(
          rows.map((r) => ({ type: r.event.type, dossier_id: r.dossierId, campaign_id: r.campaignId, payload: r.event.payload })),
        ),
      ],
    );
  }
}
