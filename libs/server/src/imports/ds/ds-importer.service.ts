import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignEntity } from '../../campaigns/campaign.entity';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { WorkflowService } from '../../workflow/workflow.service';
import { fetchAttachment } from '../attachment-store';
import { objectStoreFor } from '../../storage/object-store';
import { ImportRunEntity } from '../import-run.entity';
import { IMPORT_SETTINGS, ImportSettings } from '../import-settings';
import { AttachmentFetcher, ImportTarget, ImportWriter } from '../import-writer.service';
import { effectiveMapping } from '../mapping/ds-mapping';
import { ImportsRepository } from '../imports.repository';
import { ImportsShutdown } from '../imports-shutdown';
import { RunCancelled, RunInterrupted, RunProgress, throwIfCancelled } from '../run-progress';
import { DsApiError, DsClient, Sleep } from './ds-client';
import { DS_DELETED_QUERY, DS_DOSSIERS_QUERY, DsDeletedData, DsDeletedNode, DsDossiersData } from './ds-queries';
import { dsRecord } from './ds-record';

export interface DsEndpointOverride {
  /** GraphQL endpoint (default: DS_API_URL). The demo seed points it at the in-process stand-in. */
  endpoint?: string;
  token?: string | null;
  sleep?: Sleep;
}

