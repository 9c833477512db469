import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
// Loaded on first use (issue 12, cold start).
const excel = () => require('exceljs') as typeof import('exceljs');
import { DataSource } from 'typeorm';
import {
  CHARACTERISATION_OPTIONS,
  DOSSIER_STATES,
  LEGAL_CATEGORIES,
  LEGAL_CATEGORY_LABELS,
  MATURITY_CODES,
  MATURITY_LEVELS,
  MEMBER_KINDS,
  REGIONS,
  ROLE_LABELS,
  STATE_LABELS,
  TYPOLOGIES,
  TYPOLOGY_CODES,
  type Role,
} from '@ptce/domain';
import { AppError } from '../common/app-error';
import { escapeFormula } from '../exports/tabular';
import type { Phase } from '../selection/phase';

/**
 * The bilan of a campaign's phase, as the ministry writes after each edition (seed 004 is one: counts by region, by
 * stage, by legal form). Everything is computed in PostgreSQL by a handful of grouped queries (no row per dossier comes
 * back to Node), so that it stays fast with 50,000 dossiers.
 */
export interface CountRow {
  code: string;
  label: string;
  dossiers: number;
  laureats: number;
}

export interface CampaignStats {
  campaignId: string;
  campaignName: string;
  phase: Phase;
  generatedAt: string;
  totals: {
    dossiers: number;
    lateDeposits: number;
    eligible: number;
    ineligible: number;
    eligibilityPending: number;
    /** eligible / (eligible + ineligible), 4 decimals; null before any decision. */
    eligibilityRate: number | null;
    laureats: number;
    nonRetenus: number;
    /** Dossiers the reviewers' majority classes "historique" (seed 001: the AMI targets emerging PTCE). */
    historique: number;
  };
  byState: { state: string; label: string; count: number }[];
  byRegion: {
    region: string;
    regionLabel: string;
    dossiers: number;
    eligible: number;
    laureats: number;
    amountRequestedCents: number;
    amountDecidedCents: number;
  }[];
  byLegalCategory: CountRow[];
  byMaturity: CountRow[];
  byTypology: CountRow[];
  characterisation: Record<string, CountRow[]>;
  memberKinds: CountRow[];
  avisTurnaround: {
    overall: { rendered: number; medianDays: number | null };
    byRole: { role: string; label: string; rendered: number; medianDays: number | null }[];
    byRegion: { region: string; regionLabel: string; rendered: number; medianDays: number | null }[];
  };
  money: { envelopeCents: number; requestedCents: number; decidedCents: number; leftCents: number };
}

const num = (x: unknown) => (x === null || x === undefined ? 0 : Number(x));
const days = (x: unknown) => (x === null || x === undefined ? null : Math.round(Number(x) * 10) / 10);
const REGION_LABEL = new Map<string, string>(REGIONS.map((r) => [r.code, r.name]));
const CHARACTERISATION_FIELDS = [
  'stage',
  'sector',
  'setting',
  'perimeter',
  'fragileTerritory',
  'servicesMobilises',
  'activityNature',
  'localAuthorities',
  'memberKinds',
] as const;
export const CHARACTERISATION_FIELD_LABELS: Record<(typeof CHARACTERISATION_FIELDS)[number], string> = {
  stage: 'État d’avancement',
  sector: 'Secteur d’activité',
  setting: 'Implantation',
  perimeter: 'Périmètre d’intervention',
  fragileTerritory: 'Territoire',
  servicesMobilises: 'Services mobilisés',
  activityNature: 'Nature d’activité',
  localAuthorities: 'Collectivités impliquées',
  memberKinds: 'Qualité des structures impliquées',
};
const SINGLE_VALUED = new Set<string>(['stage', 'setting', 'perimeter']);
const NOT_SET = { code: 'non_renseigne', label: 'Non renseigné' };

