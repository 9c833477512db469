import { boardSynthesis, compareForRank, plurality } from './board';

const avis = (score: number, recommendation: string, level: string, type = 'territoire', status = 'rendu') => ({
  id: `${score}${recommendation}`,
  reviewerId: 'r',
  role: 'cress',
  status,
  content: {
    scores: { structure_porteuse: { score }, objectifs: { score } },
    maturity: { level, markers: {} },
    typology: { type },
    recommendation,
  },
});

describe('selection board (pure)', () => {
  it('takes the plurality, or null when tied or empty', () => {
    expect(plurality({ a: 2, b: 1 })).toBe('a');
    expect(plurality({ a: 1, b: 1 })).toBeNull();
    expect(plurality({ a: 0, b: 0 })).toBeNull();
  });

  it('sums the rendered avis up: mean, recommendations under the contract names, maturity, typology, divergence', () => {
    const s = boardSynthesis(
      [
        avis(4, 'favorable', 'historique', 'filiere'),
        avis(1, 'favorable_reserves', 'historique', 'filiere'),
        avis(3, 'defavorable', 'emergent', 'territoire', 'brouillon'),
      ],
      1,
    );
    expect(s).toEqual({
      maturity: 'historique',
      typology: 'filiere',
      meanScore: 2.5,
      recommendations: { favorable: 1, favorable_avec_reserves: 1, defavorable: 0 },
      divergent: true,
      avisRendered: 2,
      historique: true,
    });
    expect(boardSynthesis([], 2)).toMatchObject({ meanScore: null, maturity: null, typology: null, avisRendered: 0, divergent: false });
  });

  it('flags a dossier the reviewers class historique (seed 001: "AMI dédié aux PTCE émergents")', () => {
    expect(
      boardSynthesis([avis(3, 'favorable', 'historique', 'territoire'), avis(3, 'favorable', 'emergent', 'territoire')], 1).historique,
    ).toBe(false);
    process.env.HISTORIQUE_FLAG_RULE = 'any';
    try {
      expect(
        boardSynthesis([avis(3, 'favorable', 'historique', 'territoire'), avis(3, 'favorable', 'emergent', 'territoire')], 1).historique,
      ).toBe(true);
    } finally {
      delete process.env.HISTORIQUE_FLAG_RULE;
    }
  });

  it('ranks by mean score (none last), then favorable avis, then name', () => {
    const mk = (projectName: string, meanScore: number | null, favorable = 0) => ({
      projectName,
      meanScore,
      recommendations: { favorable },
    });
    const sorted = [mk('Zeta', 3), mk('Beta', null), mk('Alpha', 3), mk('Eta', 3, 2), mk('Top', 4)].sort(compareForRank);
    expect(sorted.map((x) => x.projectName)).toEqual(['Top', 'Eta', 'Alpha', 'Zeta', 'Beta']);
  });
});
