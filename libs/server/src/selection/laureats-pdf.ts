import { eurosLabel, parisDate, parisDateTime, pdfText, renderPdf } from '../exports/tabular';
import type { Phase } from './phase';

export interface AnnexInput {
  campaignName: string;
  phase: Phase;
  arreteAt: Date;
  laureats: { projectName: string; structureName: string; regionLabel: string; amountCents: number | null }[];
}

/** The arrêté's annex: the dated "liste des lauréats" of a phase (project, structure, region, and amount in phase 2). */
export function laureatsPdf(a: AnnexInput): Promise<Buffer> {
  const title = `Liste des lauréats – phase ${a.phase} – ${a.campaignName}`;
  return renderPdf(title, (doc) => {
    doc.font('Helvetica').fontSize(9).fillColor('#000091').text('MINISTÈRE CHARGÉ DE L’ÉCONOMIE SOCIALE ET SOLIDAIRE');
    doc.moveDown(0.5).fillColor('#000000');
    doc
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(pdfText(`Annexe à l’arrêté : liste des lauréats de la phase ${a.phase}`));
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(pdfText(`Appel à manifestation d’intérêt « ${a.campaignName} »`));
    doc.text(pdfText(`Sélection arrêtée le ${parisDate(a.arreteAt)} (${parisDateTime(a.arreteAt)}, heure de Paris).`));
    doc.text(pdfText(`${a.laureats.length} lauréat${a.laureats.length > 1 ? 's' : ''}.`));
    doc.moveDown();
    const header = ['N°', 'Projet', 'Structure porteuse', 'Région'];
    if (a.phase === 2) header.push('Montant attribué');
    const rows = a.laureats.map((l, i) => {
      const r = [String(i + 1), pdfText(l.projectName), pdfText(l.structureName), pdfText(l.regionLabel)];
      if (a.phase === 2) r.push(pdfText(eurosLabel(l.amountCents)));
      return r;
    });
    if (a.phase === 2) {
      const total = a.laureats.reduce((s, l) => s + (l.amountCents ?? 0), 0);
      rows.push(['', 'Total', '', '', pdfText(eurosLabel(total))]);
    }
    doc.fontSize(9);
    doc.table({
      columnStyles: a.phase === 2 ? [28, '*', '*', 110, 90] : [28, '*', '*', 130],
      rowStyles: (i) => (i === 0 ? { backgroundColor: '#e3e3fd' } : undefined),
      data: [header.map((h) => ({ text: h, type: 'TH' as const, font: { src: 'Helvetica-Bold' } })), ...rows],
    });
  });
}
