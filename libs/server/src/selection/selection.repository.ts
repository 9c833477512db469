import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AvisForSynthesis } from '@ptce/domain';
import { arreteColumn, Phase, publishedColumn } from './phase';

export type RenderedAvisRow = AvisForSynthesis & { dossierId: string };

/** A dossier of a decision batch, locked. */
export interface DecisionDossierRow {
  id: string;
  campaign_id: string;
  phase: number;
  project_name: string;
  amount_requested_cents: string | null;
}

export interface UndecidedDossierRow {
  id: string;
  projectName: string;
}

export interface DecidedDossierRow {
  id: string;
  state: string;
  version: number;
}

export interface LaureatRow {
  id: string;
  projectName: string;
  structureName: string;
  region: string;
  amountCents: string | null;
}

/** A dossier asked to be invited to phase 2, locked. */
export interface InvitationDossierRow {
  id: string;
  campaign_id: string;
  phase: number;
  state: string;
  project_name: string;
  invited_to_phase2_at: Date | null;
  version: number;
}

export interface AnnexInsert {
  campaignId: string;
  phase: Phase;
  arreteAt: Date;
  filename: string;
  content: Buffer;
  createdBy: string;
}

export interface SelectionJournalInsert {
  campaignId: string;
  phase: Phase;
  actorId: string;
  actorRole: string;
  action: string;
  motif: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
}

export interface SelectionJournalRow {
  id: number;
  campaignId: string;
  phase: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string;
  action: string;
  motif: string | null;
  data: Record<string, unknown>;
}

/**
 * The SQL of the cabinet's selection: the decided dossiers of a campaign's phase, the arrêt and publication columns
 * of the campaign, the annex (`selection_document`) and the campaign-level journal (`selection_journal`). The
 * campaign row itself is read and locked through TypeORM by the service (`SelectionService.campaign`).
 */
