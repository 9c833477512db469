import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type ImportKind = 'ds' | 'file';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export const IMPORT_STATUSES: readonly ImportStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled'];
export type ImportMode = 'incremental' | 'full';

/** One reported problem: a DS dossier (by number) or a file row (by line), and why, in French. */
export interface ImportIssue {
  dsNumber?: number;
  line?: number;
  reason: string;
}

/** One import: from the DS API (a BullMQ job whose id is this row's id) or from a DS export file. */
@Entity('import_run')
export class ImportRunEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId: string;
  @Column({ type: 'smallint' }) phase: 1 | 2;
  @Column({ type: 'varchar' }) kind: ImportKind;
  @Column({ type: 'varchar' }) mode: ImportMode;
  @Column({ type: 'varchar' }) status: ImportStatus;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @Column({ name: 'pages_done', type: 'integer' }) pagesDone: number;
  @Column({ type: 'integer', nullable: true }) total: number | null;
  @Column({ type: 'integer' }) created: number;
  @Column({ type: 'integer' }) updated: number;
  @Column({ type: 'integer' }) unchanged: number;
  @Column({ type: 'integer' }) skipped: number;
  @Column({ type: 'integer' }) deleted: number;
  @Column({ type: 'jsonb' }) errors: ImportIssue[];
  @Column({ type: 'text', nullable: true }) failure: string | null;
  @Column({ name: 'updated_since', type: 'timestamptz', nullable: true }) updatedSince: Date | null;
  @Column({ name: 'next_since', type: 'timestamptz', nullable: true }) nextSince: Date | null;
  @Column({ name: 'ds_demarche', type: 'integer', nullable: true }) dsDemarche: number | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ type: 'varchar', nullable: true }) filename: string | null;
  /** File imports: the stored upload (under STORAGE_DIR) until the worker has read it. */
  @Column({ name: 'upload_key', type: 'varchar', nullable: true }) uploadKey: string | null;
  /** Why a run failed, as a stable code (TOO_MANY_ROWS, ARCHIVE_TOO_LARGE, MISSING_COLUMNS, INTERRUPTED, …). */
  @Column({ name: 'failure_code', type: 'varchar', nullable: true }) failureCode: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true }) cancelledBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt: Date;
}

/** The DS JSON of an imported dossier as last received (or the file row), and the hash of what was mapped from it. */
@Entity('dossier_ds_raw')
export class DossierDsRawEntity {
  @PrimaryColumn({ name: 'dossier_id', type: 'uuid' }) dossierId: string;
  @Column({ name: 'ds_number', type: 'integer' }) dsNumber: number;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ name: 'content_hash', type: 'varchar', nullable: true }) contentHash: string | null;
  @Column({ name: 'import_run_id', type: 'uuid', nullable: true }) importRunId: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A run as lists show it: no error details (they can be long). */
export function toImportRunListDto(r: ImportRunEntity) {
  const processed = r.created + r.updated + r.unchanged + r.skipped;
  return {
    id: r.id,
    campaignId: r.campaignId,
    phase: r.phase,
    kind: r.kind,
    mode: r.mode,
    status: r.status,
    pagesDone: r.pagesDone,
    total: r.total,
    processed,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    skipped: r.skipped,
    deleted: r.deleted,
    errorCount: r.errors.length,
    failure: r.failure,
    failureCode: r.failureCode ?? null,
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    updatedSince: r.updatedSince?.toISOString() ?? null,
    dsDemarche: r.dsDemarche,
    filename: r.filename,
    createdBy: r.createdBy,
    createdAt: r.createdAt?.toISOString() ?? null,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** `GET /api/imports/:id`: the run with its report (errors: [{dsNumber | line, reason}]). */
export function toImportRunDto(r: ImportRunEntity) {
  return { ...toImportRunListDto(r), errors: r.errors };
}
