import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One `audit_event` row as read (snake_case columns). */
export interface AuditEventRow {
  id: string;
  at: Date;
  type: string;
  outcome: string;
  actor_id: string | null;
  actor_email: string | null;
  target_user_id: string | null;
  target_email: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  resource: string | null;
  data: Record<string, unknown>;
}

export interface AuditEventValues {
  type: string;
  outcome: 'success' | 'failure';
  actorId: string | null;
  actorEmail: string | null;
  targetUserId: string | null;
  targetEmail: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  resource: string | null;
  data: Record<string, unknown>;
}

/** Typed, already validated filters of the audit log. */
export interface AuditFilter {
  ids?: string[];
  /** Several types (an array in the query) or one. */
  types?: string[];
  type?: string;
  outcome?: string;
  actorId?: string;
  targetUserId?: string;
  /** Actor or target. */
  userId?: string;
  ip?: string;
  /** A LIKE pattern, already escaped and wrapped in %. */
  like?: string;
  since?: string;
  until?: string;
}

const ROW_SQL = `SELECT e.id, e.at, e.type, e.outcome, e.actor_id, e.actor_email, e.target_user_id, e.target_email, e.ip,
  e.user_agent, e.request_id, e.resource, e.data FROM audit_event e`;

function where(f: AuditFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (n: string) => string, value: unknown) => {
    params.push(value);
    parts.push(cond(`$${params.length}`));
  };
  if (f.ids) add((p) => `e.id::text = ANY(${p}::text[])`, f.ids);
  if (f.types) add((p) => `e.type = ANY(${p}::text[])`, f.types);
  else if (f.type !== undefined) add((p) => `e.type = ${p}`, f.type);
  if (f.outcome !== undefined) add((p) => `e.outcome = ${p}`, f.outcome);
  if (f.actorId) add((p) => `e.actor_id = ${p}::uuid`, f.actorId);
  if (f.targetUserId) add((p) => `e.target_user_id = ${p}::uuid`, f.targetUserId);
  if (f.userId) add((p) => `(e.actor_id = ${p}::uuid OR e.target_user_id = ${p}::uuid)`, f.userId);
  if (f.ip) add((p) => `e.ip = ${p}`, f.ip);
  if (f.like) add((p) => `(e.actor_email ILIKE ${p} OR e.target_email ILIKE ${p} OR e.resource ILIKE ${p})`, f.like);
  if (f.since) add((p) => `e.at >= ${p}::timestamptz`, f.since);
  if (f.until) add((p) => `e.at <= ${p}::timestamptz`, f.until);
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

/** The SQL of the append-only audit log (`audit_event`). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends one event, in the caller's transaction when `m` is given. */
  async insertEvent(m: EntityManager | undefined, v: AuditEventValues): Promise<void> {
    await (m ?? this.db.manager).query(
      `INSERT INTO audit_event (type, outcome, actor_id, actor_email, target_user_id, target_email, ip, user_agent,
      request_id, resource, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11::jsonb)`,
      [
        v.type,
        v.outcome,
        v.actorId,
        v.actorEmail,
        v.targetUserId,
        v.targetEmail,
        v.ip,
        v.userAgent,
        v.requestId,
        v.resource,
        JSON.stringify(v.data),
      ],
    );
  }

  /** One page; `orderBy` comes from the list spec's whitelist. */
  async findPage(f: AuditFilter, orderBy: string, order: 'ASC' | 'DESC', offset: number, limit: number): Promise<AuditEventRow[]> {
    const w = where(f);
    const n = w.params.length;
    return this.db.query(`${ROW_SQL}${w.sql} ORDER BY ${orderBy} ${order}, e.id DESC OFFSET $${n + 1} LIMIT $${n + 2}`, [
      ...w.params,
      offset,
      limit,
    ]);
  }

  async count(f: AuditFilter): Promise<number> {
    const w = where(f);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_event e${w.sql}`, w.params);
    return total;
  }

  /** Every event of the filter, newest first. */
  async findAll(f: AuditFilter): Promise<AuditEventRow[]> {
    const w = where(f);
    return this.db.query(`${ROW_SQL}${w.sql} ORDER BY e.at DESC, e.id DESC`, w.params);
  }

  async findOne(id: string): Promise<AuditEventRow | undefined> {
    const rows: AuditEventRow[] = await this.db.query(`${ROW_SQL} WHERE e.id = $1`, [id]);
    return rows[0];
  }

  /** Deletes the events older than `days`; returns how many. The setting is what the append-only trigger lets through. */
  async deleteOlderThan(m: EntityManager, days: number): Promise<number> {
    await m.query(`SELECT set_config('ptce.audit_purge_days', $1, true)`, [String(days)]);
    const res = await m.query(`DELETE FROM audit_event WHERE at < now() - make_interval(days => $1::int)`, [days]);
    return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
  }
}