@Injectable()
export class SelectionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Sum of the amounts of the campaign's phase-2 lauréats. */
  async sumPhase2LaureatAmounts(m: EntityManager, campaignId: string): Promise<number> {
    const [{ total }] = await m.query(
      `SELECT COALESCE(SUM(decision_amount_cents), 0)::bigint AS total FROM dossier WHERE campaign_id = $1 AND phase = 2 AND state = 'laureat'`,
      [campaignId],
    );
    return Number(total);
  }

  /** The rendered avis of the dossiers, oldest first. */
  renderedAvis(m: EntityManager, dossierIds: string[]): Promise<RenderedAvisRow[]> {
    return m.query(
      `SELECT id, dossier_id AS "dossierId", reviewer_id AS "reviewerId", role, status, content
             FROM avis WHERE dossier_id = ANY($1::uuid[]) AND status = 'rendu' ORDER BY rendered_at, id`,
      [dossierIds],
    );
  }

  /** Locks the dossiers of a batch at once, in a fixed order (no deadlock between two overlapping batches). */
  lockForDecision(m: EntityManager, ids: string[]): Promise<DecisionDossierRow[]> {
    return m.query(
      `SELECT id, campaign_id, phase, project_name, amount_requested_cents FROM dossier WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  listUndecided(m: EntityManager, campaignId: string, phase: Phase): Promise<UndecidedDossierRow[]> {
    return m.query(
      `SELECT id, project_name AS "projectName" FROM dossier WHERE campaign_id = $1 AND phase = $2 AND state = 'instruit' ORDER BY project_name, id`,
      [campaignId, phase],
    );
  }

  async countDecided(m: EntityManager, campaignId: string, phase: Phase): Promise<number> {
    const [{ decided }] = await m.query(
      `SELECT count(*)::int AS decided FROM dossier WHERE campaign_id = $1 AND phase = $2 AND state IN ('laureat','non_retenu')`,
      [campaignId, phase],
    );
    return decided;
  }

  listDecided(m: EntityManager, campaignId: string, phase: Phase): Promise<DecidedDossierRow[]> {
    return m.query(
      `SELECT id, state, version FROM dossier WHERE campaign_id = $1 AND phase = $2 AND state IN ('laureat','non_retenu') ORDER BY id`,
      [campaignId, phase],
    );
  }

  /** The lauréats of a phase (unsorted: the service sorts by region label, then project name). */
  listLaureats(m: EntityManager, campaignId: string, phase: Phase): Promise<LaureatRow[]> {
    return m.query(
      `SELECT id, project_name AS "projectName", structure_name AS "structureName", region, decision_amount_cents AS "amountCents"
         FROM dossier WHERE campaign_id = $1 AND phase = $2 AND state = 'laureat'`,
      [campaignId, phase],
    );
  }

  /** The transaction's timestamp (the same `now()` the rows written in it get). */
  async transactionNow(m: EntityManager): Promise<Date> {
    const [{ now }] = await m.query(`SELECT now() AS now`);
    return new Date(now);
  }

  async setArrete(m: EntityManager, campaignId: string, phase: Phase, at: Date): Promise<void> {
    await m.query(`UPDATE campaign SET ${arreteColumn(phase)} = $2 WHERE id = $1`, [campaignId, at]);
  }

  async clearArreteAndPublication(m: EntityManager, campaignId: string, phase: Phase): Promise<void> {
    await m.query(`UPDATE campaign SET ${arreteColumn(phase)} = NULL, ${publishedColumn(phase)} = NULL WHERE id = $1`, [campaignId]);
  }

  async setPublished(m: EntityManager, campaignId: string, phase: Phase, at: Date): Promise<void> {
    await m.query(`UPDATE campaign SET ${publishedColumn(phase)} = $2 WHERE id = $1`, [campaignId, at]);
  }

  async insertAnnex(m: EntityManager, a: AnnexInsert): Promise<void> {
    await m.query(
      `INSERT INTO selection_document (campaign_id, phase, arrete_at, filename, content, created_by) VALUES ($1,$2,$3,$4,$5,$6)`,
      [a.campaignId, a.phase, a.arreteAt, a.filename, a.content, a.createdBy],
    );
  }

  /** The annex of the latest arrêt of the phase. */
  async latestAnnex(
    campaignId: string,
    phase: Phase,
    m: EntityManager = this.db.manager,
  ): Promise<{ filename: string; content: Buffer } | undefined> {
    const [row] = await m.query(
      `SELECT filename, content FROM selection_document WHERE campaign_id = $1 AND phase = $2 ORDER BY arrete_at DESC, created_at DESC LIMIT 1`,
      [campaignId, phase],
    );
    return row;
  }

  lockForInvitation(m: EntityManager, ids: string[]): Promise<InvitationDossierRow[]> {
    return m.query(
      `SELECT id, campaign_id, phase, state, project_name, invited_to_phase2_at, version FROM dossier WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  /** Marks the dossier invited to phase 2 and returns its new version (undefined if the row was not returned). */
  async markInvitedToPhase2(m: EntityManager, dossierId: string): Promise<number | undefined> {
    const [upd] = await m.query(
      `UPDATE dossier SET invited_to_phase2_at = now(), version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
      [dossierId],
    );
    // TypeORM returns [rows, count] for UPDATE … RETURNING on PostgreSQL.
    return Array.isArray(upd) ? upd[0]?.version : upd?.version;
  }

  async insertJournalRow(m: EntityManager, e: SelectionJournalInsert): Promise<void> {
    await m.query(
      `INSERT INTO selection_journal (campaign_id, phase, actor_id, actor_role, action, motif, data, request_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [e.campaignId, e.phase, e.actorId, e.actorRole, e.action, e.motif, e.data, e.requestId],
    );
  }

  listJournal(campaignId: string, m: EntityManager = this.db.manager): Promise<SelectionJournalRow[]> {
    return m.query(
      `SELECT j.id::int AS id, j.campaign_id AS "campaignId", j.phase, j.at, j.actor_id AS "actorId", u.full_name AS "actorName",
              j.actor_role AS "actorRole", j.action, j.motif, j.data
         FROM selection_journal j LEFT JOIN app_user u ON u.id = j.actor_id WHERE j.campaign_id = $1 ORDER BY j.id`,
      [campaignId],
    );
  }
}
