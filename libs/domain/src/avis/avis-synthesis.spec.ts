import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from './avis-grid';
import { AvisForSynthesis, computeSynthesis, historiqueFlag } from './avis-synthesis';

/** Scores per entry, in AVIS_ENTRY_CODES order, for reviewers A, B, C. */
const ENTRY_SCORES: Record<string, [number, number, number]> = {
  structure_porteuse: [3, 3, 4],
  objectifs_vision: [3, 2, 3],
  acteurs_impliques: [3, 3, 3],
  gouvernance: [4, 2, 1],
  perimetre_ancrage: [3, 3, 2],
  plan_actions: [3, 2, 3],
  implication_membres: [3, 3, 3],
  articulation_dispositifs: [3, 4, 2],
  financement: [2, 4, 3],
};
/** Maturity marker scores for A, B, C. */
const MARKER_SCORES: Record<string, [number, number, number]> = {
  besoins_territoire: [2, 2, 3],
  pluralite_acteurs: [3, 3, 3],
  structuration_collectif: [1, 3, 2],
  implication_parties_prenantes: [2, 2, 2],
  projets_concrets: [1, 1, 2],
  modelisation_essaimage: [1, 2, 1],
};

function content(i: 0 | 1 | 2, level: string, recommendation: string) {
  return {
    scores: Object.fromEntries(Object.entries(ENTRY_SCORES).map(([k, v]) => [k, { score: v[i], comment: 'Commentaire.' }])),
    maturity: { level, markers: Object.fromEntries(Object.entries(MARKER_SCORES).map(([k, v]) => [k, v[i]])) },
    typology: { type: 'territoire', actionLogics: [] },
    recommendation,
    synthesis: 'Synthèse suffisamment longue pour être rendue, cinquante caractères au moins.',
  };
}

const allOnes = {
  scores: Object.fromEntries(AVIS_ENTRY_CODES.map((k) => [k, { score: 1, comment: 'x' }])),
  maturity: { level: 'historique', markers: Object.fromEntries(MATURITY_MARKER_CODES.map((k) => [k, 4])) },
  recommendation: 'defavorable',
};

const FIXTURE: AvisForSynthesis[] = [
  {
    id: 'av-a',
    reviewerId: 'u-a',
    reviewerName: 'Correspondante A',
    role: 'correspondant_ess',
    status: 'rendu',
    content: content(0, 'emergent', 'favorable'),
  },
  { id: 'av-d', reviewerId: 'u-d', reviewerName: 'Expert D', role: 'expert', status: 'brouillon', content: allOnes },
  { id: 'av-b', reviewerId: 'u-b', role: 'cress', status: 'rendu', content: content(1, 'emergent', 'favorable_reserves') },
  { id: 'av-e', reviewerId: 'u-e', role: 'compagnon', status: 'decline', content: allOnes },
  {
    id: 'av-c',
    reviewerId: 'u-c',
    reviewerName: 'Compagnon C',
    role: 'compagnon',
    status: 'rendu',
    content: content(2, 'en_developpement', 'defavorable'),
  },
];

