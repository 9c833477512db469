import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { regionName, STATE_LABELS, MATURITY_LEVELS, TYPOLOGIES } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UUID_RE } from '../common/list-query';
import { AvisService } from '../avis/avis.service';
import { loadDossierChecklist } from '../dossiers/dossier-checklist';
import { DossiersService } from '../dossiers/dossiers.service';
import { Phase } from '../selection/phase';
import { BoardItem, SelectionService } from '../selection/selection.service';
import { SummarySynthesis, writeDossierSummary } from './dossier-summary';
import { ExportsRepository } from './exports.repository';
import { Column, CONTENT_TYPES, ExportFormat, parseFormat, parisDate, renderPdf, renderTable } from './tabular';

const labelOf = (list: readonly { code: string; label: string }[], code: string | null) =>
  code ? (list.find((x) => x.code === code)?.label ?? code) : null;

export const BOARD_EXPORT_COLUMNS: Column<BoardItem>[] = [
  { header: 'Rang', kind: 'number', width: 7, value: (i) => i.rank },
  { header: 'Projet', width: 40, value: (i) => i.projectName },
  { header: 'Structure porteuse', width: 36, value: (i) => i.structureName },
  { header: 'Région', width: 26, value: (i) => regionName(i.region) ?? i.region },
  { header: 'État', width: 14, value: (i) => STATE_LABELS[i.state as keyof typeof STATE_LABELS] ?? i.state },
  { header: 'Note moyenne (sur 4)', kind: 'number', width: 12, value: (i) => i.meanScore },
  { header: 'Avis favorables', kind: 'number', width: 10, value: (i) => i.recommendations.favorable },
  { header: 'Avis favorables avec réserves', kind: 'number', width: 10, value: (i) => i.recommendations.favorable_avec_reserves },
  { header: 'Avis défavorables', kind: 'number', width: 10, value: (i) => i.recommendations.defavorable },
  { header: 'Divergence', width: 10, value: (i) => i.divergent },
  { header: 'Avis rendus', kind: 'number', width: 8, value: (i) => i.avisRendered },
  { header: 'Maturité', width: 22, value: (i) => labelOf(MATURITY_LEVELS, i.maturity) },
  { header: 'Typologie', width: 18, value: (i) => labelOf(TYPOLOGIES, i.typology) },
  { header: 'Montant demandé', kind: 'euros', value: (i) => i.amountRequestedCents },
  {
    header: 'Décision',
    width: 12,
    value: (i) => (i.decision ? (i.decision.outcome === 'laureat' ? 'Lauréat' : 'Non retenu') : 'À décider'),
  },
  { header: 'Motif', width: 40, value: (i) => i.decision?.motif ?? null },
  { header: 'Montant attribué', kind: 'euros', value: (i) => i.decision?.amountCents ?? null },
];

/** Exports for the cabinet and the instructeurs: the selection board, the per-dossier summary, the dossier de séance. */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly selection: SelectionService,
    private readonly dossiers: DossiersService,
    private readonly avis: AvisService,
    private readonly repo: ExportsRepository,
  ) {}

  async board(campaignId: string, phase: Phase, formatRaw: unknown) {
    const format: ExportFormat = parseFormat(formatRaw);
    const board = await this.selection.board(campaignId, phase);
    const content = await renderTable(format, `Sélection phase ${phase}`, BOARD_EXPORT_COLUMNS, board.items);
    return {
      content,
      contentType: CONTENT_TYPES[format],
      filename: `selection-phase-${phase}-${new Date().toISOString().slice(0, 10)}.${format}`,
    };
  }

  private async summaryParts(user: AuthUser, id: string) {
    const d = await this.dossiers.findScoped(this.db.manager, user, id);
    const { checklist } = await loadDossierChecklist(this.db.manager, d);
    const synthesis = (await this.avis.synthesis(user, id)) as unknown as SummarySynthesis;
    const avis = await this.repo.renderedAvis(id);
    return { d, checklist, synthesis, avis };
  }

  async dossierSummary(user: AuthUser, id: string) {
    const p = await this.summaryParts(user, id);
    const content = await renderPdf(`Dossier ${p.d.projectName}`, (doc) => writeDossierSummary(doc, p.d, p.checklist, p.avis, p.synthesis));
    return { content, filename: `dossier-${p.d.dsNumber ?? p.d.id.slice(0, 8)}.pdf` };
  }

  /** The dossier de séance: the summaries of the chosen dossiers of the phase (all of the board's by default), in rank order. */
  async seance(
    user: AuthUser,
    campaignId: string,
    phase: Phase,
    idsRaw: unknown,
    onProgress?: (done: number, total: number) => Promise<void>,
  ) {
    const board = await this.selection.board(campaignId, phase);
    let items = board.items;
    if (typeof idsRaw === 'string' && idsRaw.trim()) {
      const ids = idsRaw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (!ids.every((i) => UUID_RE.test(i))) throw AppError.validation({ ids: 'Liste d’identifiants invalide.' });
      const wanted = new Set(ids);
      items = items.filter((i) => wanted.has(i.id));
      if (items.length !== wanted.size)
        throw AppError.validation({ ids: 'Certains dossiers ne figurent pas au tableau de sélection de cette phase.' });
    }
    if (items.length === 0) throw AppError.validation({ ids: 'Aucun dossier à imprimer.' });
    if (items.length > 200) throw AppError.validation({ ids: 'Au plus 200 dossiers par dossier de séance.' });
    const parts: ({ rank: number } & Awaited<ReturnType<ExportsService['summaryParts']>>)[] = [];
    for (const it of items) {
      parts.push({ rank: it.rank, ...(await this.summaryParts(user, it.id)) });
      // Progress per dossier read (a job shows it; the PDF itself is written at the end, in one go).
      if (onProgress && (parts.length % 5 === 0 || parts.length === items.length)) await onProgress(parts.length, items.length);
    }
    const c = await this.selection.campaign(this.db.manager, campaignId);
    const content = await renderPdf(`Dossier de séance – phase ${phase} – ${c.name}`, (doc) => {
      doc.font('Helvetica-Bold').fontSize(18).text(`Dossier de séance – phase ${phase}`);
      doc
        .font('Helvetica')
        .fontSize(11)
        .text(`${c.name} – ${parts.length} dossier(s) – édité le ${parisDate(new Date())}`);
      doc.moveDown();
      for (const p of parts) doc.fontSize(9).text(`${p.rank}. ${p.d.projectName} (${regionName(p.d.region) ?? p.d.region})`);
      for (const p of parts) {
        doc.addPage();
        writeDossierSummary(doc, p.d, p.checklist, p.avis, p.synthesis);
      }
    });
    return { content, filename: `dossier-de-seance-phase-${phase}.pdf` };
  }
}
