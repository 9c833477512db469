import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { idsFilter, ListQuery, ListSpec } from '../common/list-query';
import { AppError } from '../common/app-error';
import { AuditEventRow, AuditFilter, AuditRepository } from './audit.repository';

/** Every security-relevant event the audit log records (`type` column). */
export const AUDIT_TYPES = [
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.proconnect_succeeded',
  'auth.proconnect_refused',
  'auth.logout',
  'auth.tokens_revoked',
  'auth.password_changed',
  'auth.password_reset_requested',
  'auth.password_reset_completed',
  'auth.invitation_accepted',
  'user.created',
  'user.invited',
  'user.roles_changed',
  'user.regions_changed',
  'user.deactivated',
  'user.reactivated',
  'export.personal_data',
  'attachment.downloaded',
  'audit.exported',
  'audit.purged',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export const AUDIT_TYPE_LABELS: Record<AuditType, string> = {
  'auth.login_succeeded': 'Connexion réussie',
  'auth.login_failed': 'Connexion échouée',
  'auth.login_throttled': 'Connexion freinée (trop d’échecs)',
  'auth.proconnect_succeeded': 'Connexion ProConnect réussie',
  'auth.proconnect_refused': 'Connexion ProConnect refusée',
  'auth.logout': 'Déconnexion',
  'auth.tokens_revoked': 'Sessions révoquées',
  'auth.password_changed': 'Mot de passe changé',
  'auth.password_reset_requested': 'Réinitialisation du mot de passe demandée',
  'auth.password_reset_completed': 'Mot de passe réinitialisé',
  'auth.invitation_accepted': 'Invitation acceptée',
  'user.created': 'Compte créé',
  'user.invited': 'Invitation envoyée',
  'user.roles_changed': 'Rôles modifiés',
  'user.regions_changed': 'Régions modifiées',
  'user.deactivated': 'Compte désactivé',
  'user.reactivated': 'Compte réactivé',
  'export.personal_data': 'Export de données personnelles',
  'attachment.downloaded': 'Pièce jointe téléchargée',
  'audit.exported': 'Journal d’audit exporté',
  'audit.purged': 'Journal d’audit purgé (durée de conservation)',
};

/** Who and from where: taken from the request (IP as resolved by TRUST_PROXY). */
export interface AuditContext {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export function auditContext(req: Request | undefined): AuditContext {
  if (!req) return {};
  const ua = req.headers?.['user-agent'];
  return {
    ip: req.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
    requestId: ((req as unknown as { id?: string }).id as string | undefined) ?? null,
  };
}

export interface AuditInput {
  type: AuditType;
  outcome?: 'success' | 'failure';
  actor?: { id: string; email: string } | null;
  target?: { id: string | null; email: string | null } | null;
  resource?: string | null;
  data?: Record<string, unknown>;
}

export const AUDIT_LIST_SPEC: ListSpec = {
  sortable: { at: 'e.at', type: 'e.type', actorEmail: 'e.actor_email', targetEmail: 'e.target_email', id: 'e.id' },
  filters: ['type', 'outcome', 'actorId', 'targetUserId', 'userId', 'ip', 'q', 'since', 'until'],
  defaultSort: { field: 'at', order: 'DESC' },
  maxPage: 500,
};

function toDto(r: AuditEventRow) {
  return {
    id: String(r.id),
    at: r.at,
    type: r.type,
    typeLabel: AUDIT_TYPE_LABELS[r.type as AuditType] ?? r.type,
    outcome: r.outcome,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    targetUserId: r.target_user_id,
    targetEmail: r.target_email,
    ip: r.ip,
    userAgent: r.user_agent,
    requestId: r.request_id,
    resource: r.resource,
    data: r.data,
  };
}
export type AuditEventDto = ReturnType<typeof toDto>;

/** The append-only audit log (`audit_event`; a trigger refuses UPDATE and TRUNCATE, and DELETE outside the purge). */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: AuditRepository,
  ) {}

  /**
   * Writes one event. Inside a transaction when `manager` is given (the event then stands or falls with the change);
   * otherwise on its own, and a failure is logged, never thrown: an unwritable audit row must not turn a refused login
   * into a 500.
   */
  async record(ctx: AuditContext, e: AuditInput, manager?: EntityManager): Promise<void> {
    const values = {
      type: e.type,
      outcome: e.outcome ?? 'success',
      actorId: e.actor?.id ?? null,
      actorEmail: e.actor?.email ?? null,
      targetUserId: e.target?.id ?? null,
      targetEmail: e.target?.email ?? null,
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent ?? null,
      requestId: ctx.requestId ?? null,
      resource: e.resource ?? null,
      data: e.data ?? {},
    };
    if (manager) {
      await this.repo.insertEvent(manager, values);
      return;
    }
    try {
      await this.repo.insertEvent(undefined, values);
    } catch (err) {
      this.logger.error(`Événement d’audit non enregistré (${e.type}) : ${(err as Error).message}`);
    }
  }

  /** The query's filters checked (a 400 names the bad one) and typed for the repository. */
  private where(filter: Record<string, unknown>): AuditFilter {
    const f: AuditFilter = {};
    const ids = idsFilter(filter);
    if (ids) f.ids = ids.map(String);
    const str = (k: string): string | undefined => {
      const v = filter[k];
      if (v === undefined || v === null || v === '') return undefined;
      if (typeof v !== 'string' || v.length > 200) throw AppError.validation({ filter: `Filtre « ${k} » invalide.` });
      return v;
    };
    const uuid = (k: string) => {
      const v = str(k);
      if (v !== undefined && !/^[0-9a-f-]{36}$/i.test(v)) throw AppError.validation({ filter: `Filtre « ${k} » : identifiant invalide.` });
      return v;
    };
    const date = (k: string) => {
      const v = str(k);
      if (v !== undefined && Number.isNaN(Date.parse(v))) throw AppError.validation({ filter: `Filtre « ${k} » : date invalide.` });
      return v;
    };
    const type = filter.type;
    if (Array.isArray(type)) {
      if (!type.every((t) => (AUDIT_TYPES as readonly unknown[]).includes(t)))
        throw AppError.validation({ filter: 'Type d’événement inconnu.' });
      f.types = type as string[];
    } else if (str('type') !== undefined) {
      if (!(AUDIT_TYPES as readonly unknown[]).includes(type)) throw AppError.validation({ filter: 'Type d’événement inconnu.' });
      f.type = type as string;
    }
    const outcome = str('outcome');
    if (outcome !== undefined) {
      if (outcome !== 'success' && outcome !== 'failure') throw AppError.validation({ filter: 'Résultat : success ou failure.' });
      f.outcome = outcome;
    }
    f.actorId = uuid('actorId');
    f.targetUserId = uuid('targetUserId');
    f.userId = uuid('userId');
    f.ip = str('ip');
    const q = str('q');
    // LIKE's own characters are searched for literally.
    if (q?.trim()) f.like = `%${q.trim().replace(/[%_\\]/g, '\\$&')}%`;
    f.since = date('since');
    f.until = date('until');
    return f;
  }

  async list(q: ListQuery): Promise<{ rows: AuditEventDto[]; total: number }> {
    const f = this.where(q.filter);
    const rows = await this.repo.findPage(f, q.sortSql, q.sort.order, q.offset, q.limit);
    const total = await this.repo.count(f);
    return { rows: rows.map(toDto), total };
  }

  /** At most `max` rows of the filter, newest first (the CSV export). */
  async all(filter: Record<string, unknown>, max: number): Promise<AuditEventDto[]> {
    const f = this.where(filter);
    const total = await this.repo.count(f);
    if (total > max)
      throw new AppError(
        413,
        'EXPORT_TOO_LARGE',
        `L’export dépasse ${max} événements (${total}) : restreignez les filtres (dates, type).`,
        {
          total,
          max,
        },
      );
    const rows = await this.repo.findAll(f);
    return rows.map(toDto);
  }

  async get(id: string): Promise<AuditEventDto> {
    if (!/^\d{1,18}$/.test(id)) throw AppError.notFound('Événement introuvable.');
    const row = await this.repo.findOne(id);
    if (!row) throw AppError.notFound('Événement introuvable.');
    return toDto(row);
  }

  /** Deletes the events older than the retention (AUDIT_RETENTION_DAYS); the purge itself is recorded. */
  async purge(days = this.config.auditRetentionDays): Promise<number> {
    return this.db.transaction(async (m) => {
      const deleted = await this.repo.deleteOlderThan(m, days);
      if (deleted > 0) await this.record({}, { type: 'audit.purged', data: { deleted, retentionDays: days } }, m);
      return deleted;
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.processRole !== 'api' || this.config.nodeEnv === 'test') return;
    const run = () => this.purge().catch((err) => this.logger.warn(`Purge du journal d’audit impossible : ${(err as Error).message}`));
    this.purgeTimer = setInterval(run, 6 * 3600 * 1000);
    this.purgeTimer.unref();
    setTimeout(run, 60000).unref();
  }

  onApplicationShutdown(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }
}
