/**
 * Synthesis of the avis of one dossier, for the instructeur and the cabinet (GET /api/dossiers/:id/avis-synthesis).
 * Only rendered avis (status 'rendu') count. Means are rounded to 2 decimals; a spread of 2 points or more on the
 * 1..4 scale marks a divergence.
 */
import {
  AvisPhase,
  MATURITY_CODES,
  MATURITY_MARKERS,
  MaturityCode,
  RECOMMENDATION_CODES,
  RecommendationCode,
  avisEntriesForPhase,
  isAvisPhase,
  isMaturityCode,
  isRecommendationCode,
  isScoreValue,
} from './avis-grid';

/** Spread (max - min) from which reviewers are said to diverge on a criterion. */
export const DIVERGENCE_SPREAD = 2;

export interface AvisForSynthesis {
  id: string;
  reviewerId: string;
  reviewerName?: string | null;
  role: string;
  status: string;
  /** The avis content; read defensively (anything that is not a valid score is ignored). */
  content: unknown;
}

export interface SynthesisReviewer {
  avisId: string;
  reviewerId: string;
  reviewerName: string | null;
  role: string;
  recommendation: RecommendationCode | null;
  maturityLevel: MaturityCode | null;
  /** Mean of this reviewer's entry scores (2 decimals), null if none. */
  overall: number | null;
}

export interface SynthesisRow {
  /** Entry code (matrix) or maturity marker code (markers). */
  entry: string;
  label: string;
  /** One cell per reviewer, aligned with `reviewers`. */
  scores: (number | null)[];
  mean: number | null;
  spread: number | null;
  divergent: boolean;
}

export interface AvisSynthesis {
  phase: AvisPhase;
  reviewers: SynthesisReviewer[];
  matrix: SynthesisRow[];
  markers: SynthesisRow[];
  overall: { mean: number | null };
  recommendationCounts: Record<RecommendationCode, number>;
  maturityVotes: Record<MaturityCode, number>;
  divergence: {
    /** True when any of the flags below is set. */
    any: boolean;
    /** Entry codes whose spread is >= 2. */
    entries: string[];
    /** Maturity marker codes whose spread is >= 2. */
    markers: string[];
    /** Both 'favorable' and 'defavorable' were given. */
    recommendations: boolean;
    /** Both 'emergent' and 'historique' were voted. */
    maturity: boolean;
  };
  renderedCount: number;
  expectedCount?: number;
  /**
   * Seed 001: the AMI targets "PTCE émergents" ("Repérer les dynamiques territoriales en cours, visant à devenir à
   * terme des PTCE"). A dossier the reviewers class "historique" is out of that scope: flagged for the cabinet.
   */
  historique: HistoriqueFlag;
}

/** 'majority': more than half of the rendered avis say historique; 'any': at least one does. */
export const HISTORIQUE_FLAG_RULES = ['majority', 'any'] as const;
export type HistoriqueFlagRule = (typeof HISTORIQUE_FLAG_RULES)[number];
export interface HistoriqueFlag {
  flagged: boolean;
  votes: number;
  rule: HistoriqueFlagRule;
}

export function isHistoriqueFlagRule(x: unknown): x is HistoriqueFlagRule {
  return typeof x === 'string' && (HISTORIQUE_FLAG_RULES as readonly string[]).includes(x);
}

/** The "historique" flag from the maturity votes of the rendered avis. */
export function historiqueFlag(
  maturityVotes: Partial<Record<MaturityCode, number>>,
  rule: HistoriqueFlagRule = 'majority',
): HistoriqueFlag {
  const votes = maturityVotes.historique ?? 0;
  const total = MATURITY_CODES.reduce((n, c) => n + (maturityVotes[c] ?? 0), 0);
  const flagged = rule === 'any' ? votes > 0 : votes * 2 > total;
  return { flagged, votes, rule };
}

function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

function meanOf(values: number[]): number | null {
  if (values.length === 0) return null;
  return round2(values.reduce((a, b) => a + b, 0) / values.length);
}

