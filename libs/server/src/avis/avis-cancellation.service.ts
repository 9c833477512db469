import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { avisCancelReason } from '@ptce/domain';
import type { DossierEntity } from '../dossiers/dossier.entity';
import { JournalService } from '../dossiers/journal.service';

interface Row {
  id: string;
  reviewer_id: string;
  reviewer_name: string | null;
  role: string;
  status: string;
}

/**
 * The avis of a dossier that leaves the instruction (inéligible, classé sans suite, decided): those still expected
 * (à rédiger, brouillon) become `annule` with the reason, out of the reviewer's to-do list; a re-opening brings them
 * back to the status they had. Run by WorkflowService as the engine's `annuler_avis` / `retablir_avis` effects, inside
 * the transition's transaction (the dossier row is locked by it), one outbox event per avis.
 */
@Injectable()
export class AvisCancellationService {
  constructor(private readonly journal: JournalService) {}

  async cancelOpen(tx: EntityManager, d: DossierEntity): Promise<number> {
    const reason = avisCancelReason(d.state);
    const rows = returned<Row>(
      await tx.query(
        `UPDATE avis a SET cancelled_from = a.status, status = 'annule', cancelled_reason = $2, cancelled_at = now(),
              version = a.version + 1, updated_at = now()
         FROM avis b LEFT JOIN app_user u ON u.id = b.reviewer_id
        WHERE b.id = a.id AND a.dossier_id = $1 AND a.status IN ('a_rediger', 'brouillon')
        RETURNING a.id, a.reviewer_id, u.full_name AS reviewer_name, a.role, a.cancelled_from AS status`,
        [d.id, reason],
      ),
    );
    await this.record(tx, d, rows, 'avis.annule');
    return rows.length;
  }

  async restore(tx: EntityManager, d: DossierEntity): Promise<number> {
    const rows = returned<Row>(
      await tx.query(
        `UPDATE avis a SET status = a.cancelled_from, cancelled_from = NULL, cancelled_reason = NULL, cancelled_at = NULL,
              version = a.version + 1, updated_at = now()
         FROM avis b LEFT JOIN app_user u ON u.id = b.reviewer_id
        WHERE b.id = a.id AND a.dossier_id = $1 AND a.status = 'annule'
          AND NOT EXISTS (SELECT 1 FROM avis o WHERE o.dossier_id = a.dossier_id AND o.reviewer_id = a.reviewer_id
                             AND o.status IN ('a_rediger', 'brouillon', 'rendu'))
        RETURNING a.id, a.reviewer_id, u.full_name AS reviewer_name, a.role, a.status`,
        [d.id],
      ),
    );
    await this.record(tx, d, rows, 'avis.retabli');
    return rows.length;
  }

  /** One outbox event per avis (the notifications stop reminding a cancelled avis). The dossier's own transition row
   * in the journal says why; the avis keep the reason (cancelled_reason) and the status they had. */
  private async record(tx: EntityManager, d: DossierEntity, rows: Row[], event: 'avis.annule' | 'avis.retabli'): Promise<void> {
    await this.journal.publish(
      tx,
      d.id,
      d.campaignId,
      rows.map((r) => ({ type: event, payload: { avisId: r.id, reviewerId: r.reviewer_id, role: r.role, status: r.status } })),
    );
  }
}

/** TypeORM's PostgreSQL driver answers an UPDATE … RETURNING as [rows, affected count]. */
function returned<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
