import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { idsFilter, ListQuery, ListSpec } from '../common/list-query';
import { AppError } from '../common/app-error';

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

const ROW_SQL = `SELECT e.id, e.at, e.type, e.outcome, e.actor_id, e.actor_email, e.target_user_id, e.target_email, e.ip,
  e.user_agent, e.request_id, e.resource, e.data FROM audit_event e`;

function toDto(r: Record<string, unknown>) {
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
  ) {}

  /**
   * Writes one event. Inside a transaction when `manager` is given (the event then stands or falls with the change);
   * otherwise on its own, and a failure is logged, never thrown: an unwritable audit row must not turn a refused login
   * into a 500.
   */
  async record(ctx: AuditContext, e: AuditInput, manager?: EntityManager): Promise<void> {
    const params = [
      e.type,
      e.outcome ?? 'success',
      e.actor?.id ?? null,
      e.actor?.email ?? null,
      e.target?.id ?? null,
      e.target?.email ?? null,
      ctx.ip ?? null,
      ctx.userAgent ?? null,
      ctx.requestId ?? null,
      e.resource ?? null,
      JSON.stringify(e.data ?? {}),
    ];
    const sql = `INSERT INTO audit_event (type, outcome, actor_id, actor_email, target_user_id, target_email, ip, user_agent,
      request_id, resource, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11::jsonb)`;
    if (manager) {
      await manager.query(sql, params);
      return;
    }
    try {
      await this.db.query(sql, params);
    } catch (err) {
      this.logger.error(`Événement d’audit non enregistré (${e.type}) : ${(err as Error).message}`);
    }
  }

  private where(filter: Record<string, unknown>): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    const add = (cond: (n: string) => string, value: unknown) => {
      params.push(value);
      parts.push(cond(`$${params.length}`));
    };
    const ids = idsFilter(filter);
    if (ids) add((p) => `e.id::text = ANY(${p}::text[])`, ids.map(String));
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
      add((p) => `e.type = ANY(${p}::text[])`, type);
    } else if (str('type') !== undefined) {
      if (!(AUDIT_TYPES as readonly unknown[]).includes(type)) throw AppError.validation({ filter: 'Type d’événement inconnu.' });
      add((p) => `e.type = ${p}`, type);
    }
    const outcome = str('outcome');
    if (outcome !== undefined) {
      if (outcome !== 'success' && outcome !== 'failure') throw AppError.validation({ filter: 'Résultat : success ou failure.' });
      add((p) => `e.outcome = ${p}`, outcome);
    }
    const actorId = uuid('actorId');
    if (actorId) add((p) => `e.actor_id = ${p}::uuid`, actorId);
    const targetUserId = uuid('targetUserId');
    if (targetUserId) add((p) => `e.target_user_id = ${p}::uuid`, targetUserId);
    const userId = uuid('userId');
    if (userId) add((p) => `(e.actor_id = ${p}::uuid OR e.target_user_id = ${p}::uuid)`, userId);
    const ip = str('ip');
    if (ip) add((p) => `e.ip = ${p}`, ip);
    const q = str('q');
    if (q?.trim()) {
      const like = `%${q.trim().replace(/[%_\\]/g, '\\$&')}%`;
      add((p) => `(e.actor_email ILIKE ${p} OR e.target_email ILIKE ${p} OR e.resource ILIKE ${p})`, like);
    }
    const since = date('since');
    if (since) add((p) => `e.at >= ${p}::timestamptz`, since);
    const until = date('until');
    if (until) add((p) => `e.at <= ${p}::timestamptz`, until);
    return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
  }

  async list(q: ListQuery): Promise<{ rows: AuditEventDto[]; total: number }> {
    const w = this.where(q.filter);
    const n = w.params.length;
    const rows: Record<string, unknown>[] = await this.db.query(
      `${ROW_SQL}${w.sql} ORDER BY ${q.sortSql} ${q.sort.order}, e.id DESC OFFSET $${n + 1} LIMIT $${n + 2}`,
      [...w.params, q.offset, q.limit],
    );
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_event e${w.sql}`, w.params);
    return { rows: rows.map(toDto), total };
  }

  /** At most `max` rows of the filter, newest first (the CSV export). */
  async all(filter: Record<string, unknown>, max: number): Promise<AuditEventDto[]> {
    const w = this.where(filter);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_event e${w.sql}`, w.params);
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
    const rows: Record<string, unknown>[] = await this.db.query(`${ROW_SQL}${w.sql} ORDER BY e.at DESC, e.id DESC`, w.params);
    return rows.map(toDto);
  }

  async get(id: string): Promise<AuditEventDto> {
    if (!/^\d{1,18}$/.test(id)) throw AppError.notFound('Événement introuvable.');
    const rows: Record<string, unknown>[] = await this.db.query(`${ROW_SQL} WHERE e.id = $1`, [id]);
    if (!rows.length) throw AppError.notFound('Événement introuvable.');
    return toDto(rows[0]);
  }

  /** Deletes the events older than the retention (AUDIT_RETENTION_DAYS); the purge itself is recorded. */
  async purge(days = this.config.auditRetentionDays): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT set_config('ptce.audit_purge_days', $1, true)`, [String(days)]);
      const res = await m.query(`DELETE FROM audit_event WHERE at < now() - make_interval(days => $1::int)`, [days]);
      const deleted = Array.isArray(res) ? Number(res[1] ?? 0) : 0;
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
