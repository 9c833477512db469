import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DossierMember } from '@ptce/domain';

export type MemberSource = 'manuel' | 'ds' | 'fichier';

export interface MemberRecord {
  name: string;
  siret: string | null;
  kind: string;
  source: MemberSource;
}

/** The SQL of a dossier's member list (`dossier_member`) and of the SIRETs it mirrors in `dossier.member_sirets`. */
@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The member rows of a dossier, in order. */
  findByDossier(m: EntityManager, dossierId: string): Promise<MemberRecord[]> {
    return m.query(`SELECT name, siret, kind, source FROM dossier_member WHERE dossier_id = $1 ORDER BY position`, [dossierId]);
  }

  /**
   * Replaces the member list of a dossier and keeps `dossier.member_sirets` (what the conflict-of-interest detection
   * reads) in step: the SIRETs of the previous list leave it, those of the new list join it, SIRETs entered otherwise
   * stay.
   */
  async replace(m: EntityManager, dossierId: string, members: readonly DossierMember[], source: MemberSource): Promise<void> {
    const old: { siret: string }[] = await m.query(`SELECT siret FROM dossier_member WHERE dossier_id = $1 AND siret IS NOT NULL`, [
      dossierId,
    ]);
    await m.query(`DELETE FROM dossier_member WHERE dossier_id = $1`, [dossierId]);
    if (members.length > 0) {
      await m.query(
        `INSERT INTO dossier_member (dossier_id, position, name, siret, kind, source)
       SELECT $1, t.pos, t.name, t.siret, t.kind, $5
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(name, siret, kind, pos)`,
        [dossierId, members.map((x) => x.name), members.map((x) => x.siret), members.map((x) => x.kind), source],
      );
    }
    await m.query(
      `UPDATE dossier
        SET member_sirets = ARRAY(
              SELECT DISTINCT s FROM unnest(member_sirets || $2::text[]) AS s
               WHERE s = ANY($2::text[]) OR NOT (s = ANY($3::text[]))
              ORDER BY s)
      WHERE id = $1`,
      [dossierId, members.map((x) => x.siret).filter((s): s is string => !!s), old.map((o) => o.siret)],
    );
  }

  /**
   * The member lists of new dossiers, in one statement (an import's page): no previous list to replace, and the
   * dossiers' `member_sirets` were written with the rows.
   */
  async insertForNewDossiers(
    m: EntityManager,
    lists: readonly { dossierId: string; members: readonly DossierMember[] }[],
    source: MemberSource,
  ): Promise<void> {
    const rows = lists.flatMap(({ dossierId, members }) =>
      members.map((x, i) => ({ dossier_id: dossierId, position: i + 1, name: x.name, siret: x.siret, kind: x.kind })),
    );
    if (!rows.length) return;
    await m.query(
      `INSERT INTO dossier_member (dossier_id, position, name, siret, kind, source)
       SELECT x.dossier_id, x.position, x.name, x.siret, x.kind, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(dossier_id uuid, position int, name text, siret text, kind text)`,
      [JSON.stringify(rows), source],
    );
  }

  /** The dossier's new version after its member list changed (the row is locked by the caller). */
  async setDossierVersion(m: EntityManager, dossierId: string, version: number): Promise<void> {
    await m.query(`UPDATE dossier SET version = $2, updated_at = now() WHERE id = $1`, [dossierId, version]);
  }
}
