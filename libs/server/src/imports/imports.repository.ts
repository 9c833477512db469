import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DomainEvent, DossierMember, JournalAction } from '@ptce/domain';
import { DataSource, EntityManager } from 'typeorm';
import { DossierEntity } from '../dossiers/dossier.entity';
import type { StoredAttachment } from './attachment-store';
import type { ImportIssue } from './import-run.entity';
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

  /** Marks a queued (or redelivered running) run as running with its counters at zero; false when it is no longer so. */
  async startRun(runId: string): Promise<boolean> {
    const res: unknown[] = await this.db.query(
      `UPDATE import_run SET status = 'running', started_at = now(), finished_at = NULL, pages_done = 0, created = 0, updated = 0, unchanged = 0,
              skipped = 0, deleted = 0, errors = '[]', failure = NULL, failure_code = NULL, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [runId],
    );
    return affectedRows(res) > 0;
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
      // What replaceMembers leaves on a new dossier: its members' SIRETs, distinct and sorted.
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

  /** The member lists of new dossiers (no previous members: their SIRETs are already on the dossier rows). */
  async insertMembers(m: EntityManager, rows: { dossierId: string; members: readonly DossierMember[]; source: string }[]): Promise<void> {
    const flat = rows.flatMap((r) =>
      r.members.map((x, i) => ({ dossier_id: r.dossierId, position: i + 1, name: x.name, siret: x.siret, kind: x.kind, source: r.source })),
    );
    if (!flat.length) return;
    await m.query(
      `INSERT INTO dossier_member (dossier_id, position, name, siret, kind, source)
       SELECT x.dossier_id, x.position, x.name, x.siret, x.kind, x.source
         FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, position int, name text, siret text, kind text, source text)`,
      [JSON.stringify(flat)],
    );
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
    const res: unknown[] = await m.query(
      `DELETE FROM dossier_attachment WHERE dossier_id = $1 AND kind = 'statuts' AND NOT (id = ANY($2::uuid[])) RETURNING id`,
      [dossierId, keep],
    );
    return affectedRows(res);
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

  /** The dossier's member list as the import compares it (name, SIRET, kind, in order). */
  async memberRows(m: EntityManager, dossierId: string): Promise<{ name: string; siret: string | null; kind: string }[]> {
    return m.query(`SELECT name, siret, kind FROM dossier_member WHERE dossier_id = $1 ORDER BY position`, [dossierId]);
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

/** Rows an UPDATE … RETURNING touched (TypeORM answers [rows, count] for UPDATE/DELETE on PostgreSQL). */
export function affectedRows(res: unknown[]): number {
  return Array.isArray(res[0]) ? res[0].length : res.length;
}
