import { computeSynthesis, isHistoriqueFlagRule, MATURITY_CODES, TYPOLOGY_CODES, type AvisForSynthesis } from '@ptce/domain';
import type { Phase } from './phase';

/** The avis of one dossier summed up for the selection board (computed by the domain lib's synthesis). */
export interface BoardSynthesis {
  maturity: string | null;
  typology: string | null;
  meanScore: number | null;
  recommendations: { favorable: number; favorable_avec_reserves: number; defavorable: number };
  divergent: boolean;
  avisRendered: number;
  /** Reviewers class the dossier "historique" (seed 001: the AMI targets emerging PTCE); HISTORIQUE_FLAG_RULE = majority | any. */
  historique: boolean;
}

/** The strict majority (plurality) among the votes, or null when nobody voted or the top is tied. */
export function plurality(votes: Record<string, number>): string | null {
  const sorted = Object.entries(votes)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (sorted.length === 0) return null;
  if (sorted.length > 1 && sorted[1][1] === sorted[0][1]) return null;
  return sorted[0][0];
}

/** HISTORIQUE_FLAG_RULE (validated at start by loadConfig): one rule for the board and the dossier's synthesis. */
export function historiqueFlagRule(): 'majority' | 'any' {
  const rule = process.env.HISTORIQUE_FLAG_RULE;
  return isHistoriqueFlagRule(rule) ? rule : 'majority';
}

export function boardSynthesis(avis: AvisForSynthesis[], phase: Phase): BoardSynthesis {
  const s = computeSynthesis(avis, phase, { historiqueRule: historiqueFlagRule() });
  const typologyVotes: Record<string, number> = Object.fromEntries(TYPOLOGY_CODES.map((c) => [c, 0]));
  for (const a of avis) {
    if (a.status !== 'rendu') continue;
    const t = (a.content as { typology?: { type?: unknown } } | null)?.typology?.type;
    if (typeof t === 'string' && t in typologyVotes) typologyVotes[t]++;
  }
  const maturityVotes: Record<string, number> = Object.fromEntries(MATURITY_CODES.map((c) => [c, s.maturityVotes[c] ?? 0]));
  return {
    maturity: plurality(maturityVotes),
    typology: plurality(typologyVotes),
    meanScore: s.overall.mean,
    recommendations: {
      favorable: s.recommendationCounts.favorable,
      favorable_avec_reserves: s.recommendationCounts.favorable_reserves,
      defavorable: s.recommendationCounts.defavorable,
    },
    divergent: s.divergence.any,
    avisRendered: s.renderedCount,
    historique: s.historique.flagged,
  };
}

/** Ranking: mean score, best first (no score last), then more favorable avis, then the project name. */
export function compareForRank(
  a: { meanScore: number | null; recommendations: { favorable: number }; projectName: string },
  b: { meanScore: number | null; recommendations: { favorable: number }; projectName: string },
): number {
  const ma = a.meanScore ?? -1;
  const mb = b.meanScore ?? -1;
  if (ma !== mb) return mb - ma;
  if (a.recommendations.favorable !== b.recommendations.favorable) return b.recommendations.favorable - a.recommendations.favorable;
  return a.projectName.localeCompare(b.projectName, 'fr');
}
