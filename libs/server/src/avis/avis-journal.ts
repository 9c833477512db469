import type { EntityManager } from 'typeorm';
import type { DomainEvent, JournalAction } from '@ptce/domain';
import type { AuthUser } from '../common/auth.decorators';
import type { DossierEntity } from '../dossiers/dossier.entity';
import { primaryRole } from '../dossiers/dossiers.service';
import type { JournalBatch, JournalService } from '../dossiers/journal.service';

export interface AvisJournalEntry {
  action: JournalAction;
  motif?: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
}

type AvisDossier = Pick<DossierEntity, 'id' | 'campaignId' | 'state' | 'version'>;

/**
 * What an avis write leaves behind, in the caller's transaction: one journal row on the dossier (its state unchanged,
 * its version as locked) and, when given, the outbox event. `actor` null: the system did it.
 */
export async function recordAvisChange(
  journal: JournalService,
  tx: EntityManager,
  d: AvisDossier,
  actor: AuthUser | null,
  entry: AvisJournalEntry,
  event?: DomainEvent,
): Promise<void> {
  const batch = journal.batch();
  addAvisChange(batch, d, actor, entry, event);
  await batch.flush(tx);
}

/** The same rows as recordAvisChange, added to a batch the caller writes (with other rows) later. */
export function addAvisChange(
  batch: JournalBatch,
  d: AvisDossier,
  actor: AuthUser | null,
  entry: AvisJournalEntry,
  event?: DomainEvent,
): void {
  batch.append({
    dossierId: d.id,
    actorId: actor?.id ?? null,
    actorRole: actor ? primaryRole(actor) : 'system',
    action: entry.action,
    fromState: d.state,
    toState: d.state,
    motif: entry.motif ?? null,
    data: entry.data,
    requestId: entry.requestId,
    version: d.version,
  });
  if (event) batch.publish(d.id, d.campaignId, [event]);
}