@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async compute(campaignId: string, phase: Phase): Promise<CampaignStats> {
    const [campaign] = await this.db.query(`SELECT id, name, envelope_cents FROM campaign WHERE id = $1`, [campaignId]);
    if (!campaign) throw AppError.notFound('Campagne introuvable.');
    const args = [campaignId, phase];

    // 1. Dossiers by region × state × legal category × eligibility (a few hundred rows at most).
    const cubeP: Promise<
      {
        region: string;
        state: string;
        category: string;
        eligibility: string;
        n: string;
        late: string;
        requested: string | null;
        decided: string | null;
      }[]
    > = this.db.query(
      `SELECT region, state, structure_legal_category AS category, eligibility, count(*) AS n,
              count(*) FILTER (WHERE late_deposit) AS late,
              sum(amount_requested_cents) AS requested,
              sum(decision_amount_cents) FILTER (WHERE state = 'laureat') AS decided
         FROM dossier WHERE campaign_id = $1 AND phase = $2
        GROUP BY region, state, structure_legal_category, eligibility`,
      args,
    );

    // 2. Maturity and typology per dossier: the strict majority of its rendered avis (ties and none: "non classé"),
    // counted per code in one pass over the avis, then one pass over the dossiers.
    const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
    const voteCols = [
      ...MATURITY_CODES.map((c, i) => `count(*) FILTER (WHERE a.maturity = ${lit(c)}) AS m${i}`),
      ...TYPOLOGY_CODES.map((c, i) => `count(*) FILTER (WHERE a.content->'typology'->>'type' = ${lit(c)}) AS t${i}`),
    ];
    const winner = (prefix: string, codes: readonly string[]) =>
      `CASE ${codes
        .map((c, i) => {
          const others = codes.map((_, j) => `${prefix}${j}`).filter((_, j) => j !== i);
          return `WHEN ${prefix}${i} > ${others.length > 1 ? `greatest(${others.join(', ')})` : others[0]} THEN ${lit(c)}`;
        })
        .join(' ')} ELSE 'non_classe' END`;
    const votesP: Promise<{ maturity: string; typology: string; dossiers: string; laureats: string }[]> = this.db.query(
      `WITH per AS MATERIALIZED (
         SELECT a.dossier_id, ${voteCols.join(', ')}
           FROM avis a JOIN dossier d ON d.id = a.dossier_id
          WHERE d.campaign_id = $1 AND d.phase = $2 AND a.status = 'rendu'
          GROUP BY a.dossier_id)
       SELECT ${winner('m', MATURITY_CODES)} AS maturity, ${winner('t', TYPOLOGY_CODES)} AS typology,
              count(*) AS dossiers, count(*) FILTER (WHERE d.state = 'laureat') AS laureats
         FROM dossier d LEFT JOIN per ON per.dossier_id = d.id
        WHERE d.campaign_id = $1 AND d.phase = $2
        GROUP BY 1, 2`,
      args,
    );

    // 3. Characterisation (seed 003): one row per field × value (validateCharacterisation refuses duplicates in a list).
    const characP: Promise<{ field: string; code: string; dossiers: string; laureats: string }[]> = this.db.query(
      `SELECT f.key AS field, v.code, count(*) AS dossiers, count(*) FILTER (WHERE d.state = 'laureat') AS laureats
         FROM dossier d
        CROSS JOIN unnest($3::text[]) AS f(key)
        CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE jsonb_typeof(d.characterisation->f.key) WHEN 'array' THEN d.characterisation->f.key
                     WHEN 'string' THEN jsonb_build_array(d.characterisation->f.key) ELSE '[]'::jsonb END) AS v(code)
        WHERE d.campaign_id = $1 AND d.phase = $2
        GROUP BY f.key, v.code`,
      [...args, [...CHARACTERISATION_FIELDS]],
    );
    const membersP: Promise<{ kind: string; dossiers: string; laureats: string }[]> = this.db.query(
      `SELECT m.kind, count(DISTINCT d.id) AS dossiers, count(DISTINCT d.id) FILTER (WHERE d.state = 'laureat') AS laureats
         FROM dossier d JOIN dossier_member m ON m.dossier_id = d.id
        WHERE d.campaign_id = $1 AND d.phase = $2
        GROUP BY m.kind`,
      args,
    );

    // 4. Avis turnaround: median days from assignment to rendering, per role, per region and overall.
    const turnaroundP: Promise<
      { g_role: number; g_region: number; role: string | null; region: string | null; n: string; med: string | null }[]
    > = this.db.query(
      `SELECT GROUPING(a.role) AS g_role, GROUPING(d.region) AS g_region, a.role, d.region, count(*) AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.rendered_at - a.created_at) / 86400.0) AS med
           FROM avis a JOIN dossier d ON d.id = a.dossier_id
          WHERE d.campaign_id = $1 AND d.phase = $2 AND a.status = 'rendu' AND a.rendered_at IS NOT NULL
          GROUP BY GROUPING SETS ((a.role), (d.region), ())`,
      args,
    );

    // The five queries run side by side on the pool (each a single grouped scan).
    const [cube, votes, charac, members, turnaround] = await Promise.all([cubeP, votesP, characP, membersP, turnaroundP]);

    // Assemble (a few hundred rows at most).
    const byStateMap = new Map<string, number>();
    const regionMap = new Map<string, CampaignStats['byRegion'][number]>();
    const catMap = new Map<string, CountRow>();
    const totals = { dossiers: 0, lateDeposits: 0, eligible: 0, ineligible: 0, eligibilityPending: 0, laureats: 0, nonRetenus: 0 };
    let requestedCents = 0;
    let decidedCents = 0;
    for (const r of cube) {
      const n = num(r.n);
      totals.dossiers += n;
      totals.lateDeposits += num(r.late);
      if (r.eligibility === 'eligible') totals.eligible += n;
      else if (r.eligibility === 'ineligible') totals.ineligible += n;
      else totals.eligibilityPending += n;
      if (r.state === 'laureat') totals.laureats += n;
      if (r.state === 'non_retenu') totals.nonRetenus += n;
      byStateMap.set(r.state, (byStateMap.get(r.state) ?? 0) + n);
      const reg = regionMap.get(r.region) ?? {
        region: r.region,
        regionLabel: REGION_LABEL.get(r.region) ?? r.region,
        dossiers: 0,
        eligible: 0,
        laureats: 0,
        amountRequestedCents: 0,
        amountDecidedCents: 0,
      };
      reg.dossiers += n;
      if (r.eligibility === 'eligible') reg.eligible += n;
      if (r.state === 'laureat') reg.laureats += n;
      reg.amountRequestedCents += num(r.requested);
      reg.amountDecidedCents += num(r.decided);
      regionMap.set(r.region, reg);
      requestedCents += num(r.requested);
      decidedCents += num(r.decided);
      const cat = catMap.get(r.category) ?? {
        code: r.category,
        label: LEGAL_CATEGORY_LABELS[r.category as keyof typeof LEGAL_CATEGORY_LABELS] ?? r.category,
        dossiers: 0,
        laureats: 0,
      };
      cat.dossiers += n;
      if (r.state === 'laureat') cat.laureats += n;
      catMap.set(r.category, cat);
    }
    const decidedElig = totals.eligible + totals.ineligible;

    const dimRows = (dim: 'maturity' | 'typology', options: readonly { code: string; label: string }[]): CountRow[] =>
      [...options, { code: 'non_classe', label: 'Non classé' }].map((o) => {
        const rows = votes.filter((v) => v[dim] === o.code);
        return {
          code: o.code,
          label: o.label,
          dossiers: rows.reduce((n, r) => n + num(r.dossiers), 0),
          laureats: rows.reduce((n, r) => n + num(r.laureats), 0),
        };
      });
    const byMaturity = dimRows('maturity', MATURITY_LEVELS);

    const characterisation: Record<string, CountRow[]> = {};
    for (const field of CHARACTERISATION_FIELDS) {
      const options = CHARACTERISATION_OPTIONS[field] as readonly { code: string; label: string }[];
      const got = new Map(charac.filter((c) => c.field === field).map((c) => [c.code, c]));
      const rows: CountRow[] = options.map((o) => ({
        code: o.code,
        label: o.label,
        dossiers: num(got.get(o.code)?.dossiers),
        laureats: num(got.get(o.code)?.laureats),
      }));
      const withValue = charac.filter((c) => c.field === field);
      // Dossiers without the field: total minus those with a value (single-valued fields only, where it is exact).
      if (SINGLE_VALUED.has(field)) {
        const counted = withValue.reduce((s, c) => s + num(c.dossiers), 0);
        rows.push({
          ...NOT_SET,
          dossiers: Math.max(0, totals.dossiers - counted),
          laureats: Math.max(0, totals.laureats - withValue.reduce((s, c) => s + num(c.laureats), 0)),
        });
      }
      characterisation[field] = rows;
    }

    const memberMap = new Map(members.map((m) => [m.kind, m]));
    const overall = turnaround.find((t) => Number(t.g_role) === 1 && Number(t.g_region) === 1);

    return {
      campaignId,
      campaignName: campaign.name,
      phase,
      generatedAt: new Date().toISOString(),
      totals: {
        ...totals,
        eligibilityRate: decidedElig === 0 ? null : Math.round((totals.eligible / decidedElig) * 10000) / 10000,
        historique: byMaturity.find((m) => m.code === 'historique')?.dossiers ?? 0,
      },
      byState: DOSSIER_STATES.map((s) => ({ state: s, label: STATE_LABELS[s], count: byStateMap.get(s) ?? 0 })),
      byRegion: REGIONS.map((r) => r.code as string)
        .concat([...regionMap.keys()].filter((k) => !REGION_LABEL.has(k)))
        .map(
          (code) =>
            regionMap.get(code) ?? {
              region: code,
              regionLabel: REGION_LABEL.get(code) ?? code,
              dossiers: 0,
              eligible: 0,
              laureats: 0,
              amountRequestedCents: 0,
              amountDecidedCents: 0,
            },
        ),
      byLegalCategory: LEGAL_CATEGORIES.map((c) => catMap.get(c) ?? { code: c, label: LEGAL_CATEGORY_LABELS[c], dossiers: 0, laureats: 0 }),
      byMaturity,
      byTypology: dimRows('typology', TYPOLOGIES),
      characterisation,
      memberKinds: MEMBER_KINDS.map((k) => ({
        code: k.code,
        label: k.label,
        dossiers: num(memberMap.get(k.code)?.dossiers),
        laureats: num(memberMap.get(k.code)?.laureats),
      })),
      avisTurnaround: {
        overall: { rendered: num(overall?.n), medianDays: days(overall?.med) },
        byRole: turnaround
          .filter((t) => Number(t.g_role) === 0)
          .map((t) => ({ role: t.role!, label: ROLE_LABELS[t.role as Role] ?? t.role!, rendered: num(t.n), medianDays: days(t.med) }))
          .sort((a, b) => a.label.localeCompare(b.label, 'fr')),
        byRegion: turnaround
          .filter((t) => Number(t.g_region) === 0)
          .map((t) => ({
            region: t.region!,
            regionLabel: REGION_LABEL.get(t.region!) ?? t.region!,
            rendered: num(t.n),
            medianDays: days(t.med),
          }))
          .sort((a, b) => a.regionLabel.localeCompare(b.regionLabel, 'fr')),
      },
      money: {
        envelopeCents: num(campaign.envelope_cents),
        requestedCents,
        decidedCents,
        leftCents: num(campaign.envelope_cents) - decidedCents,
      },
    };
  }

  /** The bilan as a workbook: one sheet per table, French headers. */
  async xlsx(stats: CampaignStats): Promise<{ filename: string; content: Buffer }> {
    const wb = new (excel().Workbook)();
    wb.creator = 'AMI PTCE';
    wb.created = new Date();
    const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
      const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.addRow(header);
      ws.getRow(1).font = { bold: true };
      for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? escapeFormula(v) : v)));
      ws.columns.forEach((c) => (c.width = 24));
    };
    const t = stats.totals;
    const euros = (c: number) => c / 100;
    sheet(
      'Synthèse',
      ['Indicateur', 'Valeur'],
      [
        ['Campagne', stats.campaignName],
        ['Phase', stats.phase],
        ['Dossiers déposés', t.dossiers],
        ['Dont hors délai', t.lateDeposits],
        ['Éligibles', t.eligible],
        ['Inéligibles', t.ineligible],
        ['Éligibilité à vérifier', t.eligibilityPending],
        ['Taux d’éligibilité (%)', t.eligibilityRate === null ? null : Math.round(t.eligibilityRate * 1000) / 10],
        ['Lauréats', t.laureats],
        ['Non retenus', t.nonRetenus],
        ['Classés « historique » par les avis', t.historique],
        ['Enveloppe (€)', euros(stats.money.envelopeCents)],
        ['Montants demandés (€)', euros(stats.money.requestedCents)],
        ['Montants attribués (€)', euros(stats.money.decidedCents)],
        ['Reste de l’enveloppe (€)', euros(stats.money.leftCents)],
        ['Délai médian des avis (jours)', stats.avisTurnaround.overall.medianDays],
      ],
    );
    sheet(
      'Par état',
      ['État', 'Dossiers'],
      stats.byState.map((s) => [s.label, s.count]),
    );
    sheet(
      'Par région',
      ['Région', 'Code', 'Dossiers', 'Éligibles', 'Lauréats', 'Demandé (€)', 'Attribué (€)'],
      stats.byRegion.map((r) => [
        r.regionLabel,
        r.region,
        r.dossiers,
        r.eligible,
        r.laureats,
        euros(r.amountRequestedCents),
        euros(r.amountDecidedCents),
      ]),
    );
    const counts = (rows: CountRow[]) => rows.map((r) => [r.label, r.dossiers, r.laureats]);
    sheet('Par forme juridique', ['Catégorie', 'Dossiers', 'Lauréats'], counts(stats.byLegalCategory));
    sheet('Par maturité', ['Maturité', 'Dossiers', 'Lauréats'], counts(stats.byMaturity));
    sheet('Par typologie', ['Typologie', 'Dossiers', 'Lauréats'], counts(stats.byTypology));
    sheet(
      'Caractérisation',
      ['Critère', 'Valeur', 'Dossiers', 'Lauréats'],
      Object.entries(stats.characterisation).flatMap(([field, rows]) =>
        rows.map((r) => [
          CHARACTERISATION_FIELD_LABELS[field as keyof typeof CHARACTERISATION_FIELD_LABELS] ?? field,
          r.label,
          r.dossiers,
          r.laureats,
        ]),
      ),
    );
    sheet('Membres', ['Nature', 'Dossiers', 'Lauréats'], counts(stats.memberKinds));
    sheet(
      'Délais des avis',
      ['Par', 'Valeur', 'Avis rendus', 'Délai médian (jours)'],
      [
        ...stats.avisTurnaround.byRole.map((r) => ['Rôle', r.label, r.rendered, r.medianDays]),
        ...stats.avisTurnaround.byRegion.map((r) => ['Région', r.regionLabel, r.rendered, r.medianDays]),
      ],
    );
    const safe = stats.campaignName.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
    return { filename: `bilan-${safe}-phase${stats.phase}.xlsx`, content: Buffer.from(await wb.xlsx.writeBuffer()) };
  }
}