/** DS instants are whole seconds; floor so that nothing modified during the second is missed. */
export function dsInstant(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const DELETION_MOTIF: Record<string, string> = {
  user_request: 'Dossier retiré par le porteur (supprimé sur Démarches Simplifiées).',
  user_removed: 'Dossier retiré par le porteur (compte supprimé sur Démarches Simplifiées).',
};

/**
 * The DS importer: pages through the démarche's dossiers (100 at a time, from the last successful run's cursor),
 * writes each one (ImportWriter), then closes "sans suite" the dossiers DS lists as deleted. Runs in the worker for
 * the API's jobs, or synchronously for the demo seed.
 */
@Injectable()
export class DsImporter {
  private readonly logger = new Logger('DsImporter');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IMPORT_SETTINGS) private readonly settings: ImportSettings,
    private readonly writer: ImportWriter,
    private readonly transitions: WorkflowService,
    private readonly repo: ImportsRepository,
    private readonly shutdown: ImportsShutdown,
  ) {}

  /** Executes a queued run; a run already finished is left as it is (a redelivered job does nothing twice). */
  async execute(runId: string, override: DsEndpointOverride = {}): Promise<ImportRunEntity | null> {
    const run = await this.repo.findRun(runId);
    if (!run || run.kind !== 'ds' || (run.status !== 'queued' && run.status !== 'running')) return run;
    if (!(await this.repo.startRun(runId))) return this.repo.findRun(runId);
    const progress = new RunProgress(this.repo, runId);
    progress.start();
    try {
      const campaign = await this.db.getRepository(CampaignEntity).findOneOrFail({ where: { id: run.campaignId } });
      const demarche = run.dsDemarche ?? (run.phase === 1 ? campaign.dsDemarchePhase1 : campaign.dsDemarchePhase2);
      if (!demarche) throw new DsApiError(`Aucun numéro de démarche DS n’est renseigné pour la phase ${run.phase} de cette campagne.`);
      const endpoint = override.endpoint ?? this.config.dsApiUrl;
      if (!endpoint) throw new DsApiError('L’API de Démarches Simplifiées n’est pas configurée (DS_API_URL).');
      const token = override.token !== undefined ? override.token : this.config.dsApiToken;

      const since = run.mode === 'incremental' ? await this.lastCursor(run.campaignId, run.phase, demarche) : null;
      const nextSince = new Date(Date.now() - this.settings.sinceMarginMs);
      await this.repo.setDsSource(runId, since, demarche);

      const client = new DsClient(endpoint, token, this.settings, override.sleep);
      const target: ImportTarget = {
        runId,
        createdBy: run.createdBy,
        campaign,
        phase: run.phase,
        source: 'ds',
        mapping: effectiveMapping(campaign.dsMapping),
      };
      const fetcher: AttachmentFetcher = (file, dsNumber) =>
        fetchAttachment(client, file, { store: objectStoreFor(this.config), campaignId: campaign.id, dsNumber }, this.settings);

      let after: string | null = null;
      do {
        await throwIfCancelled(this.repo, runId, this.shutdown);
        const data: DsDossiersData = await client.query<DsDossiersData>(
          DS_DOSSIERS_QUERY,
          { number: demarche, first: this.settings.pageSize, after, updatedSince: since ? dsInstant(since) : null },
          'ImportDossiers',
        );
        if (!data.demarche) throw new DsApiError(`Démarche DS n° ${demarche} introuvable ou inaccessible avec ce jeton.`);
        const page = data.demarche.dossiers;
        // The page's new dossiers are written together; progress reaches the run's row on the timer and after each page.
        await this.writer.importPage(
          target,
          page.nodes.map((node) => ({ rec: dsRecord(node), raw: node as unknown as Record<string, unknown> })),
          fetcher,
          this.settings.concurrency,
          () => throwIfCancelled(this.repo, runId, this.shutdown),
          (out, rec) => progress.record(out, { dsNumber: rec.dsNumber }),
        );
        progress.pagesDone++;
        await progress.flush();
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);

      await this.closeDeleted(client, target, demarche, since, progress);

      progress.stop();
      await progress.flush();
      // A dossier that failed for a passing reason is fetched again next time: the cursor does not move past it.
      await this.repo.finishRun(runId, progress.transient ? since : nextSince);
    } catch (e) {
      progress.stop();
      if (e instanceof RunCancelled) {
        await progress.flush().catch(() => undefined);
        return this.repo.findRun(runId);
      }
      if (e instanceof RunInterrupted) {
        // The worker is stopping: the run waits for the next one (the caller puts its job back in the queue).
        await progress.flush().catch(() => undefined);
        await this.repo.requeueRun(runId);
        return this.repo.findRun(runId);
      }
      const message = e instanceof DsApiError ? e.message : `Erreur inattendue : ${(e as Error).message}`;
      if (!(e instanceof DsApiError)) this.logger.error({ err: e, runId }, 'import run failed');
      progress.issue({ reason: message });
      await progress.flush().catch(() => undefined);
      await this.repo.failRun(runId, message, e instanceof DsApiError ? 'DS_API_ERROR' : 'UNEXPECTED');
    }
    return this.repo.findRun(runId);
  }

  /** The cursor the last successful DS run of this campaign, phase and démarche left (null: import everything). */
  async lastCursor(campaignId: string, phase: number, demarche: number): Promise<Date | null> {
    return this.repo.lastDsCursor(campaignId, phase, demarche);
  }

  private async closeDeleted(
    client: DsClient,
    target: ImportTarget,
    demarche: number,
    since: Date | null,
    progress: RunProgress,
  ): Promise<void> {
    let after: string | null = null;
    do {
      await throwIfCancelled(this.repo, target.runId, this.shutdown);
      const data: DsDeletedData = await client.query<DsDeletedData>(
        DS_DELETED_QUERY,
        { number: demarche, first: this.settings.pageSize, after, deletedSince: since ? dsInstant(since) : null },
        'ImportDeletedDossiers',
      );
      if (!data.demarche) throw new DsApiError(`Démarche DS n° ${demarche} introuvable ou inaccessible avec ce jeton.`);
      const page = data.demarche.deletedDossiers;
      for (const node of page.nodes) await this.closeOne(target, node, progress);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
  }

  private async closeOne(target: ImportTarget, node: DsDeletedNode, progress: RunProgress): Promise<void> {
    const row = await this.repo.dossierStateByDsNumber(target.campaign.id, target.phase, node.number);
    if (!row || row.state === 'sans_suite') return;
    const motif = DELETION_MOTIF[node.reason] ?? `Dossier supprimé sur Démarches Simplifiées (raison DS : ${node.reason}).`;
    const closed = await this.db.transaction((tx) =>
      this.transitions.systemTransition(tx, row.id, 'classer_sans_suite', {
        motif,
        data: { source: 'ds', dsNumber: node.number, dsReason: node.reason, deletedAt: node.dateSupression, importRunId: target.runId },
      }),
    );
    if (closed) progress.deleted++;
    else
      progress.issue({
        dsNumber: node.number,
        reason: `Dossier supprimé sur DS, mais déjà dans un état final (« ${row.state} ») : laissé tel quel.`,
      });
  }
}
