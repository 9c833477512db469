import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DomainEvent, JournalAction } from '@ptce/domain';
import { toJournalDto } from './dossier.mapper';
import { DossiersRepository } from './dossiers.repository';

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
  constructor(private readonly repo: DossiersRepository) {}

  async append(tx: EntityManager, e: JournalWrite): Promise<void> {
    await this.repo.insertJournalRow(tx, {
      dossierId: e.dossierId,
      actorId: e.actorId,
      actorRole: e.actorRole,
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      motif: e.motif ?? null,
      data: e.data ?? {},
      requestId: e.requestId ?? null,
      version: e.version ?? null,
    });
  }

  async publish(tx: EntityManager, dossierId: string | null, campaignId: string | null, events: readonly DomainEvent[]): Promise<void> {
    for (const ev of events) await this.repo.insertOutboxEvent(tx, ev.type, dossierId, campaignId, ev.payload);
  }

  async list(tx: EntityManager, dossierId: string) {
    return (await this.repo.listJournal(tx, dossierId)).map(toJournalDto);
  }
}
