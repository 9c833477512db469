import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { avisCancelReason } from '@ptce/domain';
import type { DossierEntity } from '../dossiers/dossier.entity';
import { JournalService } from '../dossiers/journal.service';
import { AvisRepository, CancelledAvisRow } from './avis.repository';

/**
 * The avis of a dossier that leaves the instruction (inéligible, classé sans suite, decided): those still expected
 * (à rédiger, brouillon) become `annule` with the reason, out of the reviewer's to-do list; a re-opening brings them
 * back to the status they had. Run by WorkflowService as the engine's `annuler_avis` / `retablir_avis` effects, inside
 * the transition's transaction (the dossier row is locked by it), one outbox event per avis.
 */
@Injectable()
export class AvisCancellationService {
  constructor(
    private readonly journal: JournalService,
    private readonly repo: AvisRepository,
  ) {}

  async cancelOpen(tx: EntityManager, d: DossierEntity): Promise<number> {
    const reason = avisCancelReason(d.state);
    const rows = await this.repo.cancelOpen(tx, d.id, reason);
    await this.record(tx, d, rows, 'avis.annule');
    return rows.length;
  }

  async restore(tx: EntityManager, d: DossierEntity): Promise<number> {
    const rows = await this.repo.restoreCancelled(tx, d.id);
    await this.record(tx, d, rows, 'avis.retabli');
    return rows.length;
  }

  /** One outbox event per avis (the notifications stop reminding a cancelled avis). The dossier's own transition row
   * in the journal says why; the avis keep the reason (cancelled_reason) and the status they had. */
  private async record(
    tx: EntityManager,
    d: DossierEntity,
    rows: CancelledAvisRow[],
    event: 'avis.annule' | 'avis.retabli',
  ): Promise<void> {
    await this.journal.publish(
      tx,
      d.id,
      d.campaignId,
      rows.map((r) => ({ type: event, payload: { avisId: r.id, reviewerId: r.reviewer_id, role: r.role, status: r.status } })),
    );
  }
}
