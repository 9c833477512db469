import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DomainEvent, JournalAction } from '@ptce/domain';
import { toJournalDto } from './dossier.mapper';

export interface JournalWrite {
  dossierId: string;
  actorId: string | null;
  actorRole: string;
  /** One of the journal's vocabulary (libs/domain vocabulary.ts), which the database's CHECK constraint repeats. */
  action: JournalAction;
  fromState: string | null;
  toState: string | null;
  motif?: string | null;
  data?: Record<string, unknown>;
  requestId?: string | null;
  version?: number | null;
}

/** Appends to the dossier's journal and the outbox, always inside the caller's transaction. */
@Injectable()
export class JournalService {
  async append(tx: EntityManager, e: JournalWrite): Promise<void> {
    await tx.query(
      `INSERT INTO dossier_journal (dossier_id, actor_id, actor_role, action, from_state, to_state, motif, data, request_id, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        e.dossierId,
        e.actorId,
        e.actorRole,
        e.action,
        e.fromState,
        e.toState,
        e.motif ?? null,
        e.data ?? {},
        e.requestId ?? null,
        e.version ?? null,
      ],
    );
  }

  async publish(tx: EntityManager, dossierId: string | null, campaignId: string | null, events: readonly DomainEvent[]): Promise<void> {
    for (const ev of events) {
      await tx.query(`INSERT INTO outbox_event (type, dossier_id, campaign_id, payload) VALUES ($1,$2,$3,$4)`, [
        ev.type,
        dossierId,
        campaignId,
        ev.payload,
      ]);
    }
  }

  async list(tx: EntityManager, dossierId: string) {
    const rows = await tx.query(
      `SELECT j.id, j.dossier_id AS "dossierId", j.at, j.actor_id AS "actorId", u.full_name AS "actorName", j.actor_role AS "actorRole",
              j.action, j.from_state AS "fromState", j.to_state AS "toState", j.motif, j.data, j.request_id AS "requestId", j.version
         FROM dossier_journal j LEFT JOIN app_user u ON u.id = j.actor_id
        WHERE j.dossier_id = $1 ORDER BY j.id`,
      [dossierId],
    );
    return rows.map(toJournalDto);
  }
}
