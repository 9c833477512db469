import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { isRole, type Role } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UUID_RE } from '../common/list-query';
import { parsePhase } from '../selection/phase';
import { DossierExportService } from './dossier-export.service';
import { ExportJobRow, ExportsRepository } from './exports.repository';
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

type Row = ExportJobRow;

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
    private readonly repo: ExportsRepository,
    @InjectQueue(EXPORTS_QUEUE) private readonly queue: Queue,
    private readonly exportsService: ExportsService,
    private readonly dossierExport: DossierExportService,
  ) {}

  async create(user: AuthUser, body: ExportJobRequest) {
    const params = this.validate(body);
    const row = await this.repo.insertJob(params.kind, params.format, params, user.id);
    try {
      await this.queue.add(
        'export',
        { exportId: row.id },
        { jobId: row.id, attempts: 2, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 200, removeOnFail: 500 },
      );
    } catch (err) {
      this.logger.warn({ err, exportId: row.id }, 'queue unavailable');
      await this.repo.markQueueUnavailable(row.id, 'La file de traitement était indisponible.');
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
      if (typeof body.campaignId !== 'string' || !UUID_RE.test(body.campaignId))
        throw AppError.validation({ campaignId: 'Campagne invalide.' });
      const phase = parsePhase(String(body.phase));
      if (body.ids !== undefined && (!Array.isArray(body.ids) || !body.ids.every((i) => typeof i === 'string' && UUID_RE.test(i))))
        throw AppError.validation({ ids: 'Liste d’identifiants invalide.' });
      return { kind: 'seance', format: 'pdf', campaignId: body.campaignId, phase, ids: body.ids };
    }
    throw AppError.validation({ kind: 'Export inconnu : « dossiers » ou « seance » attendu.' });
  }

  private async row(user: AuthUser, id: string): Promise<Row> {
    if (!UUID_RE.test(id)) throw AppError.notFound('Export introuvable.');
    const row = await this.repo.findJob(id);
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
    const f = (await this.repo.file(id))!;
    return { content: f.content, contentType: f.content_type, filename: f.filename };
  }

  /** The worker's part: reload the row, do nothing unless queued (a job delivered twice does the work once). */
  async execute(id: string): Promise<string> {
    const claimed = await this.repo.claim(id);
    if (!claimed) return 'absent';
    const u = await this.repo.requester(claimed.requested_by);
    if (!u?.active) {
      await this.fail(id, 'REQUESTER_INACTIVE', 'Le compte qui a demandé cet export n’est plus actif.');
      return 'failed';
    }
    const user: AuthUser = { ...u, roles: u.roles.filter(isRole) as Role[] };
    const params = claimed.params as ExportJobRequest;
    const progress = async (done: number, total: number) => {
      await this.repo.setProgress(id, done, total);
    };
    try {
      let out: { content: Buffer; contentType: string; filename: string };
      if (params.kind === 'dossiers') {
        const r = await this.dossierExport.export(user, { format: params.format, filter: params.filter, sort: params.sort });
        await progress(r.total, r.total);
        out = { content: r.content, contentType: r.contentType, filename: r.filename };
      } else {
        const r = await this.exportsService.seance(
          user,
          params.campaignId as string,
          params.phase as 1 | 2,
          params.ids?.join(','),
          progress,
        );
        out = { content: r.content, contentType: 'application/pdf', filename: r.filename };
      }
      await this.repo.storeFile(id, out);
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
    await this.repo.markFailed(id, code, message);
  }
}
