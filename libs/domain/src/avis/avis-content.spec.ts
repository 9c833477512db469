import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from './avis-grid';
import { AvisContent, emptyAvisContent, isAvisComplete, validateDraft, validateForSubmit } from './avis-content';

const SYNTHESIS = 'Dynamique bien ancrée, gouvernance ouverte, plan de financement à consolider avec les collectivités.';

function complete(overrides: Partial<AvisContent> = {}): AvisContent {
  const scores = Object.fromEntries(
    AVIS_ENTRY_CODES.map((c) => [c, { score: 3, comment: `Appréciation sur ${c}.` }]),
  ) as AvisContent['scores'];
  const markers = Object.fromEntries(MATURITY_MARKER_CODES.map((c) => [c, 2])) as AvisContent['maturity']['markers'];
  return {
    scores,
    maturity: { level: 'emergent', markers },
    typology: { type: 'territoire', actionLogics: ['mise_en_reseau'] },
    recommendation: 'favorable_reserves',
    synthesis: SYNTHESIS,
    ...overrides,
  };
}

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('validateDraft', () => {
  it('accepts an empty, a partial and a complete content', () => {
    expect(validateDraft(undefined, 1)).toEqual([]);
    expect(validateDraft(null, 1)).toEqual([]);
    expect(validateDraft({}, 1)).toEqual([]);
    expect(validateDraft(emptyAvisContent(), 1)).toEqual([]);
    expect(validateDraft({ scores: { gouvernance: { score: 2 } } }, 1)).toEqual([]);
    expect(validateDraft({ scores: { gouvernance: { comment: 'à voir' }, financement: null } }, 1)).toEqual([]);
    expect(validateDraft({ maturity: { markers: { projets_concrets: 1 } }, typology: { actionLogics: [] } }, 1)).toEqual([]);
    expect(validateDraft({ synthesis: 'court' }, 1)).toEqual([]); // too short only matters on submit
    expect(validateDraft(complete(), 1)).toEqual([]);
  });

  it('rejects a content that is not an object', () => {
    expect(validateDraft('texte', 1)).toEqual([{ field: '', message: "Le contenu de l'avis doit être un objet." }]);
    expect(validateDraft([], 1)).toHaveLength(1);
  });

  it('rejects unknown entries and unknown fields', () => {
    expect(validateDraft({ scores: { cuisine: { score: 3 } } }, 1)).toEqual([
      { field: 'scores.cuisine', message: 'Entrée de grille inconnue « cuisine ».' },
    ]);
    expect(validateDraft({ foo: 1 }, 1)).toEqual([{ field: 'foo', message: 'Champ inconnu « foo ».' }]);
    expect(fields(validateDraft({ scores: { gouvernance: { score: 3, note: 4 } } }, 1))).toEqual(['scores.gouvernance.note']);
    expect(fields(validateDraft({ maturity: { niveau: 'emergent' } }, 1))).toEqual(['maturity.niveau']);
  });

  it('only accepts montant_demande in phase 2', () => {
    expect(validateDraft({ scores: { montant_demande: { score: 2 } } }, 1)).toEqual([
      {
        field: 'scores.montant_demande',
        message: "L'entrée « Cohérence du montant demandé » ne fait pas partie de la grille de la phase 1.",
      },
    ]);
    expect(validateDraft({ scores: { montant_demande: { score: 2 } } }, 2)).toEqual([]);
  });

  it.each([0, 5, 2.5, '3', true, -1, NaN])('rejects the score %p', (score) => {
    expect(validateDraft({ scores: { gouvernance: { score } } }, 1)).toEqual([
      { field: 'scores.gouvernance.score', message: 'La note de « Mode de gouvernance » doit être un nombre entier de 1 à 4.' },
    ]);
  });

  it('rejects a comment that is not a text or is over 5000 characters', () => {
    expect(validateDraft({ scores: { gouvernance: { comment: 'x'.repeat(5000) } } }, 1)).toEqual([]);
    expect(validateDraft({ scores: { gouvernance: { comment: 'x'.repeat(5001) } } }, 1)).toEqual([
      { field: 'scores.gouvernance.comment', message: 'Le commentaire de « Mode de gouvernance » dépasse 5000 caractères (5001).' },
    ]);
    expect(validateDraft({ scores: { gouvernance: { comment: 12 } } }, 1)).toEqual([
      { field: 'scores.gouvernance.comment', message: 'Le commentaire de « Mode de gouvernance » doit être un texte.' },
    ]);
    expect(fields(validateDraft({ scores: { gouvernance: 3 } }, 1))).toEqual(['scores.gouvernance']);
    expect(fields(validateDraft({ scores: [] }, 1))).toEqual(['scores']);
  });

  it('rejects unknown maturity, marker, typology, action logic and recommendation codes', () => {
    const errors = validateDraft(
      {
        maturity: { level: 'mature', markers: { besoins_territoire: 7, charisme: 2 } },
        typology: { type: 'secteur', actionLogics: ['mise_en_reseau', 'lobbying', 'mise_en_reseau'] },
        recommendation: 'oui',
      },
      1,
    );
    expect(errors).toEqual([
      {
        field: 'maturity.level',
        message: 'Niveau de maturité inconnu « mature » (attendu : « emergent », « en_developpement », « historique »).',
      },
      {
        field: 'maturity.markers.besoins_territoire',
        message: 'La note de « Identification des besoins du territoire » doit être un nombre entier de 1 à 4.',
      },
      { field: 'maturity.markers.charisme', message: 'Marqueur de maturité inconnu « charisme ».' },
      { field: 'typology.type', message: 'Typologie inconnue « secteur » (attendu : « territoire », « filiere »).' },
      {
        field: 'typology.actionLogics.1',
        message:
          "Logique d'action inconnue « lobbying » (attendu : « mise_en_reseau », « accompagnement_incubation », « ingenierie_developpement »).",
      },
      { field: 'typology.actionLogics.2', message: "Logique d'action « mise_en_reseau » en double." },
      {
        field: 'recommendation',
        message: 'Recommandation inconnue « oui » (attendu : « favorable », « favorable_reserves », « defavorable »).',
      },
    ]);
  });

  it('rejects malformed maturity / typology shapes and an over-long synthesis', () => {
    expect(fields(validateDraft({ maturity: 'emergent' }, 1))).toEqual(['maturity']);
    expect(fields(validateDraft({ maturity: { markers: [1, 2] } }, 1))).toEqual(['maturity.markers']);
    expect(fields(validateDraft({ typology: 'territoire' }, 1))).toEqual(['typology']);
    expect(fields(validateDraft({ typology: { actionLogics: 'mise_en_reseau' } }, 1))).toEqual(['typology.actionLogics']);
    expect(validateDraft({ synthesis: 'x'.repeat(10001) }, 1)).toEqual([
      { field: 'synthesis', message: 'La synthèse dépasse 10000 caractères (10001).' },
    ]);
    expect(validateDraft({ synthesis: 42 }, 1)).toEqual([{ field: 'synthesis', message: 'La synthèse doit être un texte.' }]);
  });

  it('throws on an unknown phase', () => {
    expect(() => validateDraft({}, 3 as never)).toThrow(RangeError);
    expect(() => validateForSubmit({}, 0 as never)).toThrow(RangeError);
  });
});

