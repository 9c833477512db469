import {
  avisEntriesForPhase,
  ELIGIBILITY_LABELS,
  MATURITY_LEVELS,
  MATURITY_MARKERS,
  RECOMMENDATIONS,
  regionName,
  ROLE_LABELS,
  SECTION_KEYS,
  SECTION_LABELS,
  STATE_LABELS,
  TYPOLOGIES,
  type Checklist,
  type Role,
} from '@ptce/domain';
import type { DossierEntity } from '../dossiers/dossier.entity';
import { eurosLabel, parisDateTime, pdfText, renderPdf } from './tabular';

export interface SummaryAvis {
  reviewerName: string | null;
  role: string;
  renderedAt: Date | null;
  content: Record<string, unknown>;
}

export interface SummarySynthesis {
  overall: { mean: number | null };
  recommendationCounts: Record<string, number>;
  maturityVotes: Record<string, number>;
  divergence: { any: boolean; entries: string[]; recommendations: boolean; maturity: boolean };
  matrix: { entry: string; label: string; mean: number | null; spread: number | null; divergent: boolean }[];
  renderedCount: number;
  expectedCount?: number;
}

const obj = (x: unknown): Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
const label = <T extends { code: string; label: string }>(list: readonly T[], code: unknown) =>
  list.find((x) => x.code === code)?.label ?? (typeof code === 'string' ? code : '—');

/** The dossier for the comité de sélection: identity, eligibility, every rendered avis, the synthesis. */
export function dossierSummaryPdf(
  d: DossierEntity,
  checklist: Checklist,
  avis: SummaryAvis[],
  synthesis: SummarySynthesis,
): Promise<Buffer> {
  return renderPdf(`Dossier ${d.projectName}`, (doc) => writeDossierSummary(doc, d, checklist, avis, synthesis));
}

export function writeDossierSummary(
  doc: PDFKit.PDFDocument,
  d: DossierEntity,
  checklist: Checklist,
  avis: SummaryAvis[],
  synthesis: SummarySynthesis,
): void {
  const h1 = (t: string) =>
    doc.font('Helvetica-Bold').fontSize(16).fillColor('#000091').text(pdfText(t)).fillColor('#000000').moveDown(0.3);
  const h2 = (t: string) =>
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor('#000091').text(pdfText(t)).fillColor('#000000').moveDown(0.2);
  const h3 = (t: string) => doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10).text(pdfText(t));
  const line = (k: string, v: string | null | undefined) =>
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(pdfText(`${k} : `), { continued: true })
      .font('Helvetica')
      .text(pdfText(v || '—'));
  const para = (t: string | null | undefined) =>
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(pdfText(t || '—'), { align: 'left' });

  h1(`${d.projectName}`);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#3a3a3a')
    .text(pdfText(`Fiche de synthèse pour le comité de sélection – phase ${d.phase} – éditée le ${parisDateTime(new Date())}`));
  doc.fillColor('#000000');

  h2('Dossier');
  line('N° Démarches Simplifiées', d.dsNumber ? String(d.dsNumber) : null);
  line('Région', regionName(d.region) ?? d.region);
  line('État', STATE_LABELS[d.state]);
  line('Déposé le', `${parisDateTime(d.depositedAt)}${d.lateDeposit ? ' (hors délai)' : ''}`);
  line('Structure porteuse', d.structureName);
  line('SIRET', d.structureSiret);
  line('Forme juridique', d.structureLegalForm);
  line('Agrément ESUS', d.structureEsus ? `oui${d.structureEsusDate ? ` (depuis le ${d.structureEsusDate})` : ''}` : 'non');
  if (d.phase === 2) line('Montant demandé', eurosLabel(d.amountRequestedCents));
  if (d.decisionOutcome) {
    line('Décision (provisoire tant que la sélection n’est pas arrêtée)', d.decisionOutcome === 'laureat' ? 'Lauréat' : 'Non retenu');
    if (d.decisionAmountCents !== null) line('Montant attribué', eurosLabel(d.decisionAmountCents));
  }

  h2('Contenu du dossier');
  for (const key of SECTION_KEYS) {
    const text = d.sections?.[key];
    if (!text) continue;
    h3(SECTION_LABELS[key]);
    para(text);
  }

  h2(`Éligibilité : ${ELIGIBILITY_LABELS[d.eligibility]}`);
  for (const item of checklist.items) {
    const final = item.final === 'ok' ? 'satisfait' : item.final === 'ko' ? 'non satisfait' : 'à vérifier';
    line(item.label, `${final}${item.decision?.reason ? ` – ${item.decision.reason}` : ''}`);
  }

  h2('Synthèse des avis');
  line(
    'Avis rendus',
    `${synthesis.renderedCount}${synthesis.expectedCount !== undefined ? ` sur ${synthesis.expectedCount} attendus` : ''}`,
  );
  line('Note moyenne (1 à 4)', synthesis.overall.mean === null ? null : synthesis.overall.mean.toFixed(2).replace('.', ','));
  line('Recommandations', RECOMMENDATIONS.map((r) => `${r.label} : ${synthesis.recommendationCounts[r.code] ?? 0}`).join(' ; '));
  line('Maturité', MATURITY_LEVELS.map((m) => `${m.label} : ${synthesis.maturityVotes[m.code] ?? 0}`).join(' ; '));
  line('Divergence entre relecteurs', synthesis.divergence.any ? 'oui' : 'non');
  if (synthesis.matrix.length) {
    doc.moveDown(0.3).fontSize(8);
    doc.table({
      columnStyles: ['*', 60, 60],
      data: [
        [
          { text: 'Critère', type: 'TH', font: { src: 'Helvetica-Bold' } },
          { text: 'Moyenne', type: 'TH', font: { src: 'Helvetica-Bold' } },
          { text: 'Écart', type: 'TH', font: { src: 'Helvetica-Bold' } },
        ],
        ...synthesis.matrix.map((r) => [
          pdfText(r.label + (r.divergent ? ' (divergence)' : '')),
          r.mean === null ? '—' : r.mean.toFixed(2).replace('.', ','),
          r.spread === null ? '—' : String(r.spread),
        ]),
      ],
    });
  }

  const entries = avisEntriesForPhase(d.phase);
  avis.forEach((a, i) => {
    const c = a.content;
    h2(`Avis ${i + 1} – ${ROLE_LABELS[a.role as Role] ?? a.role}${a.reviewerName ? ` – ${a.reviewerName}` : ''}`);
    if (a.renderedAt) line('Rendu le', parisDateTime(a.renderedAt));
    line('Recommandation', label(RECOMMENDATIONS, c.recommendation));
    const m = obj(c.maturity);
    line('Maturité', label(MATURITY_LEVELS, m.level));
    const t = obj(c.typology);
    line('Typologie', label(TYPOLOGIES, t.type));
    const scores = obj(c.scores);
    for (const e of entries) {
      const s = obj(scores[e.code]);
      line(`${e.label} (${typeof s.score === 'number' ? `${s.score}/4` : 'non noté'})`, typeof s.comment === 'string' ? s.comment : null);
    }
    const markers = obj(m.markers);
    const markerText = MATURITY_MARKERS.map((mk) => `${mk.label} : ${typeof markers[mk.code] === 'number' ? markers[mk.code] : '—'}`).join(
      ' ; ',
    );
    line('Marqueurs de maturité', markerText);
    h3('Synthèse du relecteur');
    para(typeof c.synthesis === 'string' ? c.synthesis : null);
  });
}
