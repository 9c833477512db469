import { Injectable } from '@nestjs/common';
import { ELIGIBILITY_LABELS, regionName, STATE_LABELS } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { parseListQuery } from '../common/list-query';
import { DOSSIER_LIST_SPEC, DossiersService } from '../dossiers/dossiers.service';
import { Column, CONTENT_TYPES, parseFormat, renderTable } from './tabular';

/** At most this many rows in one export (the whole demo campaign is 150; a national edition a few thousand). */
export const EXPORT_MAX_ROWS = 20000;

type Row = Awaited<ReturnType<DossiersService['list']>>['rows'][number];

const SOURCE_LABELS: Record<string, string> = { manuel: 'Saisie manuelle', ds: 'Démarches Simplifiées', fichier: 'Fichier' };

export const DOSSIER_EXPORT_COLUMNS: Column<Row>[] = [
  { header: 'N° DS', kind: 'number', width: 10, value: (d) => d.dsNumber },
  { header: 'Phase', kind: 'number', width: 8, value: (d) => d.phase },
  { header: 'Projet', width: 40, value: (d) => d.projectName },
  { header: 'Structure porteuse', width: 36, value: (d) => d.structure.name },
  { header: 'SIRET', width: 16, value: (d) => d.structure.siret },
  { header: 'Forme juridique', width: 28, value: (d) => d.structure.legalForm },
  { header: 'Agrément ESUS', width: 10, value: (d) => d.structure.esus },
  { header: 'Région', width: 26, value: (d) => regionName(d.region) ?? d.region },
  { header: 'État', width: 18, value: (d) => STATE_LABELS[d.state] ?? d.state },
  { header: 'Éligibilité', width: 14, value: (d) => ELIGIBILITY_LABELS[d.eligibility] ?? d.eligibility },
  { header: 'Déposé le', kind: 'datetime', value: (d) => new Date(d.depositedAt) },
  { header: 'Hors délai', width: 10, value: (d) => d.lateDeposit },
  { header: 'Montant demandé', kind: 'euros', value: (d) => d.amountRequestedCents },
  {
    header: 'Décision',
    width: 14,
    value: (d) => (d.decision ? (d.decision.outcome === 'laureat' ? 'Lauréat' : 'Non retenu') : null),
  },
  { header: 'Montant attribué', kind: 'euros', value: (d) => d.decision?.amountCents ?? null },
  { header: 'Invité en phase 2 le', kind: 'datetime', value: (d) => (d.invitedToPhase2At ? new Date(d.invitedToPhase2At) : null) },
  { header: 'Source', width: 20, value: (d) => SOURCE_LABELS[d.source] ?? d.source },
  { header: 'Mis à jour le', kind: 'datetime', value: (d) => new Date(d.updatedAt) },
];

/** The dossier list of the current filter and sort (the list's own rules and scope), as CSV or XLSX. */
@Injectable()
export class DossierExportService {
  constructor(private readonly dossiers: DossiersService) {}

  async export(user: AuthUser, query: Record<string, unknown>) {
    const format = parseFormat(query.format);
    const q = parseListQuery({ sort: query.sort, filter: query.filter }, DOSSIER_LIST_SPEC);
    q.offset = 0;
    q.limit = EXPORT_MAX_ROWS;
    // Counted first (one row fetched): a filter past the cap is refused without loading thousands of rows.
    const { total } = await this.dossiers.list(user, { ...q, limit: 1 });
    if (total > EXPORT_MAX_ROWS) {
      throw new AppError(
        400,
        'EXPORT_TOO_LARGE',
        `L’export est limité à ${EXPORT_MAX_ROWS} dossiers (${total} avec ce filtre) : affinez le filtre (campagne, phase, région, état).`,
        { total, max: EXPORT_MAX_ROWS },
      );
    }
    const { rows } = await this.dossiers.list(user, q);
    const content = await renderTable(format, 'Dossiers', DOSSIER_EXPORT_COLUMNS, rows);
    return { content, contentType: CONTENT_TYPES[format], filename: `dossiers-${new Date().toISOString().slice(0, 10)}.${format}`, total };
  }
}
