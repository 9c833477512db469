import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  avisRemindersToPlan,
  calendarInstant,
  CalendarRule,
  complementsReminderAt,
  decisionRule,
  decisionTemplate,
  hourBucket,
  INVITATION_RULE,
  isNotificationTemplate,
  notificationKey,
  NotificationTemplate,
  parisIsoWeek,
  PHASE2_DEPOSIT_REMINDERS,
  PlanningCalendar,
  PlanningCalendarField,
  stillApplies,
} from '@ptce/domain';
import { DS_EN_INSTRUCTION, DsChannelService } from './ds-channel.service';
import { NotificationContentService } from './notification-content.service';
import { NotificationsRepository, OutboxRow, PlannedNotificationValues, PlanningDossierRow } from './notifications.repository';

/** Calendar fields the planner follows, and their columns (whitelist: never raw input in SQL). */
export const CALENDAR_COLUMNS: Record<PlanningCalendarField, string> = {
  phase1AnnouncementAt: 'phase1_announcement_at',
  phase2InvitationAt: 'phase2_invitation_at',
  phase2DepositDeadline: 'phase2_deposit_deadline',
  phase2AnnouncementAt: 'phase2_announcement_at',
};

export interface PlannedRow {
  template: NotificationTemplate;
  keyParts: (string | number)[];
  recipient: string;
  recipientName?: string | null;
  recipientUserId?: string | null;
  campaignId?: string | null;
  dossierId?: string | null;
  avisId?: string | null;
  phase?: number | null;
  variables?: Record<string, unknown>;
  scheduledFor: Date | null;
  rule?: CalendarRule | null;
  gatePhase?: number | null;
  /** 'ds': the row drives a DS mutation instead of an e-mail (ds-channel.service.ts). */
  channel?: 'email' | 'ds';
}

/** A planned row's columns: the idempotency key computed, the optional parts defaulted. */
function valuesOf(r: PlannedRow): PlannedNotificationValues {
  return {
    template: r.template,
    idempotencyKey: notificationKey(r.template, r.keyParts, r.recipient),
    campaignId: r.campaignId ?? null,
    dossierId: r.dossierId ?? null,
    avisId: r.avisId ?? null,
    phase: r.phase ?? null,
    recipient: r.recipient.trim(),
    recipientName: r.recipientName ?? null,
    recipientUserId: r.recipientUserId ?? null,
    variables: r.variables ?? {},
    scheduledFor: r.scheduledFor,
    calendarField: r.rule?.field ?? null,
    calendarOffsetDays: r.rule?.offsetDays ?? 0,
    calendarTime: r.rule?.time ?? null,
    gatePhase: r.gatePhase ?? null,
    channel: r.channel ?? 'email',
  };
}

/**
 * Plans the e-mails: the relay turns outbox events into notification rows (in the same transaction that marks
 * the events processed), the reminder scan plans avis reminders, the weekly digest plans one row per instructeur,
 * and a moved calendar date re-plans what depends on it. Every row has a unique key: planning twice is harmless.
 */
