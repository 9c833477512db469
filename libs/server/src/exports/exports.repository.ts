import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SummaryAvis } from './dossier-summary';

/** An `export_job` row without its file. */
export interface ExportJobRow {
  id: string;
  kind: string;
  format: string;
  params: unknown;
  status: string;
  done: number;
  total: number | null;
  filename: string | null;
  byte_size: number | null;
  failure: string | null;
  failure_code: string | null;
  requested_by: string;
  created_at: Date;
  finished_at: Date | null;
}

export interface ExportFile {
  content: Buffer;
  content_type: string;
  filename: string;
}

/** The requester of an export as the worker reloads it (camelCase, as AuthUser). */
export interface ExportRequesterRow {
  id: string;
  email: string;
  fullName: string;
  roles: string[];
  regions: string[];
  organisationSiret: string | null;
  active: boolean;
}

/** The SQL of the export jobs and of what the exports read besides other areas' services. */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertJob(kind: string, format: string, params: unknown, requestedBy: string): Promise<ExportJobRow> {
    const [row] = await this.db.query(`INSERT INTO export_job (kind, format, params, requested_by) VALUES ($1,$2,$3,$4) RETURNING *`, [
      kind,
      format,
      params,
      requestedBy,
    ]);
    return row;
  }

  async markQueueUnavailable(id: string, failure: string): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'failed', failure = $2, failure_code = 'QUEUE_UNAVAILABLE', finished_at = now() WHERE id = $1`,
      [id, failure],
    );
  }

  async findJob(id: string): Promise<ExportJobRow | undefined> {
    const [row] = await this.db.query(`SELECT * FROM export_job WHERE id = $1`, [id]);
    return row;
  }

  async file(id: string): Promise<ExportFile | undefined> {
    const [f] = await this.db.query(`SELECT content, content_type, filename FROM export_job WHERE id = $1`, [id]);
    return f;
  }

  /** Takes a queued (or interrupted running) job; undefined when it is gone or finished. */
  async claim(id: string): Promise<ExportJobRow | undefined> {
    // TypeORM answers an UPDATE … RETURNING as [rows, count].
    const [[claimed]] = await this.db.query(
      `UPDATE export_job SET status = 'running', started_at = now() WHERE id = $1 AND status IN ('queued','running') RETURNING *`,
      [id],
    );
    return claimed;
  }

  async requester(userId: string): Promise<ExportRequesterRow | undefined> {
    const [u] = await this.db.query(
      `SELECT id, email, full_name AS "fullName", roles, regions, organisation_siret AS "organisationSiret", active FROM app_user WHERE id = $1`,
      [userId],
    );
    return u;
  }

  async setProgress(id: string, done: number, total: number): Promise<void> {
    await this.db.query(`UPDATE export_job SET done = $2, total = $3 WHERE id = $1`, [id, done, total]);
  }

  async storeFile(id: string, out: { content: Buffer; contentType: string; filename: string }): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'done', content = $2, content_type = $3, filename = $4, byte_size = $5, finished_at = now() WHERE id = $1`,
      [id, out.content, out.contentType, out.filename, out.content.length],
    );
  }

  /** Fails a job unless it is already done. */
  async markFailed(id: string, code: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'failed', failure = $2, failure_code = $3, finished_at = now() WHERE id = $1 AND status <> 'done'`,
      [id, message, code],
    );
  }

  /** The rendered avis of a dossier, in the order they were rendered, for its summary. */
  async renderedAvis(dossierId: string, m: EntityManager = this.db.manager): Promise<SummaryAvis[]> {
    return m.query(
      `SELECT u.full_name AS "reviewerName", a.role, a.rendered_at AS "renderedAt", a.content
         FROM avis a LEFT JOIN app_user u ON u.id = a.reviewer_id
        WHERE a.dossier_id = $1 AND a.status = 'rendu' ORDER BY a.rendered_at, a.id`,
      [dossierId],
    );
  }
}
