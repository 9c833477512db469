import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { GUARD_MESSAGES, regionName, type AvisForSynthesis } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { DossierEntity } from '../dossiers/dossier.entity';
import { toDossierDto } from '../dossiers/dossier.mapper';
import { DossierTransitionsService } from '../dossiers/dossier-transitions.service';
import type { AppliedTransition } from '../dossiers/dossier-transitions.service';
import { primaryRole, versionConflict } from '../dossiers/dossiers.service';
import { JournalService } from '../dossiers/journal.service';
import { boardSynthesis, compareForRank, type BoardSynthesis } from './board';
import { laureatsPdf } from './laureats-pdf';
import { Phase } from './phase';
import { DecisionsDto } from './selection.dto';
import { SelectionRepository } from './selection.repository';

export interface BoardItem extends BoardSynthesis {
  id: string;
  rank: number;
  projectName: string;
  structureName: string;
  region: string;
  state: string;
  version: number;
  amountRequestedCents: number | null;
  decision: { outcome: 'laureat' | 'non_retenu'; motif: string | null; amountCents: number | null } | null;
}

export interface Board {
  campaignId: string;
  phase: Phase;
  arreteAt: string | null;
  publishedAt: string | null;
  envelopeCents: number | null;
  envelopeUsedCents: number | null;
  envelopeLeftCents: number | null;
  totals: { laureat: number; non_retenu: number; undecided: number };
  byRegion: { region: string; dossiers: number; laureats: number; amountCents: number }[];
  undecided: string[];
  items: BoardItem[];
}

export interface Laureat {
  id: string;
  projectName: string;
  structureName: string;
  region: string;
  regionLabel: string;
  amountCents: number | null;
}

const BOARD_STATES = ['instruit', 'laureat', 'non_retenu'];
const AMOUNT_REQUIRED = 'Le montant attribué est obligatoire en phase 2.';
const AMOUNT_POSITIVE = 'Le montant attribué doit être positif.';
const PHASE1_NO_AMOUNT = 'La phase 1 n’attribue pas de montant.';
const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
const amountOverRequested = (project: string, requested: number) =>
  `« ${project} » : le montant attribué ne peut dépasser le montant demandé (${euros(requested)}).`;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function arreteOf(c: CampaignEntity, phase: Phase): Date | null {
  return phase === 1 ? c.phase1ArreteAt : c.phase2ArreteAt;
}
export function publishedOf(c: CampaignEntity, phase: Phase): Date | null {
  return phase === 1 ? c.phase1PublishedAt : c.phase2PublishedAt;
}

function notArretee(phase: Phase): AppError {
  return AppError.conflict('SELECTION_NOT_ARRETEE', `La sélection de la phase ${phase} n’est pas arrêtée.`);
}

/**
 * The cabinet's selection of a campaign's phase: the board (ranked by the avis synthesis), bulk provisional
 * decisions through the workflow engine in one transaction, the arrêt with its annex, the audited re-opening,
 * the publication, and the invitation of phase-1 lauréats to phase 2.
 *
 * Locking order everywhere: the campaign row first (FOR UPDATE: decisions, arrêt, re-opening and publication of a
 * campaign are serialised, so the envelope and the arrêt see a stable set), then the dossier rows by id.
 */
