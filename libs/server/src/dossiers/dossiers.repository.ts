import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AvisFact } from '@ptce/domain';
import { countList, ListTotal } from '../common/list-query';
import type { JournalEntryEntity } from './dossier.entity';
import { returnedRows } from '../database/returned-rows';

/** A journal row as written (the journal's CHECK constraint repeats the action vocabulary). */
export interface JournalRowInsert {
  dossierId: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  motif: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
  version: number | null;
}

export interface OutboxEventInsert {
  type: string;
  dossierId: string | null;
  campaignId: string | null;
  payload: unknown;
}

/** `($1,$2),($3,$4)…` for rows of equal width (a multi-row VALUES list; PostgreSQL types each column by its target). */
function placeholders(rows: readonly unknown[][]): string {
  let n = 0;
  return rows.map((r) => `(${r.map(() => `$${++n}`).join(',')})`).join(',');
}

/** A journal row as read, with its actor's name. */
export type JournalRow = JournalEntryEntity & { actorName: string | null };

/** The columns a transition writes on the dossier row. */
export interface DossierStateWrite {
  id: string;
  /** The version read under the row lock: the update applies only if it is still the row's. */
  version: number;
  state: string;
  eligibility: string;
  decisionOutcome: string | null;
  decisionMotif: string | null;
  decisionAmountCents: number | null;
}

export interface DossierVersionRow {
  version: number;
  updated_at: Date;
}

export interface DeclaredAttachment {
  kind: string;
  filename: string;
  contentType?: string | null;
  byteSize?: number | null;
}

/** The SQL of the dossiers area: the dossier row, its journal and outbox, attachments, members and avis as read here. */
@Injectable()
export class DossiersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Journal rows in one statement, their ids in the order given. */
  async insertJournalRows(m: EntityManager, rows: readonly JournalRowInsert[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map((e) => [
      e.dossierId,
      e.actorId,
      e.actorRole,
      e.action,
      e.fromState,
      e.toState,
      e.motif,
      e.data,
      e.requestId,
      e.version,
    ]);
    await m.query(
      `INSERT INTO dossier_journal (dossier_id, actor_id, actor_role, action, from_state, to_state, motif, data, request_id, version)
       VALUES ${placeholders(values)}`,
      values.flat(),
    );
  }

  /** Outbox events in one statement, their ids in the order given. */
  async insertOutboxEvents(m: EntityManager, events: readonly OutboxEventInsert[]): Promise<void> {
    if (events.length === 0) return;
    const values = events.map((e) => [e.type, e.dossierId, e.campaignId, e.payload]);
    await m.query(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ${placeholders(values)}`, values.flat());
  }

  async listJournal(m: EntityManager, dossierId: string): Promise<JournalRow[]> {
    return m.query(
      `SELECT j.id, j.dossier_id AS "dossierId", j.at, j.actor_id AS "actorId", u.full_name AS "actorName", j.actor_role AS "actorRole",
              j.action, j.from_state AS "fromState", j.to_state AS "toState", j.motif, j.data, j.request_id AS "requestId", j.version
         FROM dossier_journal j LEFT JOIN app_user u ON u.id = j.actor_id
        WHERE j.dossier_id = $1 ORDER BY j.id`,
      [dossierId],
    );
  }

  /**
   * A transition's single write: the row (locked by the caller) updated only if its version is still `w.version`.
   * Answers the new version and time, or nothing when the version moved.
   */
  async updateStateIfVersion(m: EntityManager, w: DossierStateWrite): Promise<DossierVersionRow | undefined> {
    const res = await m.query(
      `UPDATE dossier SET state = $3, eligibility = $4, decision_outcome = $5, decision_motif = $6, decision_amount_cents = $7,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING version, updated_at`,
      [w.id, w.version, w.state, w.eligibility, w.decisionOutcome, w.decisionMotif, w.decisionAmountCents],
    );
    const [row] = returnedRows<DossierVersionRow>(res);
    return row;
  }

  /** The avis of a dossier as the workflow's guards read them. */
  async listAvisFacts(m: EntityManager, dossierId: string): Promise<AvisFact[]> {
    return m.query(`SELECT role, status, required FROM avis WHERE dossier_id = $1`, [dossierId]);
  }

  /** When the phase-1 dossier was invited to phase 2 (null if not, undefined if no such dossier). */
  async invitedToPhase2At(m: EntityManager, dossierId: string): Promise<Date | null | undefined> {
    const [p] = await m.query(`SELECT invited_to_phase2_at FROM dossier WHERE id = $1`, [dossierId]);
    return p?.invited_to_phase2_at;
  }

  async listMemberKinds(m: EntityManager, dossierId: string): Promise<{ kind: string }[]> {
    return m.query(`SELECT kind FROM dossier_member WHERE dossier_id = $1`, [dossierId]);
  }

  /** Drops the declared attachments (the stored files, with a storage key, stay). */
  async deleteDeclaredAttachments(m: EntityManager, dossierId: string): Promise<void> {
    await m.query(`DELETE FROM dossier_attachment WHERE dossier_id = $1 AND storage_key IS NULL`, [dossierId]);
  }

  async insertDeclaredAttachment(m: EntityManager, dossierId: string, a: DeclaredAttachment): Promise<void> {
    await m.query(`INSERT INTO dossier_attachment (dossier_id, kind, filename, content_type, byte_size) VALUES ($1,$2,$3,$4,$5)`, [
      dossierId,
      a.kind,
      a.filename,
      a.contentType ?? null,
      a.byteSize ?? null,
    ]);
  }

  /** The total of a dossier list (its query builder, filters and scope applied): estimated when large. */
  countList(qb: Parameters<typeof countList>[0]): Promise<ListTotal> {
    return countList(qb, (sql, params) => this.db.query(sql, params));
  }
}
