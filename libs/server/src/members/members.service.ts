import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MEMBER_KINDS, memberKindCounts, validateMembers, type DossierMember } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { DossiersService, primaryRole, versionConflict } from '../dossiers/dossiers.service';
import { JournalService } from '../dossiers/journal.service';
import { MembersUpdateDto } from './members.dto';

export interface MemberRow {
  name: string;
  siret: string | null;
  kind: string;
  kindLabel: string;
  source: 'manuel' | 'ds' | 'fichier';
}

const KIND_LABEL = new Map<string, string>(MEMBER_KINDS.map((k) => [k.code, k.label]));

/** The member rows of a dossier, in order. */
export async function loadMembers(tx: EntityManager, dossierId: string): Promise<MemberRow[]> {
  const rows: { name: string; siret: string | null; kind: string; source: MemberRow['source'] }[] = await tx.query(
    `SELECT name, siret, kind, source FROM dossier_member WHERE dossier_id = $1 ORDER BY position`,
    [dossierId],
  );
  return rows.map((r) => ({ ...r, kindLabel: KIND_LABEL.get(r.kind) ?? r.kind }));
}

/**
 * Replaces the member list of a dossier and keeps `dossier.member_sirets` (what the conflict-of-interest detection
 * reads) in step: the SIRETs of the previous list leave it, those of the new list join it, SIRETs entered otherwise
 * stay. Used by the instructeur's PUT and by the DS import.
 */
export async function replaceMembers(
  tx: EntityManager,
  dossierId: string,
  members: readonly DossierMember[],
  source: MemberRow['source'],
): Promise<void> {
  const old: { siret: string }[] = await tx.query(`SELECT siret FROM dossier_member WHERE dossier_id = $1 AND siret IS NOT NULL`, [
    dossierId,
  ]);
  await tx.query(`DELETE FROM dossier_member WHERE dossier_id = $1`, [dossierId]);
  if (members.length > 0) {
    await tx.query(
      `INSERT INTO dossier_member (dossier_id, position, name, siret, kind, source)
       SELECT $1, t.pos, t.name, t.siret, t.kind, $5
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(name, siret, kind, pos)`,
      [dossierId, members.map((m) => m.name), members.map((m) => m.siret), members.map((m) => m.kind), source],
    );
  }
  await tx.query(
    `UPDATE dossier
        SET member_sirets = ARRAY(
              SELECT DISTINCT s FROM unnest(member_sirets || $2::text[]) AS s
               WHERE s = ANY($2::text[]) OR NOT (s = ANY($3::text[]))
              ORDER BY s)
      WHERE id = $1`,
    [dossierId, members.map((m) => m.siret).filter((s): s is string => !!s), old.map((o) => o.siret)],
  );
}

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly journal: JournalService,
  ) {}

  private async view(tx: EntityManager, dossierId: string, version: number) {
    const members = await loadMembers(tx, dossierId);
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
      await replaceMembers(tx, d.id, members, 'manuel');
      const version = d.version + 1;
      await tx.query(`UPDATE dossier SET version = $2, updated_at = now() WHERE id = $1`, [d.id, version]);
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