@Injectable()
export class SelectionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transitions: DossierTransitionsService,
    private readonly journal: JournalService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SelectionRepository,
  ) {}

  /** Transactions running a bulk of decisions: the envelope is checked once, on the batch's result. */
  private readonly bulk = new WeakSet<EntityManager>();

  /**
   * Workflow hook (same transaction as the transition): a lauréat of phase 2 has an amount, > 0, ≤ the amount
   * requested, within the campaign's envelope; phase 1 attributes no amount. So the single transition
   * (POST /api/dossiers/:id/transitions, action `retenir`) obeys the same rules as the board's decisions.
   */
  async checkDecision(tx: EntityManager, t: AppliedTransition): Promise<void> {
    if (t.action !== 'retenir') return;
    const d = t.dossier;
    const amount = d.decisionAmountCents;
    if (d.phase === 1) {
      if (amount !== null) throw AppError.validation({ 'data.amountCents': PHASE1_NO_AMOUNT });
      return;
    }
    if (amount === null) throw AppError.validation({ 'data.amountCents': AMOUNT_REQUIRED });
    if (amount <= 0) throw AppError.validation({ 'data.amountCents': AMOUNT_POSITIVE });
    if (d.amountRequestedCents !== null && amount > d.amountRequestedCents) {
      throw AppError.validation({ 'data.amountCents': amountOverRequested(d.projectName, d.amountRequestedCents) });
    }
    if (this.bulk.has(tx)) return;
    // Read, not locked: the dossier row is locked already and the board's batches lock the campaign first.
    const c = t.campaign ?? (await this.campaign(tx, d.campaignId)); // read once by the transition
    await this.checkEnvelope(tx, c);
  }

  private async checkEnvelope(tx: EntityManager, c: CampaignEntity): Promise<void> {
    const total = await this.repo.sumPhase2LaureatAmounts(tx, c.id);
    const exceeded = total - c.envelopeCents;
    if (exceeded > 0) {
      throw AppError.conflict('ENVELOPE_EXCEEDED', `Ces décisions dépasseraient l’enveloppe de la campagne de ${euros(exceeded)}.`, {
        exceededByCents: exceeded,
        envelopeCents: c.envelopeCents,
        totalCents: total,
      });
    }
  }

  async campaign(tx: EntityManager, id: string, lock = false): Promise<CampaignEntity> {
    const qb = tx.getRepository(CampaignEntity).createQueryBuilder('c').where('c.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const c = await qb.getOne();
    if (!c) throw AppError.notFound('Campagne introuvable.');
    return c;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Board

  async board(campaignId: string, phase: Phase, tx: EntityManager = this.db.manager): Promise<Board> {
    const c = await this.campaign(tx, campaignId);
    const dossiers = await tx
      .getRepository(DossierEntity)
      .find({ where: { campaignId, phase, state: In(BOARD_STATES) }, order: { projectName: 'ASC' } });
    const avisRows = dossiers.length
      ? await this.repo.renderedAvis(
          tx,
          dossiers.map((d) => d.id),
        )
      : [];
    const byDossier = new Map<string, AvisForSynthesis[]>();
    for (const a of avisRows) {
      const list = byDossier.get(a.dossierId) ?? [];
      list.push(a);
      byDossier.set(a.dossierId, list);
    }
    const items: BoardItem[] = dossiers
      .map((d) => ({
        id: d.id,
        rank: 0,
        projectName: d.projectName,
        structureName: d.structureName,
        region: d.region,
        state: d.state,
        version: d.version,
        amountRequestedCents: d.amountRequestedCents,
        ...boardSynthesis(byDossier.get(d.id) ?? [], phase),
        decision:
          d.state === 'laureat' || d.state === 'non_retenu'
            ? { outcome: d.state, motif: d.decisionMotif, amountCents: d.state === 'laureat' ? d.decisionAmountCents : null }
            : null,
      }))
      .sort(compareForRank);
    items.forEach((it, i) => (it.rank = i + 1));

    const regions = new Map<string, { region: string; dossiers: number; laureats: number; amountCents: number }>();
    let used = 0;
    for (const it of items) {
      const r = regions.get(it.region) ?? { region: it.region, dossiers: 0, laureats: 0, amountCents: 0 };
      r.dossiers++;
      if (it.state === 'laureat') {
        r.laureats++;
        r.amountCents += it.decision?.amountCents ?? 0;
        used += it.decision?.amountCents ?? 0;
      }
      regions.set(it.region, r);
    }
    const undecided = items.filter((i) => i.state === 'instruit').map((i) => i.id);
    // Phase 1 gives services, not money: no envelope (null), the UI hides the tracker.
    const envelope = phase === 2 ? c.envelopeCents : null;
    return {
      campaignId,
      phase,
      arreteAt: arreteOf(c, phase)?.toISOString() ?? null,
      publishedAt: publishedOf(c, phase)?.toISOString() ?? null,
      envelopeCents: envelope,
      envelopeUsedCents: envelope === null ? null : used,
      envelopeLeftCents: envelope === null ? null : envelope - used,
      totals: {
        laureat: items.filter((i) => i.state === 'laureat').length,
        non_retenu: items.filter((i) => i.state === 'non_retenu').length,
        undecided: undecided.length,
      },
      byRegion: [...regions.values()].sort((a, b) =>
        (regionName(a.region) ?? a.region).localeCompare(regionName(b.region) ?? b.region, 'fr'),
      ),
      undecided,
      items,
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Decisions

  async decide(user: AuthUser, campaignId: string, phase: Phase, dto: DecisionsDto, requestId: string | null) {
    const items = dto.items;
    const details: Record<string, string> = {};
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.dossierId)) details[`items.${i}.dossierId`] = 'Ce dossier figure deux fois dans la liste.';
      seen.add(it.dossierId);
      if (it.decision === 'non_retenu' && !(typeof it.motif === 'string' && it.motif.trim())) {
        details[`items.${i}.motif`] = 'Le motif est obligatoire pour un dossier non retenu.';
      }
      if (phase === 2 && it.decision === 'laureat') {
        if (it.amountCents === undefined || it.amountCents === null) details[`items.${i}.amountCents`] = AMOUNT_REQUIRED;
        else if (it.amountCents <= 0) details[`items.${i}.amountCents`] = AMOUNT_POSITIVE;
      }
      if (phase === 1 && it.amountCents !== undefined && it.amountCents !== null) {
        details[`items.${i}.amountCents`] = PHASE1_NO_AMOUNT;
      }
    });
    if (Object.keys(details).length)
      throw AppError.validation(details, 'Certaines décisions sont invalides : corrigez les lignes signalées.');

    return this.db.transaction(async (tx) => {
      const c = await this.campaign(tx, campaignId, true);
      if (arreteOf(c, phase)) throw AppError.conflict('SELECTION_LOCKED', GUARD_MESSAGES.SELECTION_LOCKED);
      const ids = items.map((i) => i.dossierId);
      // Every row of the batch locked at once, in a fixed order (no deadlock between two overlapping batches).
      const rows = await this.repo.lockForDecision(tx, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      items.forEach((it, i) => {
        const r = byId.get(it.dossierId);
        if (!r || r.campaign_id !== campaignId || r.phase !== phase) {
          details[`items.${i}.dossierId`] = `Dossier introuvable dans cette campagne en phase ${phase}.`;
          return;
        }
        const requested = num(r.amount_requested_cents);
        if (phase === 2 && it.decision === 'laureat' && requested !== null && (it.amountCents ?? 0) > requested) {
          details[`items.${i}.amountCents`] = amountOverRequested(r.project_name, requested);
        }
      });
      if (Object.keys(details).length)
        throw AppError.validation(details, 'Certaines décisions sont invalides : corrigez les lignes signalées.');

      let applied = 0;
      this.bulk.add(tx);
      for (const [i, it] of items.entries()) {
        const name = byId.get(it.dossierId)!.project_name;
        try {
          if (await this.decideOne(tx, user, phase, it, requestId)) applied++;
        } catch (e) {
          if (e instanceof AppError) {
            const extra = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {};
            throw new AppError(e.status, e.code, `« ${name} » : ${e.message}`, { ...extra, index: i, dossierId: it.dossierId });
          }
          throw e;
        }
      }

      if (phase === 2) await this.checkEnvelope(tx, c);
      const after = await tx.getRepository(DossierEntity).find({ where: { id: In(ids) } });
      const afterById = new Map(after.map((d) => [d.id, d]));
      return { applied, items: ids.map((id) => toDossierDto(afterById.get(id)!)) };
    });
  }

  /** One decision: through the engine when the state changes; a phase-2 lauréat's new amount is journaled. */
  private async decideOne(
    tx: EntityManager,
    user: AuthUser,
    phase: Phase,
    it: DecisionsDto['items'][number],
    requestId: string | null,
  ): Promise<boolean> {
    const current = await tx.getRepository(DossierEntity).findOneOrFail({ where: { id: it.dossierId } });
    if (current.state === it.decision) {
      if (it.expectedVersion !== undefined && it.expectedVersion !== current.version) throw versionConflict(current.version);
      if (phase === 2 && it.decision === 'laureat' && current.decisionAmountCents !== it.amountCents) {
        const previous = current.decisionAmountCents;
        current.decisionAmountCents = it.amountCents ?? null;
        current.version += 1;
        current.updatedAt = new Date();
        await tx.getRepository(DossierEntity).save(current);
        await this.journal.append(tx, {
          dossierId: current.id,
          actorId: user.id,
          actorRole: primaryRole(user),
          action: 'modifier_montant',
          fromState: current.state,
          toState: current.state,
          motif: it.motif?.trim() || null,
          data: { amountCents: it.amountCents, previousAmountCents: previous },
          requestId,
          version: current.version,
        });
        return true;
      }
      return false; // already so: nothing to do (a retried batch is harmless)
    }
    const action = it.decision === 'laureat' ? 'retenir' : 'ne_pas_retenir';
    const data = phase === 2 && it.decision === 'laureat' ? { amountCents: it.amountCents } : null;
    const applied = await this.transitions.transitionIn(
      tx,
      user,
      it.dossierId,
      action,
      { motif: it.motif ?? null, data },
      it.expectedVersion,
      requestId,
    );
    for (const t of applied) if (t.effects.includes('verifier_decision')) await this.checkDecision(tx, t);
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Arrêt, re-opening, annex

  async arret(user: AuthUser, campaignId: string, phase: Phase, requestId: string | null) {
    return this.db.transaction(async (tx) => {
      const c = await this.campaign(tx, campaignId, true);
      if (arreteOf(c, phase)) {
        throw AppError.conflict('SELECTION_LOCKED', `La sélection de la phase ${phase} est déjà arrêtée.`);
      }
      const undecided = await this.repo.listUndecided(tx, campaignId, phase);
      if (undecided.length) {
        const names = undecided
          .slice(0, 10)
          .map((u) => `« ${u.projectName} »`)
          .join(', ');
        throw AppError.conflict(
          'SELECTION_INCOMPLETE',
          `La sélection ne peut être arrêtée : ${undecided.length} dossier(s) instruit(s) sans décision (${names}${undecided.length > 10 ? '…' : ''}).`,
          { undecided },
        );
      }
      const decided = await this.repo.countDecided(tx, campaignId, phase);
      if (decided === 0) {
        throw AppError.conflict('SELECTION_INCOMPLETE', 'Aucune décision n’a été prise pour cette phase : rien à arrêter.', {
          undecided: [],
        });
      }
      const arreteAt = await this.repo.transactionNow(tx);
      await this.repo.setArrete(tx, campaignId, phase, arreteAt);
      const laureats = await this.laureats(tx, campaignId, phase);
      const pdf = await laureatsPdf({ campaignName: c.name, phase, arreteAt, laureats });
      await this.repo.insertAnnex(tx, {
        campaignId,
        phase,
        arreteAt,
        filename: annexFilename(phase, arreteAt),
        content: pdf,
        createdBy: user.id,
      });
      await this.campaignJournal(tx, campaignId, phase, user, 'arreter_selection', null, { laureats: laureats.length, decided }, requestId);
      await this.journal.publish(tx, null, campaignId, [{ type: 'selection.arretee', payload: { phase } }]);
      return {
        campaignId,
        phase,
        arreteAt: arreteAt.toISOString(),
        documentUrl: `/api/campaigns/${campaignId}/phases/${phase}/laureats.pdf`,
      };
    });
  }

  async reopen(user: AuthUser, campaignId: string, phase: Phase, motifRaw: string, requestId: string | null) {
    const motif = typeof motifRaw === 'string' ? motifRaw.trim() : '';
    if (!motif) throw AppError.validation({ motif: 'Le motif de la réouverture est obligatoire.' });
    return this.db.transaction(async (tx) => {
      const c = await this.campaign(tx, campaignId, true);
      const was = arreteOf(c, phase);
      if (!was) throw notArretee(phase);
      const wasPublished = publishedOf(c, phase);
      // Re-opened, the list may change: it stops being public until the next arrêt and publication.
      await this.repo.clearArreteAndPublication(tx, campaignId, phase);
      const decided = await this.repo.listDecided(tx, campaignId, phase);
      // The audit: one campaign row, and one row in the journal of each decided dossier (shown on its page).
      await this.campaignJournal(
        tx,
        campaignId,
        phase,
        user,
        'rouvrir_selection',
        motif,
        { arreteAt: was.toISOString(), publishedAt: wasPublished?.toISOString() ?? null, dossiers: decided.length },
        requestId,
      );
      for (const d of decided) {
        await this.journal.append(tx, {
          dossierId: d.id,
          actorId: user.id,
          actorRole: primaryRole(user),
          action: 'rouvrir_selection',
          fromState: d.state,
          toState: d.state,
          motif,
          data: { phase, arreteAt: was.toISOString() },
          requestId,
          version: d.version,
        });
      }
      await this.journal.publish(tx, null, campaignId, [{ type: 'selection.rouverte', payload: { phase, motif } }]);
      return { campaignId, phase, arreteAt: null };
    });
  }

  /** The annex produced by the current arrêt of the phase. */
  async annex(campaignId: string, phase: Phase): Promise<{ filename: string; content: Buffer }> {
    const c = await this.campaign(this.db.manager, campaignId);
    const at = arreteOf(c, phase);
    if (!at) throw notArretee(phase);
    const row = await this.repo.latestAnnex(campaignId, phase);
    if (!row) throw AppError.notFound('Liste des lauréats introuvable.');
    return { filename: row.filename, content: row.content };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Publication

  async publish(user: AuthUser, campaignId: string, phase: Phase, requestId: string | null) {
    return this.db.transaction(async (tx) => {
      const c = await this.campaign(tx, campaignId, true);
      if (!arreteOf(c, phase)) throw notArretee(phase);
      let at = publishedOf(c, phase);
      if (!at) {
        at = await this.repo.transactionNow(tx);
        await this.repo.setPublished(tx, campaignId, phase, at);
        await this.campaignJournal(tx, campaignId, phase, user, 'publier_selection', null, {}, requestId);
        await this.journal.publish(tx, null, campaignId, [{ type: 'selection.publiee', payload: { phase } }]);
      }
      return {
        publishedAt: at.toISOString(),
        publicUrl: `${this.config.publicUrl.replace(/\/$/, '')}/public/campaigns/${campaignId}/laureats?phase=${phase}`,
      };
    });
  }

  /** The lauréats of a phase, by region (label order) then project name. */
  async laureats(tx: EntityManager, campaignId: string, phase: Phase): Promise<Laureat[]> {
    const rows = await this.repo.listLaureats(tx, campaignId, phase);
    return rows
      .map((r) => ({
        id: r.id,
        projectName: r.projectName,
        structureName: r.structureName,
        region: r.region,
        regionLabel: regionName(r.region) ?? r.region,
        amountCents: phase === 2 ? num(r.amountCents) : null,
      }))
      .sort((a, b) => a.regionLabel.localeCompare(b.regionLabel, 'fr') || a.projectName.localeCompare(b.projectName, 'fr'));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Phase-2 invitations

  async invite(user: AuthUser, campaignId: string, dossierIds: string[], requestId: string | null) {
    const ids = [...new Set(dossierIds)];
    return this.db.transaction(async (tx) => {
      const c = await this.campaign(tx, campaignId);
      const rows = await this.repo.lockForInvitation(tx, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const details: Record<string, string> = {};
      const refused: string[] = [];
      dossierIds.forEach((id, i) => {
        const r = byId.get(id);
        if (!r || r.campaign_id !== campaignId) {
          details[`dossierIds.${i}`] = 'Dossier introuvable dans cette campagne.';
          refused.push(id);
        } else if (r.phase !== 1 || r.state !== 'laureat') {
          details[`dossierIds.${i}`] = `« ${r.project_name} » n’est pas lauréat de la phase 1.`;
          refused.push(`« ${r.project_name} »`);
        }
      });
      if (refused.length) {
        throw AppError.validation(details, `Seuls les lauréats de la phase 1 peuvent être invités en phase 2 : ${refused.join(', ')}.`);
      }
      if (!c.phase1ArreteAt) {
        throw AppError.conflict(
          'SELECTION_NOT_ARRETEE',
          'La sélection de la phase 1 doit être arrêtée avant d’inviter des lauréats en phase 2.',
        );
      }
      const invited: string[] = [];
      const alreadyInvited: string[] = [];
      for (const id of ids) {
        const r = byId.get(id)!;
        if (r.invited_to_phase2_at) {
          alreadyInvited.push(id);
          continue;
        }
        const version = await this.repo.markInvitedToPhase2(tx, id);
        await this.journal.append(tx, {
          dossierId: id,
          actorId: user.id,
          actorRole: primaryRole(user),
          action: 'inviter_phase2',
          fromState: r.state,
          toState: r.state,
          data: {},
          requestId,
          version: version ?? r.version + 1,
        });
        await this.journal.publish(tx, id, campaignId, [{ type: 'dossier.invite_phase2', payload: {} }]);
        invited.push(id);
      }
      return { invited: invited.length, dossierIds: invited, alreadyInvited };
    });
  }

  private async campaignJournal(
    tx: EntityManager,
    campaignId: string,
    phase: Phase,
    user: AuthUser,
    action: string,
    motif: string | null,
    data: Record<string, unknown>,
    requestId: string | null,
  ): Promise<void> {
    await this.repo.insertJournalRow(tx, {
      campaignId,
      phase,
      actorId: user.id,
      actorRole: primaryRole(user),
      action,
      motif,
      data,
      requestId,
    });
  }

  async journalOf(campaignId: string) {
    await this.campaign(this.db.manager, campaignId);
    return this.repo.listJournal(campaignId);
  }
}

export function annexFilename(phase: Phase, at: Date): string {
  return `liste-des-laureats-phase-${phase}-${at.toISOString().slice(0, 10)}.pdf`;
}
