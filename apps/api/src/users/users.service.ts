import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { REGIONAL_ROLES, Role } from '@ptce/domain';
import { AppError } from '../common/app-error';
import { idsFilter, ListQuery, ListSpec } from '../common/list-query';
import { hashPassword } from '../auth/password';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { toUserDto, UserEntity } from './user.entity';

export const USER_LIST_SPEC: ListSpec = {
  sortable: {
    fullName: 'u.full_name',
    email: 'u.email',
    organisationSiret: 'u.organisation_siret',
    createdAt: 'u.created_at',
    active: 'u.active',
    id: 'u.id',
  },
  filters: ['q', 'role', 'region', 'active'],
  defaultSort: { field: 'fullName', order: 'ASC' },
};

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async list(q: ListQuery) {
    const qb = this.users.createQueryBuilder('u');
    const ids = idsFilter(q.filter);
    if (ids) qb.andWhere('u.id::text IN (:...ids)', { ids: ids.length ? ids : [''] });
    const { q: text, role, region, active } = q.filter as Record<string, unknown>;
    if (typeof text === 'string' && text.trim()) {
      qb.andWhere('(u.full_name ILIKE :t OR u.email ILIKE :t)', { t: `%${text.trim().replace(/[%_\\]/g, '\\$&')}%` });
    }
    if (typeof role === 'string') qb.andWhere(':role = ANY(u.roles)', { role });
    if (typeof region === 'string') qb.andWhere(':region = ANY(u.regions)', { region });
    if (typeof active === 'boolean') qb.andWhere('u.active = :active', { active });
    qb.orderBy(q.sortSql, q.sort.order).addOrderBy('u.id', 'ASC').offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows: rows.map(toUserDto), total };
  }

  async get(id: string) {
    const u = await this.users.findOne({ where: { id } });
    if (!u) throw AppError.notFound('Utilisateur introuvable.');
    return toUserDto(u);
  }

  async create(dto: CreateUserDto) {
    const roles = unique(dto.roles) as Role[];
    const regions = unique(dto.regions ?? []);
    checkRolesRegions(roles, regions);
    await this.assertEmailFree(dto.email);
    const entity = this.users.create({
      email: dto.email,
      fullName: dto.fullName,
      passwordHash: await hashPassword(dto.password),
      roles,
      regions,
      organisationSiret: dto.organisationSiret ?? null,
      active: dto.active ?? true,
    });
    const saved = await this.users.save(entity).catch(mapUniqueViolation);
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdateUserDto) {
    const existing = await this.users.findOne({ where: { id } });
    if (!existing) throw AppError.notFound('Utilisateur introuvable.');
    const roles = dto.roles ? (unique(dto.roles) as Role[]) : existing.roles;
    const regions = dto.regions ? unique(dto.regions) : existing.regions;
    checkRolesRegions(roles, regions);
    if (dto.email && dto.email.toLowerCase() !== existing.email.toLowerCase()) await this.assertEmailFree(dto.email, id);
    const patch: Partial<UserEntity> = { roles, regions };
    if (dto.email !== undefined) patch.email = dto.email;
    if (dto.fullName !== undefined) patch.fullName = dto.fullName;
    if (dto.organisationSiret !== undefined) patch.organisationSiret = dto.organisationSiret ?? null;
    if (dto.active !== undefined) patch.active = dto.active;
    if (dto.password) patch.passwordHash = await hashPassword(dto.password);
    await this.users.update({ id }, patch).catch(mapUniqueViolation);
    return this.get(id);
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

function checkRolesRegions(roles: Role[], regions: string[]): void {
  if (!roles.length) throw AppError.validation({ roles: 'Choisissez au moins un rôle.' });
  if (roles.some((r) => (REGIONAL_ROLES as readonly string[]).includes(r)) && !regions.length) {
    throw AppError.validation({ regions: 'Un correspondant ESS ou une CRESS doit être rattaché à au moins une région.' });
  }
}

function emailTaken(): AppError {
  return AppError.conflict('EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse électronique.', { email: 'Adresse déjà utilisée.' });
}

function mapUniqueViolation(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw emailTaken();
  throw err;
}