@Injectable()
export class NotificationPlannerService {
  private readonly logger = new Logger('NotificationPlanner');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly content: NotificationContentService,
    private readonly ds: DsChannelService,
    private readonly repo: NotificationsRepository,
  ) {}

  async plan(tx: EntityManager, r: PlannedRow): Promise<string | null> {
    return this.repo.insertPlanned(tx, valuesOf(r));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Relay

  /**
   * One batch of the outbox: events locked FOR UPDATE SKIP LOCKED, their rows planned and the events marked
   * processed in the same transaction (a crash plans nothing twice and loses nothing). One relay at a time (an
   * advisory lock), so that the per-reviewer digest sees the rows planned before it.
   */
  async relayBatch(now: Date, limit = 500): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (!(await this.repo.tryLockRelay(tx))) return 0;
      const events = await this.repo.lockUnprocessedOutbox(tx, limit);
      for (const e of events) {
        await this.repo.savepointRelayEvent(tx);
        try {
          await this.handle(tx, e, now);
          await this.repo.releaseRelayEvent(tx);
        } catch (err) {
          // A malformed event must not block the outbox: it is logged and passed over.
          await this.repo.rollbackRelayEvent(tx);
          this.logger.error(`Événement ${e.id} (${e.type}) non traité : ${(err as Error).message}`);
        }
      }
      if (events.length) {
        await this.repo.markOutboxProcessed(
          tx,
          events.map((e) => e.id),
        );
      }
      return events.length;
    });
  }

  private async handle(tx: EntityManager, e: OutboxRow, now: Date): Promise<void> {
    const p = e.payload ?? {};
    switch (e.type) {
      case 'dossier.depose':
        if (e.dossier_id) await this.planAcknowledgement(tx, e.dossier_id, String(p.source ?? 'manuel'), now);
        break;
      case 'dossier.complements_demandes':
        if (e.dossier_id) await this.planComplements(tx, e, now);
        break;
      case 'dossier.laureat':
      case 'dossier.non_retenu':
      case 'dossier.ineligible':
      case 'dossier.sans_suite':
        if (e.dossier_id) {
          await this.cancelInapplicable(tx, { dossierId: e.dossier_id });
          await this.planDecision(tx, e.dossier_id, typeof p.motif === 'string' ? p.motif : null);
        }
        break;
      case 'dossier.instruction_ouverte':
        if (e.dossier_id) {
          await this.cancelInapplicable(tx, { dossierId: e.dossier_id });
          await this.planDsInstruction(tx, e.dossier_id, now);
        }
        break;
      case 'selection.arretee':
        if (e.campaign_id) await this.planPhaseDecisions(tx, e.campaign_id, Number(p.phase) === 2 ? 2 : 1);
        break;
      case 'selection.rouverte':
        if (e.campaign_id) {
          await this.repo.cancelPlannedGatedByPhase(
            tx,
            e.campaign_id,
            Number(p.phase) === 2 ? 2 : 1,
            'Sélection rouverte : la décision peut encore changer.',
          );
        }
        break;
      case 'dossier.invite_phase2':
        if (e.dossier_id) await this.planInvitation(tx, e.dossier_id);
        break;
      case 'avis.assigne':
        if (typeof p.avisId === 'string') await this.planAvisToWrite(tx, p.avisId, now);
        break;
      case 'avis.rendu':
      case 'avis.decline':
      case 'avis.conflit':
      case 'avis.retire':
      case 'avis.annule':
        if (typeof p.avisId === 'string') await this.cancelInapplicable(tx, { avisId: p.avisId });
        break;
      case 'campaign.canal_ds_modifie':
        if (e.campaign_id) await this.rerouteDecisions(tx, e.campaign_id);
        break;
      case 'campaign.calendrier_modifie':
        if (e.campaign_id) await this.replanCalendar(tx, e.campaign_id);
        break;
      default:
        // Any other state change of a dossier may have made a planned e-mail pointless (pieces received, re-opened...).
        if (e.dossier_id && e.type.startsWith('dossier.')) await this.cancelInapplicable(tx, { dossierId: e.dossier_id });
    }
    // A phase-2 dossier deposited: its parent's deposit reminders stop.
    if (e.type === 'dossier.depose' && e.dossier_id) {
      const parentId = await this.repo.phase2ParentOf(tx, e.dossier_id);
      if (parentId) await this.cancelInapplicable(tx, { dossierId: parentId });
    }
  }

  private async dossier(tx: EntityManager, id: string): Promise<PlanningDossierRow | undefined> {
    return this.repo.dossierForPlanning(tx, id);
  }

  private calendarOf(d: {
    phase1_announcement_at: Date;
    phase2_invitation_at: Date;
    phase2_deposit_deadline: Date;
    phase2_announcement_at: Date | null;
  }): PlanningCalendar {
    return {
      phase1AnnouncementAt: d.phase1_announcement_at,
      phase2InvitationAt: d.phase2_invitation_at,
      phase2DepositDeadline: d.phase2_deposit_deadline,
      phase2AnnouncementAt: d.phase2_announcement_at,
    };
  }

  private async planAcknowledgement(tx: EntityManager, dossierId: string, source: string, now: Date): Promise<void> {
    const d = await this.dossier(tx, dossierId);
    if (!d?.referent_email) return;
    // DS acknowledges its own deposits: ours only when the campaign asks for it.
    if (source === 'ds' && !d.ds_deposit_acknowledgement) return;
    await this.plan(tx, {
      template: 'accuse_reception',
      keyParts: [d.id],
      recipient: d.referent_email,
      recipientName: d.referent_name,
      campaignId: d.campaign_id,
      dossierId: d.id,
      phase: d.phase,
      scheduledFor: now,
    });
  }

  private async planComplements(tx: EntityManager, e: OutboxRow, now: Date): Promise<void> {
    const d = await this.dossier(tx, e.dossier_id!);
    if (d && this.ds.appliesTo(d)) {
      // The request goes as a DS message (DS e-mails the porteur itself); the reminder stays ours.
      await this.plan(tx, {
        ...this.dsRow(d),
        template: 'demande_complements',
        keyParts: [d.id, e.id, 'ds'],
        variables: { message: typeof e.payload.message === 'string' ? e.payload.message : '', dueAt: e.payload.dueAt ?? null },
        scheduledFor: now,
      });
    }
    if (!d?.referent_email) return;
    const message = typeof e.payload.message === 'string' ? e.payload.message : '';
    const dueAt = typeof e.payload.dueAt === 'string' ? e.payload.dueAt : null;
    const base = {
      keyParts: [d.id, e.id],
      recipient: d.referent_email,
      recipientName: d.referent_name,
      campaignId: d.campaign_id,
      dossierId: d.id,
      phase: d.phase,
      variables: { message, dueAt },
    };
    if (!this.ds.appliesTo(d)) await this.plan(tx, { ...base, template: 'demande_complements', scheduledFor: now });
    const remindAt = dueAt ? complementsReminderAt(new Date(dueAt), now) : null;
    if (remindAt) await this.plan(tx, { ...base, template: 'relance_complements', scheduledFor: remindAt });
  }

  /** The decision e-mail of a decided dossier, at its phase's announcement date, held until the arrêt. */
  async planDecision(tx: EntityManager, dossierId: string, motif: string | null = null): Promise<void> {
    const d = await this.dossier(tx, dossierId);
    const row = d ? this.decisionRow(d, motif) : null;
    if (row) await this.plan(tx, row);
  }

  private decisionRow(d: PlanningDossierRow, motif: string | null): PlannedRow | null {
    const viaDs = this.ds.appliesTo(d);
    if (!d.referent_email && !viaDs) return null;
    const phase = Number(d.phase) === 2 ? 2 : 1;
    const template = decisionTemplate(phase, d.state);
    if (!template) return null;
    const rule = decisionRule(phase);
    if (viaDs) {
      // DS announces the decision itself (dossierAccepter / Refuser / ClasserSansSuite): no e-mail of ours.
      return {
        ...this.dsRow(d),
        template,
        keyParts: [d.id, phase, 'ds'],
        phase,
        variables: motif ? { motif } : {},
        scheduledFor: calendarInstant(rule, this.calendarOf(d)[rule.field]),
        rule,
        gatePhase: phase,
      };
    }
    return {
      template,
      keyParts: [d.id, phase],
      recipient: d.referent_email!,
      recipientName: d.referent_name,
      campaignId: d.campaign_id,
      dossierId: d.id,
      phase,
      variables: motif ? { motif } : {},
      scheduledFor: calendarInstant(rule, this.calendarOf(d)[rule.field]),
      rule,
      gatePhase: phase,
    };
  }

  /** At the arrêt: the decision e-mails of every decided dossier of the phase, read and planned in bulk. */
  private async planPhaseDecisions(tx: EntityManager, campaignId: string, phase: 1 | 2): Promise<void> {
    const dossiers = await this.repo.decidedDossiersForPlanning(tx, campaignId, phase);
    const rows = dossiers.map((d) => this.decisionRow(d, null)).filter((r): r is PlannedRow => r !== null);
    for (let i = 0; i < rows.length; i += 1000) await this.planMany(tx, rows.slice(i, i + 1000));
  }

  /** Many rows in one statement (same unique-key rule as plan()). */
  private async planMany(tx: EntityManager, rows: PlannedRow[]): Promise<void> {
    if (!rows.length) return;
    await this.repo.insertPlannedMany(tx, rows.map(valuesOf));
  }

  /** The common part of a DS row: the porteur on DS (the referent's address for the lists, else the DS number). */
  private dsRow(d: {
    id: string;
    campaign_id: string;
    phase: number;
    referent_email: string | null;
    referent_name: string | null;
    ds_number: number | null;
  }) {
    return {
      channel: 'ds' as const,
      recipient: d.referent_email ?? `dossier DS n° ${d.ds_number}`,
      recipientName: d.referent_name,
      campaignId: d.campaign_id,
      dossierId: d.id,
      phase: d.phase,
    };
  }

  /** Instruction opened on a DS dossier of a campaign with the DS channel: DS passes it en instruction too. */
  private async planDsInstruction(tx: EntityManager, dossierId: string, now: Date): Promise<void> {
    const d = await this.dossier(tx, dossierId);
    if (!d || !this.ds.appliesTo(d)) return;
    await this.plan(tx, { ...this.dsRow(d), template: DS_EN_INSTRUCTION as NotificationTemplate, keyParts: [d.id], scheduledFor: now });
  }

  private async planInvitation(tx: EntityManager, dossierId: string): Promise<void> {
    const d = await this.dossier(tx, dossierId);
    if (!d?.referent_email) return;
    const cal = this.calendarOf(d);
    const base = {
      recipient: d.referent_email,
      recipientName: d.referent_name,
      campaignId: d.campaign_id,
      dossierId: d.id,
      phase: 2,
    };
    await this.plan(tx, {
      ...base,
      template: 'invitation_phase2',
      keyParts: [d.id],
      scheduledFor: calendarInstant(INVITATION_RULE, cal[INVITATION_RULE.field]),
      rule: INVITATION_RULE,
    });
    for (const r of PHASE2_DEPOSIT_REMINDERS) {
      await this.plan(tx, {
        ...base,
        template: 'relance_depot_phase2',
        keyParts: [d.id, r.key],
        variables: { daysLeft: r.daysLeft },
        scheduledFor: calendarInstant(r.rule, cal[r.rule.field]),
        rule: r.rule,
      });
    }
  }

  /**
   * "Avis à rédiger": the first assignment of the hour leaves at once; assignments arriving while that e-mail is
   * still planned join it, later ones in the same hour gather in one digest at the end of the hour.
   */
  private async planAvisToWrite(tx: EntityManager, avisId: string, now: Date): Promise<void> {
    const a = await this.repo.assignedAvis(tx, avisId);
    if (!a || !['a_rediger', 'brouillon'].includes(a.status)) return;
    const bucket = hourBucket(now);
    const open = await this.repo.lockOpenAvisToWrite(tx, a.reviewer_id, `avis_a_rediger|${bucket}|%`);
    if (open) {
      await this.repo.appendAvisToRow(tx, open.id, avisId);
      return;
    }
    const n = await this.repo.countAvisToWrite(tx, a.reviewer_id, `avis_a_rediger|${bucket}|%`);
    const endOfHour = new Date(Date.parse(`${bucket}:00:00Z`) + 3600_000);
    await this.plan(tx, {
      template: 'avis_a_rediger',
      keyParts: [bucket, n],
      recipient: a.email,
      recipientName: a.full_name,
      recipientUserId: a.reviewer_id,
      campaignId: a.campaign_id,
      dossierId: n === 0 ? a.dossier_id : null,
      avisId: a.id,
      phase: a.phase,
      variables: { avisIds: [a.id] },
      scheduledFor: n === 0 ? now : endOfHour,
    });
  }

  /** Planned rows of a dossier or an avis whose reason is gone are cancelled (the schedule shows it). */
  async cancelInapplicable(tx: EntityManager, where: { dossierId?: string; avisId?: string }): Promise<number> {
    const rows = where.dossierId
      ? await this.repo.lockPlannedOfDossier(tx, where.dossierId)
      : await this.repo.lockPlannedOfAvis(tx, where.avisId);
    let n = 0;
    for (const r of rows) {
      if (!isNotificationTemplate(r.template)) continue; // a DS-only row (ds_en_instruction) has nothing to re-check
      const { facts } = await this.content.load(
        {
          template: r.template,
          campaignId: r.campaign_id,
          dossierId: r.dossier_id,
          avisId: r.avis_id,
          phase: r.phase,
          recipientName: r.recipient_name,
          recipientUserId: r.recipient_user_id,
          variables: r.variables,
        },
        tx,
      );
      if (!stillApplies(r.template as NotificationTemplate, facts)) {
        await this.repo.cancelPlanned(tx, r.id, 'Le motif de l’envoi a disparu (état du dossier ou de l’avis changé).');
        n++;
      }
    }
    return n;
  }

  /**
   * The campaign's DS channel was switched: the planned decision rows of its DS dossiers that are on the other
   * channel are cancelled and planned again on the right one (same date, same arrêt gating, same motif).
   */
  async rerouteDecisions(tx: EntityManager, campaignId: string): Promise<number> {
    const c = await this.repo.campaignDsChannel(tx, campaignId);
    if (!c) return 0;
    const wanted = c.ds_channel_enabled && this.ds.ready ? 'ds' : 'email';
    const moved = await this.repo.cancelDecisionsOffChannel(
      tx,
      campaignId,
      wanted,
      wanted === 'ds'
        ? 'Renvoi vers Démarches Simplifiées activé : DS annonce la décision.'
        : 'Renvoi vers Démarches Simplifiées désactivé : la décision part par courriel.',
    );
    for (const m of moved) await this.planDecision(tx, m.dossier_id, typeof m.variables?.motif === 'string' ? m.variables.motif : null);
    return moved.length;
  }

  /** A campaign date moved: every planned row that follows it takes the new date. */
  async replanCalendar(tx: EntityManager, campaignId: string): Promise<number> {
    const c = await this.repo.campaignCalendar(tx, campaignId);
    if (!c) return 0;
    const cal = this.calendarOf(c);
    const groups = await this.repo.plannedCalendarGroups(tx, campaignId);
    let n = 0;
    for (const g of groups) {
      if (!(g.calendar_field in CALENDAR_COLUMNS)) continue;
      const at = calendarInstant({ offsetDays: g.calendar_offset_days, time: g.calendar_time }, cal[g.calendar_field]);
      n += await this.repo.reschedulePlannedGroup(tx, campaignId, g, at);
    }
    return n;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Scans

  /** Avis reminders: the current window (if not reminded in it yet) and the next one, for every open avis. */
  async planAvisReminders(now: Date): Promise<number> {
    const avis = await this.repo.openAvisWithDueDate();
    // What is already there (one read): the scan writes only when a window opens or closes, not every minute.
    const existing = avis.length ? await this.repo.avisReminders(avis.map((a) => a.id)) : [];
    const byAvis = new Map<string, typeof existing>();
    for (const r of existing) byAvis.set(r.avis_id, [...(byAvis.get(r.avis_id) ?? []), r]);
    const stale: string[] = [];
    const toPlan: PlannedRow[] = [];
    for (const a of avis) {
      const windows = avisRemindersToPlan({ dueAt: a.due_at, assignedAt: a.created_at, remindedAt: a.reminded_at, now });
      const rows = byAvis.get(a.id) ?? [];
      const wanted = new Map(
        windows.map((w) => {
          const keyParts = [a.id, a.due_at.toISOString().slice(0, 10), w.key];
          return [notificationKey('relance_avis', keyParts, a.email), { w, keyParts }] as const;
        }),
      );
      // Windows already over (a stopped worker, a moved due date) are not sent late: the current one replaces them.
      for (const r of rows) if (r.status === 'planned' && !wanted.has(r.idempotency_key)) stale.push(r.id);
      const have = new Set(rows.map((r) => r.idempotency_key));
      for (const [key, { w, keyParts }] of wanted) {
        if (have.has(key)) continue;
        toPlan.push({
          template: 'relance_avis',
          keyParts,
          recipient: a.email,
          recipientName: a.full_name,
          recipientUserId: a.reviewer_id,
          campaignId: a.campaign_id,
          dossierId: a.dossier_id,
          avisId: a.id,
          phase: a.phase,
          variables: { window: w.key, overdue: w.overdue },
          scheduledFor: w.start.getTime() < now.getTime() ? now : w.start,
        });
      }
    }
    if (!stale.length && !toPlan.length) return 0;
    let planned = 0;
    await this.db.transaction(async (tx) => {
      if (stale.length) {
        await this.repo.cancelStaleReminders(tx, stale);
      }
      for (const r of toPlan) if (await this.plan(tx, r)) planned++;
    });
    return planned;
  }

  /** Monday 08:00 Paris: one digest per active instructeur and ISO week. */
  async planWeeklyDigest(now: Date): Promise<number> {
    const week = parisIsoWeek(now);
    const users = await this.repo.activeInstructeurs();
    let n = 0;
    await this.db.transaction(async (tx) => {
      for (const u of users) {
        const id = await this.plan(tx, {
          template: 'recapitulatif_hebdomadaire',
          keyParts: [week],
          recipient: u.email,
          recipientName: u.full_name,
          recipientUserId: u.id,
          variables: { week },
          scheduledFor: now,
        });
        if (id) n++;
      }
    });
    return n;
  }
}
