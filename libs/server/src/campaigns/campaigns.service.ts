import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CALENDAR_FIELDS, validateCalendar } from '@ptce/domain';
import { AppError } from '../common/app-error';
import { idsFilter, ListQuery, ListSpec } from '../common/list-query';
import { CampaignDto } from './campaigns.dto';
import { CampaignEntity, toCampaignDto } from './campaign.entity';
import { CampaignsRepository } from './campaigns.repository';

export const CAMPAIGN_LIST_SPEC: ListSpec = {
  sortable: { name: 'c.name', publishedAt: 'c.published_at', createdAt: 'c.created_at', id: 'c.id' },
  filters: ['q'],
  defaultSort: { field: 'publishedAt', order: 'DESC' },
};

@Injectable()
export class CampaignsService {
  constructor(
    @InjectRepository(CampaignEntity) private readonly campaigns: Repository<CampaignEntity>,
    private readonly repo: CampaignsRepository,
  ) {}

  async list(q: ListQuery) {
    const qb = this.campaigns.createQueryBuilder('c');
    const ids = idsFilter(q.filter);
    if (ids) qb.andWhere('c.id::text IN (:...ids)', { ids: ids.length ? ids : [''] });
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) qb.andWhere('c.name ILIKE :t', { t: `%${q.filter.q.trim()}%` });
    qb.orderBy(q.sortSql, q.sort.order).addOrderBy('c.id').offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows: rows.map(toCampaignDto), total };
  }

  async getEntity(id: string): Promise<CampaignEntity> {
    const c = await this.campaigns.findOne({ where: { id } });
    if (!c) throw AppError.notFound('Campagne introuvable.');
    return c;
  }

  async get(id: string) {
    return toCampaignDto(await this.getEntity(id));
  }

  async create(dto: CampaignDto) {
    checkCalendar(dto);
    const saved = await this.campaigns.save(this.campaigns.create(fromDto(dto)));
    return this.get(saved.id);
  }

  async update(id: string, dto: CampaignDto) {
    checkCalendar(dto);
    return this.campaigns.manager.transaction(async (tx) => {
      const repo = tx.getRepository(CampaignEntity);
      const current = await repo.createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
      if (!current) throw AppError.notFound('Campagne introuvable.');
      if (dto.version !== undefined && dto.version !== current.version) {
        throw AppError.conflict('VERSION_CONFLICT', 'La campagne a été modifiée entre-temps : rechargez la page avant d’enregistrer.', {
          currentVersion: current.version,
        });
      }
      const patch = fromDto(dto);
      await repo.save({ ...current, ...patch });
      // A date that moves re-plans the e-mails that follow it: the notifications relay reads this event.
      const moved = CALENDAR_FIELDS.filter(
        (f) => (current[f]?.getTime() ?? null) !== ((patch[f] as Date | null | undefined)?.getTime() ?? null),
      );
      if (moved.length) await this.repo.publishCalendarChanged(tx, id, moved);
      // The DS channel switched: the planned rows of the DS dossiers change channel (e-mail ↔ DS), read by the relay.
      if (patch.dsChannelEnabled !== undefined && patch.dsChannelEnabled !== current.dsChannelEnabled) {
        await this.repo.publishDsChannelChanged(tx, id, patch.dsChannelEnabled);
      }
      // A deadline that moves changes which deposits are late: the flag follows the calendar.
      await this.repo.recomputeLateDeposits(tx, id);
      return toCampaignDto(await repo.findOneOrFail({ where: { id } }));
    });
  }
}

function checkCalendar(dto: CampaignDto): void {
  const issues = validateCalendar({ ...dto.calendar, phase2AnnouncementAt: dto.calendar.phase2AnnouncementAt ?? null });
  if (issues.length) {
    const details: Record<string, string> = {};
    for (const i of issues) details[`calendar.${i.field}`] ??= i.message;
    throw AppError.validation(details, 'Le calendrier est incohérent : corrigez les dates signalées.');
  }
}

function fromDto(dto: CampaignDto): Partial<CampaignEntity> {
  const c = dto.calendar;
  const patch: Partial<CampaignEntity> = {
    name: dto.name.trim(),
    timezone: dto.timezone ?? 'Europe/Paris',
    publishedAt: new Date(c.publishedAt),
    phase1DepositDeadline: new Date(c.phase1DepositDeadline),
    phase1AnnouncementAt: new Date(c.phase1AnnouncementAt),
    phase2InvitationAt: new Date(c.phase2InvitationAt),
    phase2DepositDeadline: new Date(c.phase2DepositDeadline),
    phase2AnnouncementAt: c.phase2AnnouncementAt ? new Date(c.phase2AnnouncementAt) : null,
  };
  if (dto.envelopeCents !== undefined) patch.envelopeCents = dto.envelopeCents;
  if (dto.dsDemarches) {
    if (dto.dsDemarches.phase1 !== undefined) patch.dsDemarchePhase1 = dto.dsDemarches.phase1 ?? null;
    if (dto.dsDemarches.phase2 !== undefined) patch.dsDemarchePhase2 = dto.dsDemarches.phase2 ?? null;
  }
  if (dto.requiredAvisRoles) patch.requiredAvisRoles = dto.requiredAvisRoles;
  if (dto.compagnonsPerDossier !== undefined) patch.compagnonsPerDossier = dto.compagnonsPerDossier;
  if (dto.avisDelayDays !== undefined) patch.avisDelayDays = dto.avisDelayDays;
  if (dto.complementsDelayDays !== undefined) patch.complementsDelayDays = dto.complementsDelayDays;
  if (dto.dsDepositAcknowledgement !== undefined) patch.dsDepositAcknowledgement = dto.dsDepositAcknowledgement;
  if (dto.dsChannelEnabled !== undefined) patch.dsChannelEnabled = dto.dsChannelEnabled;
  return patch;
}