describe('computeSynthesis', () => {
  const s = computeSynthesis(FIXTURE, 1, { expectedCount: 4 });

  it('uses only rendered avis, in input order', () => {
    expect(s.renderedCount).toBe(3);
    expect(s.expectedCount).toBe(4);
    expect(s.reviewers.map((r) => r.avisId)).toEqual(['av-a', 'av-b', 'av-c']);
    expect(s.reviewers[1].reviewerName).toBeNull();
    expect(s.reviewers.map((r) => [r.role, r.recommendation, r.maturityLevel])).toEqual([
      ['correspondant_ess', 'favorable', 'emergent'],
      ['cress', 'favorable_reserves', 'emergent'],
      ['compagnon', 'defavorable', 'en_developpement'],
    ]);
  });

  it("computes each reviewer's overall as the mean of their entry scores", () => {
    // A: 3+3+3+4+3+3+3+3+2 = 27 → 27/9 = 3
    // B: 3+2+3+2+3+2+3+4+4 = 26 → 26/9 = 2.888… → 2.89
    // C: 4+3+3+1+2+3+3+2+3 = 24 → 24/9 = 2.666… → 2.67
    expect(s.reviewers.map((r) => r.overall)).toEqual([3, 2.89, 2.67]);
    // every entry score of every rendered avis: (27+26+24)/27 = 77/27 = 2.851… → 2.85
    expect(s.overall.mean).toBe(2.85);
  });

  it('builds the entry matrix aligned with the reviewers, with mean, spread and divergence', () => {
    expect(s.matrix.map((r) => r.entry)).toEqual([...AVIS_ENTRY_CODES]);
    const byEntry = Object.fromEntries(s.matrix.map((r) => [r.entry, r]));
    expect(byEntry.gouvernance).toEqual({
      entry: 'gouvernance',
      label: 'Mode de gouvernance',
      scores: [4, 2, 1],
      mean: 2.33, // 7/3
      spread: 3,
      divergent: true,
    });
    expect(byEntry.structure_porteuse).toMatchObject({ scores: [3, 3, 4], mean: 3.33, spread: 1, divergent: false }); // 10/3
    expect(byEntry.objectifs_vision).toMatchObject({ mean: 2.67, spread: 1, divergent: false }); // 8/3
    expect(byEntry.acteurs_impliques).toMatchObject({ mean: 3, spread: 0, divergent: false });
    expect(byEntry.articulation_dispositifs).toMatchObject({ scores: [3, 4, 2], mean: 3, spread: 2, divergent: true });
    expect(byEntry.financement).toMatchObject({ scores: [2, 4, 3], mean: 3, spread: 2, divergent: true });
  });

  it('builds the maturity marker rows the same way', () => {
    expect(s.markers.map((r) => r.entry)).toEqual([...MATURITY_MARKER_CODES]);
    expect(s.markers.map((r) => r.mean)).toEqual([2.33, 3, 2, 2, 1.33, 1.33]); // 7/3, 9/3, 6/3, 6/3, 4/3, 4/3
    expect(s.markers.map((r) => r.spread)).toEqual([1, 0, 2, 0, 1, 1]);
    expect(s.markers[2]).toMatchObject({ entry: 'structuration_collectif', label: 'Structuration du collectif', divergent: true });
  });

  it('counts recommendations and maturity votes, and flags divergences', () => {
    expect(s.recommendationCounts).toEqual({ favorable: 1, favorable_reserves: 1, defavorable: 1 });
    expect(s.maturityVotes).toEqual({ emergent: 2, en_developpement: 1, historique: 0 });
    expect(s.divergence).toEqual({
      any: true,
      entries: ['gouvernance', 'articulation_dispositifs', 'financement'],
      markers: ['structuration_collectif'],
      recommendations: true,
      maturity: false,
    });
  });

  it('answers nulls and zeros when nothing is rendered yet', () => {
    const empty = computeSynthesis(
      FIXTURE.filter((a) => a.status !== 'rendu'),
      1,
    );
    expect(empty.renderedCount).toBe(0);
    expect(empty.reviewers).toEqual([]);
    expect(empty.expectedCount).toBeUndefined();
    expect(empty.overall.mean).toBeNull();
    expect(empty.matrix).toHaveLength(9);
    expect(empty.matrix[0]).toEqual({
      entry: 'structure_porteuse',
      label: 'Structure porteuse du projet',
      scores: [],
      mean: null,
      spread: null,
      divergent: false,
    });
    expect(empty.recommendationCounts).toEqual({ favorable: 0, favorable_reserves: 0, defavorable: 0 });
    expect(empty.maturityVotes).toEqual({ emergent: 0, en_developpement: 0, historique: 0 });
    expect(empty.divergence).toEqual({ any: false, entries: [], markers: [], recommendations: false, maturity: false });
  });

  it('reads contents defensively and leaves a null cell for a missing or invalid score', () => {
    const s2 = computeSynthesis(
      [
        {
          id: '1',
          reviewerId: 'r1',
          role: 'expert',
          status: 'rendu',
          content: {
            scores: { gouvernance: { score: 4 }, financement: { score: 9 } },
            recommendation: 'favorable',
            maturity: { level: 'emergent' },
          },
        },
        {
          id: '2',
          reviewerId: 'r2',
          role: 'cress',
          status: 'rendu',
          content: { scores: { gouvernance: { score: 1 } }, recommendation: 'defavorable', maturity: { level: 'historique' } },
        },
        { id: '3', reviewerId: 'r3', role: 'compagnon', status: 'rendu', content: null },
      ],
      1,
    );
    const gov = s2.matrix.find((r) => r.entry === 'gouvernance')!;
    expect(gov).toMatchObject({ scores: [4, 1, null], mean: 2.5, spread: 3, divergent: true });
    expect(s2.matrix.find((r) => r.entry === 'financement')).toMatchObject({ scores: [null, null, null], mean: null, spread: null });
    expect(s2.reviewers.map((r) => r.overall)).toEqual([4, 1, null]);
    expect(s2.reviewers[2]).toMatchObject({ recommendation: null, maturityLevel: null });
    expect(s2.overall.mean).toBe(2.5);
    expect(s2.divergence).toMatchObject({ any: true, recommendations: true, maturity: true, entries: ['gouvernance'] });
  });

  it('includes the montant_demande row in phase 2', () => {
    const c = content(0, 'emergent', 'favorable');
    (c.scores as Record<string, unknown>).montant_demande = { score: 1, comment: 'Montant disproportionné.' };
    const s2 = computeSynthesis([{ id: 'x', reviewerId: 'r', role: 'expert', status: 'rendu', content: c }], 2);
    expect(s2.phase).toBe(2);
    expect(s2.matrix).toHaveLength(10);
    expect(s2.matrix[9]).toMatchObject({ entry: 'montant_demande', scores: [1], mean: 1, spread: 0 });
    // (27 + 1) / 10 = 2.8
    expect(s2.reviewers[0].overall).toBe(2.8);
    // the phase-1 synthesis of the same avis ignores it: 27/9
    expect(computeSynthesis([{ id: 'x', reviewerId: 'r', role: 'expert', status: 'rendu', content: c }], 1).overall.mean).toBe(3);
  });
});

describe('the "historique" flag (issue 15)', () => {
  // Seed 001: the AMI is "dédié aux PTCE émergents": "Repérer les dynamiques territoriales en cours, visant à devenir à
  // terme des PTCE". A dossier classed historique by the reviewers is flagged for the cabinet.
  const av = (id: string, level: string | null): AvisForSynthesis => ({
    id,
    reviewerId: id,
    role: 'cress',
    status: 'rendu',
    content: { maturity: { level } },
  });
  it('majority (default): more than half of the rendered avis', () => {
    expect(computeSynthesis([av('a', 'historique'), av('b', 'historique'), av('c', 'emergent')], 1).historique).toEqual({
      flagged: true,
      votes: 2,
      rule: 'majority',
    });
    expect(computeSynthesis([av('a', 'historique'), av('b', 'emergent')], 1).historique.flagged).toBe(false);
  });
  it('any: one historique avis is enough', () => {
    expect(computeSynthesis([av('a', 'historique'), av('b', 'emergent')], 1, { historiqueRule: 'any' }).historique.flagged).toBe(true);
    expect(historiqueFlag({ emergent: 3 }, 'any').flagged).toBe(false);
  });
});
