import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/app-error';
import { CampaignEntity } from '../../campaigns/campaign.entity';
import { ImportRunEntity } from '../import-run.entity';
import { formatBytes, IMPORT_SETTINGS, ImportSettings } from '../import-settings';
import { ImportTarget, ImportWriter } from '../import-writer.service';
import { effectiveMapping } from '../mapping/ds-mapping';
import { forEachLimit, RunProgress } from '../run-progress';
import { parseImportFile } from './file-parser';
import { fileRecord, locateColumns, missingColumns } from './file-record';

export interface UploadedImportFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/**
 * Imports a DS export file (CSV or XLSX) in the request: the same mapping and writer as the DS importer, each bad
 * row reported with its line number, the good ones imported. Files are listed by name only (an export carries no
 * downloadable file).
 */
@Injectable()
export class FileImporter {
  private readonly logger = new Logger('FileImporter');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(IMPORT_SETTINGS) private readonly settings: ImportSettings,
    private readonly writer: ImportWriter,
  ) {}

  async import(campaign: CampaignEntity, phase: 1 | 2, file: UploadedImportFile, createdBy: string | null): Promise<ImportRunEntity> {
    if (file.size > this.settings.maxUploadBytes) {
      throw new AppError(400, 'FILE_TOO_LARGE', `Le fichier dépasse la taille maximale de ${formatBytes(this.settings.maxUploadBytes)}.`);
    }
    const filename = (file.originalname || 'fichier').slice(0, 300);
    const sheet = await parseImportFile(file.buffer, filename, file.mimetype);
    const mapping = effectiveMapping(campaign.dsMapping);
    const missing = missingColumns(sheet.headers, mapping);
    if (missing.length) {
      throw new AppError(
        400,
        'MISSING_COLUMNS',
        `Colonnes absentes du fichier : ${missing.join(', ')}. Est-ce bien un export des dossiers de la démarche ?`,
        {
          missing,
          headers: sheet.headers.slice(0, 100),
        },
      );
    }
    if (!sheet.rows.length) throw new AppError(400, 'EMPTY_FILE', 'Le fichier ne contient aucune ligne de dossier.');

    const run = await this.db.getRepository(ImportRunEntity).save(
      this.db.getRepository(ImportRunEntity).create({
        campaignId: campaign.id,
        phase,
        kind: 'file',
        mode: 'full',
        status: 'running',
        startedAt: new Date(),
        total: sheet.rows.length,
        pagesDone: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        deleted: 0,
        errors: [],
        createdBy,
        filename,
      }),
    );
    const progress = new RunProgress(this.db, run.id);
    progress.total = sheet.rows.length;
    const target: ImportTarget = { runId: run.id, createdBy, campaign, phase, source: 'fichier', mapping };
    const cols = locateColumns(sheet.headers);
    const seen = new Map<number, number>();
    try {
      await forEachLimit(sheet.rows, this.settings.concurrency, async (row) => {
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
        await progress.flush(false);
      });
      progress.pagesDone = 1;
      await progress.flush();
      await this.db.query(`UPDATE import_run SET status = 'done', finished_at = now(), updated_at = now() WHERE id = $1`, [run.id]);
    } catch (e) {
      progress.issue({ reason: `Erreur inattendue : ${(e as Error).message}` });
      await progress.flush().catch(() => undefined);
      await this.db.query(`UPDATE import_run SET status = 'failed', failure = $2, finished_at = now(), updated_at = now() WHERE id = $1`, [
        run.id,
        (e as Error).message,
      ]);
    }
    return this.db.getRepository(ImportRunEntity).findOneOrFail({ where: { id: run.id } });
  }
}
