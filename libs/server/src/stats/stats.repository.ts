import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Phase } from '../selection/phase';

export interface StatsCampaignRow {
  id: string;
  name: string;
  envelope_cents: string | number | null;
}

/** Dossiers by region × state × legal category × eligibility. */
export interface DossierCubeRow {
  region: string;
  state: string;
  category: string;
  eligibility: string;
  n: string;
  late: string;
  requested: string | null;
  decided: string | null;
}

/** Dossiers by the majority maturity and typology of their rendered avis. */
export interface AvisVoteRow {
  maturity: string;
  typology: string;
  dossiers: string;
  laureats: string;
}

export interface CharacterisationRow {
  field: string;
  code: string;
  dossiers: string;
  laureats: string;
}

export interface MemberKindRow {
  kind: string;
  dossiers: string;
  laureats: string;
}

/** One grouping set of the avis turnaround: by role (g_region = 1), by region (g_role = 1) or overall (both 1). */
export interface TurnaroundRow {
  g_role: number;
  g_region: number;
  role: string | null;
  region: string | null;
  n: string;
  med: string | null;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The grouped queries of a campaign phase's bilan (no row per dossier comes back to Node, so that it stays fast with
 * 50,000 dossiers). Read-only, outside any transaction: the service runs them side by side on the pool.
 */
@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findCampaign(campaignId: string, m: EntityManager = this.db.manager): Promise<StatsCampaignRow | undefined> {
    const [campaign] = await m.query(`SELECT id, name, envelope_cents FROM campaign WHERE id = $1`, [campaignId]);
    return campaign;
  }

  countDossierCube(campaignId: string, phase: Phase, m: EntityManager = this.db.manager): Promise<DossierCubeRow[]> {
    return m.query(
      `SELECT region, state, structure_legal_category AS category, eligibility, count(*) AS n,
              count(*) FILTER (WHERE late_deposit) AS late,
              sum(amount_requested_cents) AS requested,
              sum(decision_amount_cents) FILTER (WHERE state = 'laureat') AS decided
         FROM dossier WHERE campaign_id = $1 AND phase = $2
        GROUP BY region, state, structure_legal_category, eligibility`,
      [campaignId, phase],
    );
  }

  /**
   * Maturity and typology per dossier: the strict majority of its rendered avis (ties and none: "non classé"),
   * counted per code in one pass over the avis, then one pass over the dossiers. The codes are the domain's
   * vocabularies (never user input), written into the SQL as literals.
   */
  countAvisVotes(
    campaignId: string,
    phase: Phase,
    maturityCodes: readonly string[],
    typologyCodes: readonly string[],
    m: EntityManager = this.db.manager,
  ): Promise<AvisVoteRow[]> {
    const voteCols = [
      ...maturityCodes.map((c, i) => `count(*) FILTER (WHERE a.maturity = ${lit(c)}) AS m${i}`),
      ...typologyCodes.map((c, i) => `count(*) FILTER (WHERE a.content->'typology'->>'type' = ${lit(c)}) AS t${i}`),
    ];
    const winner = (prefix: string, codes: readonly string[]) =>
      `CASE ${codes
        .map((c, i) => {
          const others = codes.map((_, j) => `${prefix}${j}`).filter((_, j) => j !== i);
          return `WHEN ${prefix}${i} > ${others.length > 1 ? `greatest(${others.join(', ')})` : others[0]} THEN ${lit(c)}`;
        })
        .join(' ')} ELSE 'non_classe' END`;
    return m.query(
      `WITH per AS MATERIALIZED (
         SELECT a.dossier_id, ${voteCols.join(', ')}
           FROM avis a JOIN dossier d ON d.id = a.dossier_id
          WHERE d.campaign_id = $1 AND d.phase = $2 AND a.status = 'rendu'
          GROUP BY a.dossier_id)
       SELECT ${winner('m', maturityCodes)} AS maturity, ${winner('t', typologyCodes)} AS typology,
              count(*) AS dossiers, count(*) FILTER (WHERE d.state = 'laureat') AS laureats
         FROM dossier d LEFT JOIN per ON per.dossier_id = d.id
        WHERE d.campaign_id = $1 AND d.phase = $2
        GROUP BY 1, 2`,
      [campaignId, phase],
    );
  }

  /** Characterisation (seed 003): one row per field × value (validateCharacterisation refuses duplicates in a list). */
  countCharacterisation(
    campaignId: string,
    phase: Phase,
    fields: readonly string[],
    m: EntityManager = this.db.manager,
  ): Promise<CharacterisationRow[]> {
    return m.query(
      `SELECT f.key AS field, v.code, count(*) AS dossiers, count(*) FILTER (WHERE d.state = 'laureat') AS laureats
         FROM dossier d
        CROSS JOIN unnest($3::text[]) AS f(key)
        CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE jsonb_typeof(d.characterisation->f.key) WHEN 'array' THEN d.characterisation->f.key
                     WHEN 'string' THEN jsonb_build_array(d.characterisation->f.key) ELSE '[]'::jsonb END) AS v(code)
        WHERE d.campaign_id = $1 AND d.phase = $2
        GROUP BY f.key, v.code`,
      [campaignId, phase, [...fields]],
    );
  }

  countMemberKinds(campaignId: string, phase: Phase, m: EntityManager = this.db.manager): Promise<MemberKindRow[]> {
    return m.query(
      `SELECT m.kind, count(DISTINCT d.id) AS dossiers, count(DISTINCT d.id) FILTER (WHERE d.state = 'laureat') AS laureats
         FROM dossier d JOIN dossier_member m ON m.dossier_id = d.id
        WHERE d.campaign_id = $1 AND d.phase = $2
        GROUP BY m.kind`,
      [campaignId, phase],
    );
  }

  /** Median days from assignment to rendering of the rendered avis, per role, per region and overall. */
  avisTurnaround(campaignId: string, phase: Phase, m: EntityManager = this.db.manager): Promise<TurnaroundRow[]> {
    return m.query(
      `SELECT GROUPING(a.role) AS g_role, GROUPING(d.region) AS g_region, a.role, d.region, count(*) AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.rendered_at - a.created_at) / 86400.0) AS med
           FROM avis a JOIN dossier d ON d.id = a.dossier_id
          WHERE d.campaign_id = $1 AND d.phase = $2 AND a.status = 'rendu' AND a.rendered_at IS NOT NULL
          GROUP BY GROUPING SETS ((a.role), (d.region), ())`,
      [campaignId, phase],
    );
  }
}
