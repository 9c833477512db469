import { Injectable } from '@nestjs/common';
import { AVIS_STATUS_LABELS, AvisStatus, getAvisGrid, regionName, ROLE_LABELS, STATE_LABELS } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { parseListQuery } from '../common/list-query';
import { Column, CONTENT_TYPES, parseFormat, renderTable } from '../exports/tabular';
import type { AvisDto } from './avis.mapper';
import { AVIS_LIST_SPEC, AvisService } from './avis.service';

/** At most this many avis in one export (a national edition: a few thousand dossiers, three or four avis each). */
export const AVIS_EXPORT_MAX_ROWS = 20000;

const label = (list: readonly { code: string; label: string }[], code: string | null | undefined) =>
  code ? (list.find((x) => x.code === code)?.label ?? code) : null;

/** The columns for people: one row per avis, every score and comment of the grid, labels rather than codes. */
export function avisExportColumns(): Column<AvisDto>[] {
  const g1 = getAvisGrid(1);
  const g2 = getAvisGrid(2);
  const entries = [...g1.entries, ...g2.entries.filter((e) => !g1.entries.some((x) => x.code === e.code))];
  const columns: Column<AvisDto>[] = [
    { header: 'Projet', width: 36, value: (a) => a.dossier.projectName },
    { header: 'Structure porteuse', width: 32, value: (a) => a.dossier.structureName },
    { header: 'Région', width: 24, value: (a) => regionName(a.dossier.region) ?? a.dossier.region },
    { header: 'Phase', kind: 'number', width: 8, value: (a) => a.dossier.phase },
    { header: 'État du dossier', width: 20, value: (a) => STATE_LABELS[a.dossier.state as keyof typeof STATE_LABELS] ?? a.dossier.state },
    { header: 'Rôle', width: 26, value: (a) => ROLE_LABELS[a.role as keyof typeof ROLE_LABELS] ?? a.role },
    { header: 'Relecteur', width: 26, value: (a) => a.reviewerName },
    { header: 'Statut de l’avis', width: 18, value: (a) => AVIS_STATUS_LABELS[a.status as AvisStatus] ?? a.status },
    { header: 'Échéance', kind: 'datetime', value: (a) => (a.dueAt ? new Date(a.dueAt) : null) },
    { header: 'Rendu le', kind: 'datetime', value: (a) => (a.renderedAt ? new Date(a.renderedAt) : null) },
    { header: 'Recommandation', width: 22, value: (a) => label(g1.recommendations, a.recommendation) },
    { header: 'Maturité', width: 20, value: (a) => label(g1.maturityLevels, a.maturity.level) },
    { header: 'Typologie', width: 16, value: (a) => label(g1.typologies, a.typology.type) },
    {
      header: 'Logiques d’action',
      width: 30,
      value: (a) => (a.typology.actionLogics as string[]).map((c) => label(g1.actionLogics, c)).join(', ') || null,
    },
  ];
  for (const e of entries) {
    const score = (a: AvisDto) => (a.scores as Record<string, { score?: number; comment?: string } | undefined>)[e.code];
    columns.push({ header: `${e.label} (note)`, kind: 'number', width: 12, value: (a) => score(a)?.score ?? null });
    columns.push({ header: `${e.label} (commentaire)`, width: 40, value: (a) => score(a)?.comment ?? null });
  }
  for (const m of g1.maturityMarkers) {
    columns.push({
      header: `Marqueur : ${m.label}`,
      kind: 'number',
      width: 12,
      value: (a) => (a.maturity.markers as Record<string, number | undefined>)[m.code] ?? null,
    });
  }
  columns.push({ header: 'Synthèse', width: 60, value: (a) => a.synthesis });
  columns.push({
    header: 'Motif (décliné, conflit, annulé)',
    width: 40,
    value: (a) => a.declinedReason ?? a.conflictReason ?? a.cancelledReason ?? null,
  });
  return columns;
}

/** GET /api/avis/export: the avis list of the current filter and sort (its own rules and scope) as CSV or XLSX. */
@Injectable()
export class AvisExportService {
  constructor(private readonly avis: AvisService) {}

  async export(user: AuthUser, query: Record<string, unknown>) {
    const format = parseFormat(query.format);
    const q = parseListQuery({ sort: query.sort, filter: query.filter }, AVIS_LIST_SPEC);
    const { total } = await this.avis.list(user, { ...q, offset: 0, limit: 1 });
    if (total > AVIS_EXPORT_MAX_ROWS) {
      throw new AppError(
        400,
        'EXPORT_TOO_LARGE',
        `L’export est limité à ${AVIS_EXPORT_MAX_ROWS} avis (${total} avec ce filtre) : affinez le filtre (campagne, phase, statut).`,
        { total, max: AVIS_EXPORT_MAX_ROWS },
      );
    }
    const { rows } = await this.avis.list(user, { ...q, offset: 0, limit: AVIS_EXPORT_MAX_ROWS });
    const content = await renderTable(format, 'Avis', avisExportColumns(), rows);
    return { content, contentType: CONTENT_TYPES[format], filename: `avis-${new Date().toISOString().slice(0, 10)}.${format}`, total };
  }
}