describe('validateForSubmit', () => {
  it('accepts a complete avis, with or without action logics', () => {
    expect(validateForSubmit(complete(), 1)).toEqual([]);
    expect(validateForSubmit(complete({ typology: { type: 'filiere', actionLogics: [] } }), 1)).toEqual([]);
    expect(isAvisComplete(complete(), 1)).toBe(true);
  });

  it('names everything missing from an empty content, in French', () => {
    const errors = validateForSubmit({}, 1);
    // 9 scores + 9 comments + level + 6 markers + typology + recommendation + synthesis
    expect(errors).toHaveLength(9 + 9 + 1 + 6 + 3);
    expect(errors).toContainEqual({ field: 'scores.gouvernance', message: 'Note manquante pour « Mode de gouvernance ».' });
    expect(errors).toContainEqual({
      field: 'scores.gouvernance.comment',
      message: 'Commentaire manquant pour « Mode de gouvernance ».',
    });
    expect(errors).toContainEqual({ field: 'maturity.level', message: 'Niveau de maturité manquant.' });
    expect(errors).toContainEqual({
      field: 'maturity.markers.modelisation_essaimage',
      message: 'Marqueur de maturité « Modélisation et essaimage » non noté.',
    });
    expect(errors).toContainEqual({ field: 'typology.type', message: 'Typologie manquante.' });
    expect(errors).toContainEqual({ field: 'recommendation', message: 'Recommandation manquante.' });
    expect(errors).toContainEqual({ field: 'synthesis', message: 'Synthèse manquante.' });
    expect(validateForSubmit(undefined, 1)).toEqual(errors);
    expect(isAvisComplete({}, 1)).toBe(false);
  });

  it('reports a missing or blank comment and a missing score separately', () => {
    const c = complete();
    c.scores.financement = { score: 2, comment: '   ' };
    delete (c.scores as Partial<AvisContent['scores']>).gouvernance;
    expect(validateForSubmit(c, 1)).toEqual([
      { field: 'scores.gouvernance', message: 'Note manquante pour « Mode de gouvernance ».' },
      { field: 'scores.gouvernance.comment', message: 'Commentaire manquant pour « Mode de gouvernance ».' },
      { field: 'scores.financement.comment', message: 'Commentaire manquant pour « Financement prévisionnel ».' },
    ]);
  });

  it('requires a synthesis of at least 50 characters (trimmed)', () => {
    expect(validateForSubmit(complete({ synthesis: '  Trop court.  ' }), 1)).toEqual([
      { field: 'synthesis', message: 'La synthèse doit compter au moins 50 caractères (11 actuellement).' },
    ]);
    expect(validateForSubmit(complete({ synthesis: ' '.repeat(80) }), 1)).toEqual([{ field: 'synthesis', message: 'Synthèse manquante.' }]);
    expect(validateForSubmit(complete({ synthesis: 'x'.repeat(50) }), 1)).toEqual([]);
  });

  it('requires every maturity marker and the level', () => {
    const c = complete();
    c.maturity = { level: null, markers: { ...c.maturity.markers } };
    delete (c.maturity.markers as Partial<Record<string, number>>).pluralite_acteurs;
    expect(validateForSubmit(c, 1)).toEqual([
      { field: 'maturity.level', message: 'Niveau de maturité manquant.' },
      {
        field: 'maturity.markers.pluralite_acteurs',
        message: 'Marqueur de maturité « Pluralité des parties prenantes » non noté.',
      },
    ]);
  });

  it('reports wrong values before missing ones, without double-counting a wrong score as missing', () => {
    const c = complete() as unknown as { scores: Record<string, unknown>; recommendation: unknown };
    c.scores.gouvernance = { score: 9, comment: 'ok' };
    c.recommendation = null;
    expect(validateForSubmit(c, 1)).toEqual([
      { field: 'scores.gouvernance.score', message: 'La note de « Mode de gouvernance » doit être un nombre entier de 1 à 4.' },
      { field: 'recommendation', message: 'Recommandation manquante.' },
    ]);
  });

  it('requires the montant_demande entry in phase 2', () => {
    expect(validateForSubmit(complete(), 2)).toEqual([
      { field: 'scores.montant_demande', message: 'Note manquante pour « Cohérence du montant demandé ».' },
      { field: 'scores.montant_demande.comment', message: 'Commentaire manquant pour « Cohérence du montant demandé ».' },
    ]);
    const c2 = complete();
    (c2.scores as Record<string, unknown>).montant_demande = { score: 4, comment: 'Cohérent avec le budget.' };
    expect(validateForSubmit(c2, 2)).toEqual([]);
    expect(fields(validateForSubmit(c2, 1))).toEqual(['scores.montant_demande']);
  });

  it('stops at a content that is not an object', () => {
    expect(validateForSubmit(42, 1)).toEqual([{ field: '', message: "Le contenu de l'avis doit être un objet." }]);
  });
});

describe('prévu / réalisé per answer (issue 15)', () => {
  // Seed 000: "Les questions peuvent être posées au futur en fonction de la maturité du projet."
  it('accepts horizon prevu or realise on an entry, refuses anything else', () => {
    expect(validateDraft({ scores: { plan_actions: { score: 2, comment: 'Actions à venir.', horizon: 'prevu' } } }, 1)).toEqual([]);
    expect(validateDraft({ scores: { plan_actions: { horizon: 'realise' } } }, 1)).toEqual([]);
    const errors = validateDraft({ scores: { plan_actions: { horizon: 'futur' } } } as never, 1);
    expect(errors.map((e) => e.field)).toEqual(['scores.plan_actions.horizon']);
    expect(errors[0].message).toMatch(/prévu/);
  });
  it('a complete avis may say prevu and still be submitted', () => {
    const c = complete();
    c.scores.plan_actions = { score: 3, comment: 'Plan prévu sur 3 ans.', horizon: 'prevu' };
    expect(validateForSubmit(c, 1)).toEqual([]);
  });
});
