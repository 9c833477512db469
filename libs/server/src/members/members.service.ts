import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MEMBER_KINDS, memberKindCounts, validateMembers } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { DossiersService, primaryRole, versionConflict } from '../dossiers/dossiers.service';
import { JournalService } from '../dossiers/journal.service';
import { MembersUpdateDto } from './members.dto';
import { MembersRepository } from './members.repository';

export interface MemberRow {
  name: string;
  siret: string | null;
  kind: string;
  kindLabel: string;
  source: 'manuel' | 'ds' | 'fichier';
}

const KIND_LABEL = new Map<string, string>(MEMBER_KINDS.map((k) => [k.code, k.label]));

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly journal: JournalService,
    private readonly repo: MembersRepository,
  ) {}

  private async view(tx: EntityManager, dossierId: string, version: number) {
    const rows = await this.repo.findByDossier(tx, dossierId);
    const members: MemberRow[] = rows.map((r) => ({ ...r, kindLabel: KIND_LABEL.get(r.kind) ?? r.kind }));
    return { dossierId, version, members, counts: memberKindCounts(members), kinds: MEMBER_KINDS.map((k) => ({ ...k })) };
  }

  async get(user: AuthUser, id: string) {
    const d = await this.dossiers.findScoped(this.db.manager, user, id);
    return this.view(this.db.manager, d.id, d.version);
  }

  async update(user: AuthUser, id: string, dto: MembersUpdateDto, requestId: string | null) {
    const { members, errors } = validateMembers(dto.members);
    if (Object.keys(errors).length > 0) throw AppError.validation(errors, 'La liste des membres est invalide.');
    return this.db.transaction(async (tx) => {
      const d = await this.dossiers.findScoped(tx, user, id, true);
      if (dto.expectedVersion !== d.version) throw versionConflict(d.version);
      await this.repo.replace(tx, d.id, members, 'manuel');
      const version = d.version + 1;
      await this.repo.setDossierVersion(tx, d.id, version);
      await this.journal.append(tx, {
        dossierId: d.id,
        actorId: user.id,
        actorRole: primaryRole(user),
        action: 'modifier_membres',
        fromState: d.state,
        toState: d.state,
        data: { count: members.length, counts: memberKindCounts(members) },
        requestId,
        version,
      });
      return this.view(tx, d.id, version);
    });
  }
}
