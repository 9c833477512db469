import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { REGIONAL_ROLES, Role } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { filterBoolean, idsFilter, ListQuery, ListSpec } from '../common/list-query';
import { hashPassword } from '../auth/password';
import { passwordProblem } from '../auth/password-policy';
import { AuthService } from '../auth/auth.service';
import { AccountLinksService } from '../auth/account-links.service';
import { AuditContext, AuditService } from '../audit/audit.service';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { toUserDto, UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export const USER_LIST_SPEC: ListSpec = {
  sortable: {
    fullName: 'u.full_name',
    email: 'u.email',
    organisationSiret: 'u.organisation_siret',
    createdAt: 'u.created_at',
    lastLoginAt: 'u.last_login_at',
    active: 'u.active',
    id: 'u.id',
  },
  // regionMissing: the dashboard's « utilisateurs sans région » links here.
  filters: ['q', 'role', 'region', 'active', 'regionMissing'],
  defaultSort: { field: 'fullName', order: 'ASC' },
};

type Actor = Pick<AuthUser, 'id' | 'email'>;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly links: AccountLinksService,
    private readonly audit: AuditService,
    private readonly repo: UsersRepository,
  ) {}

  async list(q: ListQuery) {
    const qb = this.users.createQueryBuilder('u');
    const ids = idsFilter(q.filter);
    if (ids) qb.andWhere('u.id::text IN (:...ids)', { ids: ids.length ? ids : [''] });
    const { q: text, role, region, active, regionMissing } = q.filter as Record<string, unknown>;
    if (typeof text === 'string' && text.trim()) {
      qb.andWhere('(u.full_name ILIKE :t OR u.email ILIKE :t)', { t: `%${text.trim().replace(/[%_\\]/g, '\\$&')}%` });
    }
    if (typeof role === 'string') qb.andWhere(':role = ANY(u.roles)', { role });
    if (typeof region === 'string') qb.andWhere(':region = ANY(u.regions)', { region });
    if (typeof active === 'boolean') qb.andWhere('u.active = :active', { active });
    if (regionMissing !== undefined) {
      // The same accounts as the dashboard's figure: active, a regional role (CRESS, correspondant ESS), no region.
      const missing = `(u.active AND u.roles && :regionalRoles::text[] AND coalesce(array_length(u.regions, 1), 0) = 0)`;
      qb.andWhere(filterBoolean('regionMissing', regionMissing) ? missing : `NOT ${missing}`, { regionalRoles: [...REGIONAL_ROLES] });
    }
    qb.orderBy(q.sortSql, q.sort.order).addOrderBy('u.id', 'ASC').offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows: rows.map(toUserDto), total };
  }

  async get(id: string) {
    const u = await this.users.findOne({ where: { id } });
    if (!u) throw AppError.notFound('Utilisateur introuvable.');
    return toUserDto(u);
  }

  /** With a password (checked against the policy), or without: the user is then invited by e-mail to choose one. */
  async create(dto: CreateUserDto, actor: Actor, ctx: AuditContext = {}) {
    const roles = unique(dto.roles) as Role[];
    const regions = unique(dto.regions ?? []);
    checkRolesRegions(roles, regions);
    if (dto.password !== undefined) {
      const problem = passwordProblem(dto.password, dto);
      if (problem) throw AppError.validation({ password: problem }, problem);
    }
    await this.assertEmailFree(dto.email);
    const entity = this.users.create({
      email: dto.email,
      fullName: dto.fullName,
      // Without a password: a random one nobody knows, and password_set = false refuses it anyway.
      passwordHash: await hashPassword(dto.password ?? randomBytes(32).toString('base64url')),
      passwordSet: dto.password !== undefined,
      passwordChangedAt: dto.password !== undefined ? new Date() : null,
      roles,
      regions,
      organisationSiret: dto.organisationSiret ?? null,
      active: dto.active ?? true,
    });
    const saved = await this.users.save(entity).catch(mapUniqueViolation);
    await this.audit.record(ctx, {
      type: 'user.created',
      actor,
      target: { id: saved.id, email: saved.email },
      data: { roles, regions, invited: dto.password === undefined },
    });
    if (dto.password === undefined && saved.active) await this.links.invite(saved.id, actor, ctx);
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor, ctx: AuditContext = {}) {
    const existing = await this.users.findOne({ where: { id } });
    if (!existing) throw AppError.notFound('Utilisateur introuvable.');
    const roles = dto.roles ? (unique(dto.roles) as Role[]) : existing.roles;
    const regions = dto.regions ? unique(dto.regions) : existing.regions;
    checkRolesRegions(roles, regions);
    if (dto.active === false && id === actor.id)
      throw AppError.conflict(
        'CANNOT_DEACTIVATE_SELF',
        'Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre administrateur.',
      );
    if (dto.email && dto.email.toLowerCase() !== existing.email.toLowerCase()) await this.assertEmailFree(dto.email, id);
    if (dto.password) {
      const problem = passwordProblem(dto.password, { email: dto.email ?? existing.email, fullName: dto.fullName ?? existing.fullName });
      if (problem) throw AppError.validation({ password: problem }, problem);
    }
    const patch: Partial<UserEntity> = { roles, regions };
    if (dto.email !== undefined) patch.email = dto.email;
    if (dto.fullName !== undefined) patch.fullName = dto.fullName;
    if (dto.organisationSiret !== undefined) patch.organisationSiret = dto.organisationSiret ?? null;
    if (dto.active !== undefined) patch.active = dto.active;
    if (dto.password) {
      patch.passwordHash = await hashPassword(dto.password);
      patch.passwordSet = true;
      patch.passwordChangedAt = new Date();
    }
    const losesAdmin = existing.roles.includes('admin') && existing.active && (!roles.includes('admin') || dto.active === false);
    const deactivated = existing.active && dto.active === false;
    await this.db
      .transaction(async (m) => {
        if (losesAdmin) await this.assertAnotherAdmin(m, id);
        await m.getRepository(UserEntity).update({ id }, patch);
        const target = { id, email: patch.email ?? existing.email };
        if (!sameSet(existing.roles, roles))
          await this.audit.record(ctx, { type: 'user.roles_changed', actor, target, data: { before: existing.roles, after: roles } }, m);
        if (!sameSet(existing.regions, regions))
          await this.audit.record(
            ctx,
            { type: 'user.regions_changed', actor, target, data: { before: existing.regions, after: regions } },
            m,
          );
        if (deactivated) await this.audit.record(ctx, { type: 'user.deactivated', actor, target }, m);
        if (!existing.active && dto.active === true) await this.audit.record(ctx, { type: 'user.reactivated', actor, target }, m);
        if (dto.password) await this.audit.record(ctx, { type: 'auth.password_changed', actor, target, data: { by: 'admin' } }, m);
        if (deactivated || dto.password) await this.auth.revokeAll(id, deactivated ? 'deactivation' : 'password_change', actor, ctx, m);
      })
      .catch(mapUniqueViolation);
    this.auth.evict(id);
    return this.get(id);
  }

  /** "Déconnecter partout": every token and session of this user is revoked. */
  async revokeSessions(id: string, actor: Actor, ctx: AuditContext) {
    await this.auth.revokeAll(id, 'admin', actor, ctx);
    return this.get(id);
  }

  async invite(id: string, actor: Actor, ctx: AuditContext) {
    return this.links.invite(id, actor, ctx);
  }

  /** Locks the active admins (so that two admins removing each other cannot both succeed) and checks another one remains. */
  private async assertAnotherAdmin(m: EntityManager, leavingId: string): Promise<void> {
    const rows = await this.repo.lockActiveAdmins(m);
    if (!rows.some((r) => r.id !== leavingId))
      throw AppError.conflict(
        'LAST_ADMIN',
        'C’est le dernier administrateur actif : nommez-en un autre avant de retirer ce rôle ou de désactiver ce compte.',
      );
  }

  private async assertEmailFree(email: string, exceptId?: string): Promise<void> {
    const qb = this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email });
    if (exceptId) qb.andWhere('u.id <> :id', { id: exceptId });
    if (await qb.getExists()) throw emailTaken();
  }
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

function checkRolesRegions(roles: Role[], regions: string[]): void {
  if (!roles.length) throw AppError.validation({ roles: 'Choisissez au moins un rôle.' });
  if (roles.some((r) => (REGIONAL_ROLES as readonly string[]).includes(r)) && !regions.length) {
    throw AppError.validation({ regions: 'Un correspondant ESS ou une CRESS doit être rattaché à au moins une région.' });
  }
}

function emailTaken(): AppError {
  return AppError.conflict('EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse électronique.', { email: 'Adresse déjà utilisée.' });
}

/** Kept per call site: EMAIL_TAKEN (with the field's message) says more than the global filter's ALREADY_EXISTS. */
function mapUniqueViolation(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw emailTaken();
  throw err;
}
