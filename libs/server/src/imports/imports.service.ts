import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { filterValues, ListQuery, ListSpec, UUID_RE } from '../common/list-query';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DsEndpointOverride, DsImporter } from './ds/ds-importer.service';
import { FileImporter, UploadedImportFile } from './file/file-importer.service';
import { IMPORT_STATUSES, ImportMode, ImportRunEntity, toImportRunDto, toImportRunListDto } from './import-run.entity';
import { ImportsRepository, RunCriteria } from './imports.repository';
import {
  defaultMappingFields,
  effectiveMapping,
  MAPPING_TARGETS,
  MappingFields,
  toStoredMapping,
  validateMappingFields,
} from './mapping/ds-mapping';

export const IMPORTS_QUEUE = 'imports';
export const DS_IMPORT_JOB = 'ds';
export const FILE_IMPORT_JOB = 'file';

const STATUS_WORDS: Record<string, string> = { done: 'terminé', failed: 'en échec', cancelled: 'annulé' };

export const IMPORT_LIST_SPEC: ListSpec = {
  sortable: {
    createdAt: 'r.created_at',
    startedAt: 'r.started_at',
    finishedAt: 'r.finished_at',
    status: 'r.status',
    kind: 'r.kind',
    phase: 'r.phase',
    id: 'r.id',
  },
  filters: ['campaignId', 'phase', 'kind', 'status'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  maxPage: 200,
};

/** Import runs as the API shows them; queues DS and file imports for the worker (job id = run id); cancels them. */
@Injectable()
export class ImportRunsService {
  private readonly logger = new Logger('ImportRuns');

  constructor(
    private readonly repo: ImportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue,
    private readonly ds: DsImporter,
    private readonly files: FileImporter,
  ) {}

  private async campaign(id: string): Promise<CampaignEntity> {
    const c = await this.repo.findCampaign(id);
    if (!c) throw AppError.notFound('Campagne introuvable.');
    return c;
  }

  /** Creates the run row of a DS import; refused while another runs for the same campaign and phase. */
  private async createDsRun(campaign: CampaignEntity, phase: 1 | 2, mode: ImportMode, createdBy: string | null): Promise<ImportRunEntity> {
    const demarche = phase === 1 ? campaign.dsDemarchePhase1 : campaign.dsDemarchePhase2;
    if (!demarche) {
      throw new AppError(
        409,
        'DS_DEMARCHE_MISSING',
        `Aucun numéro de démarche DS n’est renseigné pour la phase ${phase} de cette campagne : complétez la campagne d’abord.`,
      );
    }
    // A run whose worker died (nothing written for 15 minutes: progress is saved at least every page) no longer
    // blocks the next one.
    await this.repo.failSilentDsRuns(
      campaign.id,
      phase,
      'Import interrompu : aucun signe d’activité depuis 15 minutes (processus de traitement arrêté ?).',
    );
    try {
      return await this.repo.createRun({
        campaignId: campaign.id,
        phase,
        kind: 'ds',
        mode,
        status: 'queued',
        pagesDone: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        deleted: 0,
        errors: [],
        dsDemarche: demarche,
        createdBy,
      });
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      throw new AppError(409, 'IMPORT_ALREADY_RUNNING', `Un import DS de la phase ${phase} est déjà en cours pour cette campagne.`, {
        importId: await this.repo.activeDsRunId(campaign.id, phase),
      });
    }
  }

  /** `POST /api/campaigns/:id/imports/ds`: the run, queued; the worker does the work (job id = run id). */
  async startDs(user: AuthUser, campaignId: string, phase: 1 | 2, mode: ImportMode = 'incremental') {
    const campaign = await this.campaign(campaignId);
    if (!this.config.dsApiUrl) {
      throw new AppError(
        409,
        'DS_NOT_CONFIGURED',
        'L’accès à l’API Démarches Simplifiées n’est pas configuré sur ce serveur (DS_API_URL).',
      );
    }
    const run = await this.createDsRun(campaign, phase, mode, user.id);
    await this.enqueue(DS_IMPORT_JOB, run);
    return toImportRunDto(run);
  }

  /** The same import, run here and now (demo seed, scripts): no Redis involved. */
  async runDsNow(campaignId: string, phase: 1 | 2, opts: DsEndpointOverride & { mode?: ImportMode; createdBy?: string | null } = {}) {
    const campaign = await this.campaign(campaignId);
    const run = await this.createDsRun(campaign, phase, opts.mode ?? 'incremental', opts.createdBy ?? null);
    const done = await this.ds.execute(run.id, opts);
    return toImportRunDto(done ?? run);
  }

  /**
   * `POST /api/campaigns/:id/imports/file`: checks and stores the upload, queues the run (job id = run id) and answers
   * it at once (202); the worker parses and writes the rows.
   */
  async importFile(user: AuthUser, campaignId: string, phase: 1 | 2, file: UploadedImportFile | undefined) {
    const campaign = await this.campaign(campaignId);
    if (!file) throw AppError.validation({ file: 'Joignez le fichier d’export DS (CSV ou XLSX) dans le champ « file ».' });
    const run = await this.files.stage(campaign, phase, file, user.id);
    await this.enqueue(FILE_IMPORT_JOB, run, async () => this.files.removeUpload(run.uploadKey));
    return toImportRunDto(run);
  }

  private async enqueue(job: string, run: ImportRunEntity, onFailure?: () => Promise<void>): Promise<void> {
    try {
      await this.queue.add(job, { runId: run.id }, { jobId: run.id, attempts: 1, removeOnComplete: 200, removeOnFail: 500 });
    } catch (e) {
      this.logger.error({ err: e, runId: run.id }, 'enqueue failed');
      await this.repo.failUnqueued(run.id, 'File de traitement indisponible (Redis).');
      await onFailure?.();
      throw new AppError(503, 'QUEUE_UNAVAILABLE', 'La file de traitement est indisponible : réessayez dans un instant.');
    }
  }

  /**
   * `POST /api/imports/:id/cancel`: a queued or running import (DS or file) stops; the worker sees it between two
   * rows (or dossiers), and what was written stays. A finished import: 409 IMPORT_NOT_CANCELLABLE.
   */
  async cancel(user: AuthUser, id: string) {
    const cancelled = await this.repo.cancelRun(id, user.id);
    if (!cancelled) {
      const run = await this.get(id);
      throw AppError.conflict(
        'IMPORT_NOT_CANCELLABLE',
        `Cet import est déjà ${STATUS_WORDS[run.status] ?? 'terminé'} : il ne peut plus être annulé.`,
        {
          status: run.status,
        },
      );
    }
    // A job still waiting is taken out of the queue (an active one stops by itself at the next row).
    const job = await this.queue.getJob(id).catch(() => undefined);
    if (job && (await job.getState().catch(() => 'unknown')) !== 'active') {
      const removed = await job
        .remove()
        .then(() => true)
        .catch(() => false);
      if (removed) {
        await this.files.removeUpload(cancelled.uploadKey);
        await this.repo.forgetUpload(id);
      }
    }
    return this.get(id);
  }

  async get(id: string) {
    const run = await this.repo.findRun(id);
    if (!run) throw AppError.notFound('Import introuvable.');
    return toImportRunDto(run);
  }

  async list(q: ListQuery) {
    const f = q.filter;
    const c: RunCriteria = {};
    if (f.id !== undefined) c.ids = (Array.isArray(f.id) ? f.id : [f.id]).map(String).filter((i) => UUID_RE.test(i));
    if (f.campaignId !== undefined) {
      if (typeof f.campaignId !== 'string' || !UUID_RE.test(f.campaignId))
        throw AppError.validation({ 'filter.campaignId': 'Campagne invalide.' });
      c.campaignId = f.campaignId;
    }
    if (f.phase !== undefined) c.phases = filterValues('phase', f.phase, [1, 2]);
    if (f.kind !== undefined) c.kinds = filterValues('kind', f.kind, ['ds', 'file'] as const);
    if (f.status !== undefined) c.statuses = filterValues('status', f.status, IMPORT_STATUSES);
    const [rows, total] = await this.repo.listRuns(c, q.sortSql, q.sort.order, q.offset, q.limit);
    return { rows: rows.map(toImportRunListDto), total };
  }

  async getMapping(campaignId: string) {
    const campaign = await this.campaign(campaignId);
    return mappingDto(campaign);
  }

  async putMapping(campaignId: string, fields: unknown) {
    const errors = validateMappingFields(fields);
    if (Object.keys(errors).length)
      throw AppError.validation(errors, 'La correspondance des champs est invalide : corrigez les libellés signalés.');
    await this.campaign(campaignId);
    const merged: MappingFields = { ...defaultMappingFields(), ...(fields as MappingFields) };
    await this.repo.saveMapping(campaignId, toStoredMapping(merged));
    return this.getMapping(campaignId);
  }
}

function mappingDto(c: CampaignEntity) {
  const stored = (c.dsMapping as { fields?: Record<string, unknown> } | null)?.fields ?? {};
  return {
    campaignId: c.id,
    isDefault: Object.keys(stored).length === 0,
    fields: effectiveMapping(c.dsMapping),
    targets: MAPPING_TARGETS.map((t) => ({ ...t })),
  };
}
