import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/app-error';
import { CampaignEntity } from '../../campaigns/campaign.entity';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { objectStoreFor } from '../../storage/object-store';
import { ImportRunEntity } from '../import-run.entity';
import { formatBytes, IMPORT_SETTINGS, ImportSettings } from '../import-settings';
import { ImportTarget, ImportWriter } from '../import-writer.service';
import { effectiveMapping, MappingFields } from '../mapping/ds-mapping';
import { ImportsRepository } from '../imports.repository';
import { ImportsShutdown } from '../imports-shutdown';
import { forEachLimit, RunCancelled, RunInterrupted, RunProgress, throwIfCancelled } from '../run-progress';
import { csvPreview, ImportFormat, readImportFile, sniffImportFile } from './file-parser';
import { fileRecord, locateColumns, missingColumns } from './file-record';
import { inspectZip, verifyInflation } from './zip-guard';

export interface UploadedImportFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

function missingColumnsError(missing: string[], headers: string[]): AppError {
  return new AppError(
    400,
    'MISSING_COLUMNS',
    `Colonnes absentes du fichier : ${missing.join(', ')}. Est-ce bien un export des dossiers de la démarche ?`,
    { missing, headers: headers.slice(0, 100) },
  );
}

const emptyFile = () => new AppError(400, 'EMPTY_FILE', 'Le fichier ne contient aucune ligne de dossier.');

/**
 * Imports a DS export file (CSV or XLSX) in two steps. The API (`stage`) checks what it can without parsing (size,
 * format, the XLSX's zip directory, a CSV's header line), stores the upload and queues the run; the worker (`execute`)
 * verifies the archive's real inflated size, streams the rows (row cap: IMPORT_MAX_ROWS), then writes them with the
 * same mapping and writer as the DS importer, checking between rows whether the run was cancelled. Files are listed
 * by name only (an export carries no downloadable file).
 */
