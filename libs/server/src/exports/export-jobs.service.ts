import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { isRole, type Role } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UUID_RE } from '../common/list-query';
import { parsePhase } from '../selection/phase';
import { DossierExportService } from './dossier-export.service';
import { ExportsService } from './exports.service';
import { parseFormat } from './tabular';

export const EXPORTS_QUEUE = 'exports';

export interface ExportJobRequest {
  kind: 'dossiers' | 'seance';
  format?: string;
  /** dossiers: the list's filter and sort, as the list takes them (JSON strings). */
  filter?: string;
  sort?: string;
  /** seance: the board's campaign and phase, and optionally some of its dossiers. */
  campaignId?: string;
  phase?: number;
  ids?: string[];
}

type Row = {
  id: string;
  kind: string;
  format: string;
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
};

function toDto(r: Row) {
  return {
    id: r.id,
    kind: r.kind,
    format: r.format,
    status: r.status,
    done: r.done,
    total: r.total,
    filename: r.filename,
    byteSize: r.byte_size,
    failure: r.failure,
    failureCode: r.failure_code,
    downloadUrl: r.status === 'done' ? `/api/exports/${r.id}/file` : null,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/**
 * Long exports as jobs (issue 11 §5): the request is checked and written at once (202), the worker produces the file
 * (job id = the export's id) and records its progress; the requester polls it and downloads the file. The export runs
 * with the requester's own scope, reloaded in the worker, so a job never sees more than its requester could.
 */
@Injectable()
export class ExportJobsService {
  private readonly logger = new Logger('ExportJobs');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(EXPORTS_QUEUE) private readonly queue: Queue,
    private readonly exportsService: ExportsService,
    private readonly dossierExport: DossierExportService,
  ) {}

  async create(user: AuthUser, body: ExportJobRequest) {
    const params = this.validate(body);
    const [row] = await this.db.query(
      `INSERT INTO export_job (kind, format, params, requested_by) VALUES ($1,$2,$3,$4) RETURNING *`,
      [params.kind, params.format, params, user.id],
    );
    try {
      await this.queue.add('export', { exportId: row.id }, { jobId: row.id, attempts: 2, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 200, removeOnFail: 500 });
    } catch (err) {
      this.logger.warn({ err, exportId: row.id }, 'queue unavailable');
      await this.db.query(
        `UPDATE export_job SET status = 'failed', failure = $2, failure_code = 'QUEUE_UNAVAILABLE', finished_at = now() WHERE id = $1`,
        [row.id, 'La file de traitement était indisponible.'],
      );
      throw new AppError(503, 'QUEUE_UNAVAILABLE', 'La file de traitement est indisponible : réessayez dans un instant.');
    }
    return toDto(row);
  }

  private validate(body: ExportJobRequest): Required<Pick<ExportJobRequest, 'kind' | 'format'>> & ExportJobRequest {
    if (!body || typeof body !== 'object') throw AppError.validation({ kind: 'Demande d’export invalide.' });
    if (body.kind === 'dossiers') {
      const format = parseFormat(body.format);
      for (const k of ['filter', 'sort'] as const) {
        if (body[k] !== undefined && typeof body[k] !== 'string') throw AppError.validation({ [k]: 'Texte JSON attendu.' });
      }
      return { kind: 'dossiers', format, filter: body.filter, sort: body.sort };
    }
    if (body.kind === 'seance') {
      if (typeof body.campaignId !== 'string' || !UUID_RE.test(body.campaignId)) throw AppError.validation({ campaignId: 'Campagne invalide.' });
      const phase = parsePhase(String(body.phase));
      if (body.ids !== undefined && (!Array.isArray(body.ids) || !body.ids.every((i) => typeof i === 'string' && UUID_RE.test(i))))
        throw AppError.validation({ ids: 'Liste d’identifiants invalide.' });
      return { kind: 'seance', format: 'pdf', campaignId: body.campaignId, phase, ids: body.ids };
    }
    throw AppError.validation({ kind: 'Export inconnu : « dossiers » ou « seance » attendu.' });
  }

  private async row(user: AuthUser, id: string): Promise<Row> {
    if (!UUID_RE.test(id)) throw AppError.notFound('Export introuvable.');
    const [row] = await this.db.query(`SELECT * FROM export_job WHERE id = $1`, [id]);
    // Someone else's export does not exist for the caller (admin excepted).
    if (!row || (row.requested_by !== user.id && !user.roles.includes('admin'))) throw AppError.notFound('Export introuvable.');
    return row;
  }

  async get(user: AuthUser, id: string) {
    return toDto(await this.row(user, id));
  }

  async file(user: AuthUser, id: string) {
    const row = await this.row(user, id);
    if (row.status !== 'done') throw AppError.conflict('EXPORT_NOT_READY', 'L’export n’est pas encore prêt.', { status: row.status });
    const [f] = await this.db.query(`SELECT content, content_type, filename FROM export_job WHERE id = $1`, [id]);
    return { content: f.content as Buffer, contentType: f.content_type as string, filename: f.filename as string };
  }

  /** The worker's part: reload the row, do nothing unless queued (a job delivered twice does the work once). */
  async execute(id: string): Promise<string> {
    // TypeORM answers an UPDATE … RETURNING as [rows, count].
    const [[claimed]] = await this.db.query(
      `UPDATE export_job SET status = 'running', started_at = now() WHERE id = $1 AND status IN ('queued','running') RETURNING *`,
      [id],
    );
    if (!claimed) return 'absent';
    const [u] = await this.db.query(
      `SELECT id, email, full_name AS "fullName", roles, regions, organisation_siret AS "organisationSiret", active FROM app_user WHERE id = $1`,
      [claimed.requested_by],
    );
    if (!u?.active) {
      await this.fail(id, 'REQUESTER_INACTIVE', 'Le compte qui a demandé cet export n’est plus actif.');
      return 'failed';
    }
    const user: AuthUser = { ...u, roles: (u.roles as string[]).filter(isRole) as Role[] };
    const params = claimed.params as ExportJobRequest;
    const progress = async (done: number, total: number) => {
      await this.db.query(`UPDATE export_job SET done = $2, total = $3 WHERE id = $1`, [id, done, total]);
    };
    try {
      let out: { content: Buffer; contentType: string; filename: string };
      if (params.kind === 'dossiers') {
        const r = await this.dossierExport.export(user, { format: params.format, filter: params.filter, sort: params.sort });
        await progress(r.total, r.total);
        out = { content: r.content, contentType: r.contentType, filename: r.filename };
      } else {
        const r = await this.exportsService.seance(user, params.campaignId as string, params.phase as 1 | 2, params.ids?.join(','), progress);
        out = { content: r.content, contentType: 'application/pdf', filename: r.filename };
      }
      await this.db.query(
        `UPDATE export_job SET status = 'done', content = $2, content_type = $3, filename = $4, byte_size = $5, finished_at = now() WHERE id = $1`,
        [id, out.content, out.contentType, out.filename, out.content.length],
      );
      return 'done';
    } catch (err) {
      const e = err as AppError;
      if (e instanceof AppError) {
        // The refusal as its requester would have read it: the message and what it says per field.
        const details = e.details && typeof e.details === 'object' ? Object.values(e.details).filter((v) => typeof v === 'string') : [];
        await this.fail(id, e.code, [e.message, ...details].join(' '));
        return 'failed';
      }
      throw err; // retried by BullMQ; failed for good by the processor's failed handler
    }
  }

  async fail(id: string, code: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'failed', failure = $2, failure_code = $3, finished_at = now() WHERE id = $1 AND status <> 'done'`,
      [id, message, code],
    );
  }
}
