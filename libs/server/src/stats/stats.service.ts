import { Injectable } from '@nestjs/common';
// Loaded on first use (issue 12, cold start).
const excel = () => require('exceljs') as typeof import('exceljs');
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
import { StatsRepository } from './stats.repository';
import type { CampaignStats, CountRow } from '@ptce/domain';

/**
 * The bilan of a campaign's phase, as the ministry writes after each edition (seed 004 is one: counts by region, by
 * stage, by legal form). Everything is computed in PostgreSQL by a handful of grouped queries (no row per dossier comes
 * back to Node), so that it stays fast with 50,000 dossiers.
 */
export type { CampaignStats, CountRow } from '@ptce/domain';

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
  constructor(private readonly repo: StatsRepository) {}

  async compute(campaignId: string, phase: Phase): Promise<CampaignStats> {
    const campaign = await this.repo.findCampaign(campaignId);
    if (!campaign) throw AppError.notFound('Campagne introuvable.');
    // Five grouped queries (cube by region × state × legal category × eligibility, avis majorities, characterisation,
    // member kinds, avis turnaround).
    // The five queries run side by side on the pool (each a single grouped scan).
    const [cube, votes, charac, members, turnaround] = await Promise.all([
      this.repo.countDossierCube(campaignId, phase),
      this.repo.countAvisVotes(campaignId, phase, MATURITY_CODES, TYPOLOGY_CODES),
      this.repo.countCharacterisation(campaignId, phase, CHARACTERISATION_FIELDS),
      this.repo.countMemberKinds(campaignId, phase),
      this.repo.avisTurnaround(campaignId, phase),
    ]);

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