@Injectable()
export class FileImporter {
  private readonly logger = new Logger('FileImporter');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(IMPORT_SETTINGS) private readonly settings: ImportSettings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly writer: ImportWriter,
    private readonly repo: ImportsRepository,
    private readonly shutdown: ImportsShutdown,
  ) {}

  /** The shared object store (STORAGE_URL): the API stages the upload there, whichever worker takes the run reads it. */
  private get store() {
    return objectStoreFor(this.config);
  }

  async removeUpload(key: string | null): Promise<void> {
    if (!key) return;
    await this.store.delete(key).catch((e) => this.logger.warn({ err: e, key }, 'upload not removed'));
  }

  /** API side: refuses what is plainly wrong (400), stores the file and creates the queued run. Never parses rows. */
  async stage(campaign: CampaignEntity, phase: 1 | 2, file: UploadedImportFile, createdBy: string | null): Promise<ImportRunEntity> {
    if (file.size > this.settings.maxUploadBytes || file.buffer.length > this.settings.maxUploadBytes) {
      throw new AppError(400, 'FILE_TOO_LARGE', `Le fichier dépasse la taille maximale de ${formatBytes(this.settings.maxUploadBytes)}.`);
    }
    const filename = (file.originalname || 'fichier').slice(0, 300);
    const format = sniffImportFile(file.buffer, filename, file.mimetype);
    if (format === 'xlsx') {
      await inspectZip(file.buffer, this.settings);
    } else {
      const preview = csvPreview(file.buffer);
      if (preview) {
        const missing = missingColumns(preview.headers, effectiveMapping(campaign.dsMapping));
        if (!preview.headers.length) throw new AppError(400, 'EMPTY_FILE', 'Le fichier ne contient aucune ligne.');
        if (missing.length) throw missingColumnsError(missing, preview.headers);
        if (!preview.hasRow) throw emptyFile();
      }
    }
    const id = randomUUID();
    const key = `imports/${id}.${format}`;
    await this.store.put(key, file.buffer, file.mimetype || null);
    const repo = this.db.getRepository(ImportRunEntity);
    try {
      return await repo.save(
        repo.create({
          id,
          campaignId: campaign.id,
          phase,
          kind: 'file',
          mode: 'full',
          status: 'queued',
          pagesDone: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          skipped: 0,
          deleted: 0,
          errors: [],
          createdBy,
          filename,
          uploadKey: key,
        }),
      );
    } catch (e) {
      await this.removeUpload(key);
      throw e;
    }
  }

  /** Worker side: runs a queued file import; a run already finished or cancelled is left as it is. */
  async execute(runId: string): Promise<ImportRunEntity | null> {
    const run = await this.repo.findRun(runId);
    if (!run || run.kind !== 'file') return run;
    if (run.status !== 'queued' && run.status !== 'running') {
      await this.removeUpload(run.uploadKey);
      return run;
    }
    if (!(await this.repo.startRun(runId))) {
      // Cancelled between the read above and now: nothing to do but drop the stored file.
      await this.removeUpload(run.uploadKey);
      return this.reload(runId);
    }
    const progress = new RunProgress(this.repo, runId);
    progress.start();
    // Interrupted by the worker's shutdown and queued again: the next worker reads the upload once more.
    let requeued = false;
    try {
      if (!run.uploadKey) throw new AppError(400, 'UPLOAD_MISSING', 'Le fichier envoyé n’est plus disponible : envoyez-le de nouveau.');
      let buf: Buffer | null;
      try {
        buf = await this.store.getBuffer(run.uploadKey);
      } catch {
        buf = null;
      }
      if (!buf) throw new AppError(400, 'UPLOAD_MISSING', 'Le fichier envoyé n’est plus disponible : envoyez-le de nouveau.');
      const format: ImportFormat = run.uploadKey.endsWith('.xlsx') ? 'xlsx' : 'csv';
      if (format === 'xlsx') await verifyInflation(buf, this.settings);
      const sheet = await readImportFile(buf, format, this.settings.maxRows);
      const campaign = await this.db.getRepository(CampaignEntity).findOneOrFail({ where: { id: run.campaignId } });
      const mapping = effectiveMapping(campaign.dsMapping);
      const missing = missingColumns(sheet.headers, mapping);
      if (missing.length) throw missingColumnsError(missing, sheet.headers);
      if (!sheet.rows.length) throw emptyFile();
      await this.writeRows(run, campaign, mapping, sheet, progress);
      progress.pagesDone = 1;
      progress.stop();
      await progress.flush();
      await this.repo.finishRun(runId);
    } catch (e) {
      progress.stop();
      if (e instanceof RunCancelled) {
        await progress.flush().catch(() => undefined);
      } else if (e instanceof RunInterrupted) {
        await progress.flush().catch(() => undefined);
        requeued = await this.repo.requeueRun(runId);
      } else {
        const known = e instanceof AppError;
        if (!known) this.logger.error({ err: e, runId }, 'file import failed');
        const message = known ? e.message : `Erreur inattendue : ${(e as Error).message}`;
        progress.issue({ reason: message });
        await progress.flush().catch(() => undefined);
        await this.repo.failRun(runId, message, known ? e.code : 'UNEXPECTED');
      }
    } finally {
      if (!requeued) {
        await this.removeUpload(run.uploadKey);
        await this.repo.forgetUpload(runId);
      }
    }
    return this.reload(runId);
  }

  private reload(runId: string) {
    return this.repo.findRun(runId);
  }

  private async writeRows(
    run: ImportRunEntity,
    campaign: CampaignEntity,
    mapping: MappingFields,
    sheet: Awaited<ReturnType<typeof readImportFile>>,
    progress: RunProgress,
  ): Promise<void> {
    const filename = run.filename ?? 'fichier';
    progress.total = sheet.rows.length;
    await progress.flush();
    const target: ImportTarget = { runId: run.id, createdBy: run.createdBy, campaign, phase: run.phase, source: 'fichier', mapping };
    const cols = locateColumns(sheet.headers);
    const seen = new Map<number, number>();
    await forEachLimit(sheet.rows, this.settings.concurrency, async (row) => {
      // Duplicates first, with no await before: rows start in file order, so the first line of a number wins.
      const rec = fileRecord(row, cols);
      if (rec.dsNumber !== null) {
        const first = seen.get(rec.dsNumber);
        if (first !== undefined) {
          progress.record(
            {
              outcome: 'skipped',
              issues: [`Dossier n° ${rec.dsNumber} déjà présent à la ligne ${first} : ligne ignorée.`],
              transient: false,
            },
            { line: row.line, dsNumber: rec.dsNumber },
          );
          return;
        }
        seen.set(rec.dsNumber, row.line);
      }
      await throwIfCancelled(this.repo, run.id, this.shutdown);
      try {
        const out = await this.writer.importRecord(
          target,
          rec,
          { source: 'fichier', filename, line: row.line, format: sheet.format, row: row.raw },
          null,
        );
        progress.record(out, { line: row.line, dsNumber: rec.dsNumber });
      } catch (e) {
        this.logger.warn({ err: e, line: row.line }, 'row import failed');
        progress.record(
          { outcome: 'skipped', issues: [`Erreur inattendue à l’enregistrement : ${(e as Error).message}`], transient: true },
          { line: row.line, dsNumber: rec.dsNumber },
        );
      }
    });
  }
}
