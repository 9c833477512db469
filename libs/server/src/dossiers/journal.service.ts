import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DomainEvent, JournalAction } from '@ptce/domain';
import { toJournalDto } from './dossier.mapper';
import { DossiersRepository, JournalRowInsert, OutboxEventInsert } from './dossiers.repository';

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

function journalRow(e: JournalWrite): JournalRowInsert {
  return {
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
  };
}

const outboxRows = (dossierId: string | null, campaignId: string | null, events: readonly DomainEvent[]): OutboxEventInsert[] =>
  events.map((ev) => ({ type: ev.type, dossierId, campaignId, payload: ev.payload }));

/**
 * Journal rows and outbox events held back to be written together (issue 12: one INSERT per table for a transition
 * and the avis it assigns, instead of one per row), in the order they were added. The caller flushes it inside its
 * transaction, before anything else writes journal or outbox rows that must come after these.
 */
export class JournalBatch {
  private rows: JournalRowInsert[] = [];
  private events: OutboxEventInsert[] = [];

  constructor(private readonly repo: DossiersRepository) {}

  append(e: JournalWrite): void {
    this.rows.push(journalRow(e));
  }

  publish(dossierId: string | null, campaignId: string | null, events: readonly DomainEvent[]): void {
    this.events.push(...outboxRows(dossierId, campaignId, events));
  }

  /** Writes what was added (at most one statement per table) and empties the batch. */
  async flush(tx: EntityManager): Promise<void> {
    const [rows, events] = [this.rows, this.events];
    this.rows = [];
    this.events = [];
    await this.repo.insertJournalRows(tx, rows);
    await this.repo.insertOutboxEvents(tx, events);
  }
}

/** Appends to the dossier's journal and the outbox, always inside the caller's transaction. */
@Injectable()
export class JournalService {
  constructor(private readonly repo: DossiersRepository) {}

  async append(tx: EntityManager, e: JournalWrite): Promise<void> {
    await this.repo.insertJournalRows(tx, [journalRow(e)]);
  }

  async publish(tx: EntityManager, dossierId: string | null, campaignId: string | null, events: readonly DomainEvent[]): Promise<void> {
    await this.repo.insertOutboxEvents(tx, outboxRows(dossierId, campaignId, events));
  }

  /** Rows to be written later, together (see JournalBatch). */
  batch(): JournalBatch {
    return new JournalBatch(this.repo);
  }

  async list(tx: EntityManager, dossierId: string) {
    return (await this.repo.listJournal(tx, dossierId)).map(toJournalDto);
  }
}