function obj(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}

function scoreOf(x: unknown): number | null {
  return isScoreValue(x) ? x : null;
}

function row(entry: string, label: string, scores: (number | null)[]): SynthesisRow {
  const present = scores.filter((s): s is number => s !== null);
  const spread = present.length ? Math.max(...present) - Math.min(...present) : null;
  return { entry, label, scores, mean: meanOf(present), spread, divergent: spread !== null && spread >= DIVERGENCE_SPREAD };
}

/**
 * @param avis every avis of the dossier (any status; only 'rendu' ones are used), in the order to show reviewers
 * @param phase the dossier's phase (phase 2 adds the `montant_demande` entry)
 * @param options.expectedCount how many avis are expected (e.g. the campaign's required roles), echoed back
 */
export function computeSynthesis(
  avis: readonly AvisForSynthesis[],
  phase: AvisPhase,
  options: { expectedCount?: number; historiqueRule?: HistoriqueFlagRule } = {},
): AvisSynthesis {
  if (!isAvisPhase(phase)) throw new RangeError(`Phase inconnue : ${String(phase)} (1 ou 2 attendu).`);
  const rendered = avis.filter((a) => a.status === 'rendu');
  const entries = avisEntriesForPhase(phase);
  const contents = rendered.map((a) => obj(a.content));

  const matrix = entries.map((e) =>
    row(
      e.code,
      e.label,
      contents.map((c) => scoreOf(obj(obj(c.scores)[e.code]).score)),
    ),
  );
  const markers = MATURITY_MARKERS.map((m) =>
    row(
      m.code,
      m.label,
      contents.map((c) => scoreOf(obj(obj(c.maturity).markers)[m.code])),
    ),
  );

  const reviewers: SynthesisReviewer[] = rendered.map((a, i) => {
    const c = contents[i];
    const own = matrix.map((r) => r.scores[i]).filter((s): s is number => s !== null);
    return {
      avisId: a.id,
      reviewerId: a.reviewerId,
      reviewerName: a.reviewerName ?? null,
      role: a.role,
      recommendation: isRecommendationCode(c.recommendation) ? c.recommendation : null,
      maturityLevel: isMaturityCode(obj(c.maturity).level) ? (obj(c.maturity).level as MaturityCode) : null,
      overall: meanOf(own),
    };
  });

  const allScores = matrix.flatMap((r) => r.scores).filter((s): s is number => s !== null);

  const recommendationCounts = Object.fromEntries(RECOMMENDATION_CODES.map((c) => [c, 0])) as Record<RecommendationCode, number>;
  const maturityVotes = Object.fromEntries(MATURITY_CODES.map((c) => [c, 0])) as Record<MaturityCode, number>;
  for (const r of reviewers) {
    if (r.recommendation) recommendationCounts[r.recommendation]++;
    if (r.maturityLevel) maturityVotes[r.maturityLevel]++;
  }

  const divergentEntries = matrix.filter((r) => r.divergent).map((r) => r.entry);
  const divergentMarkers = markers.filter((r) => r.divergent).map((r) => r.entry);
  const recommendationsDiverge = recommendationCounts.favorable > 0 && recommendationCounts.defavorable > 0;
  const maturityDiverges = maturityVotes.emergent > 0 && maturityVotes.historique > 0;

  const result: AvisSynthesis = {
    phase,
    reviewers,
    matrix,
    markers,
    overall: { mean: meanOf(allScores) },
    recommendationCounts,
    maturityVotes,
    divergence: {
      any: divergentEntries.length > 0 || divergentMarkers.length > 0 || recommendationsDiverge || maturityDiverges,
      entries: divergentEntries,
      markers: divergentMarkers,
      recommendations: recommendationsDiverge,
      maturity: maturityDiverges,
    },
    renderedCount: rendered.length,
    historique: historiqueFlag(maturityVotes, options.historiqueRule),
  };
  if (options.expectedCount !== undefined) result.expectedCount = options.expectedCount;
  return result;
}
