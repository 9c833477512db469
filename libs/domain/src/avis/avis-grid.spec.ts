import {
  ACTION_LOGICS,
  AVIS_ENTRY_CODES,
  AVIS_GRID_ENTRIES,
  MATURITY_LEVELS,
  MATURITY_MARKERS,
  RECOMMENDATIONS,
  SCORE_SCALE,
  TYPOLOGIES,
  avisEntryCodesForPhase,
  avisEntryLabel,
  getAvisGrid,
  isScoreValue,
} from './avis-grid';

describe('avis grid (CAP PTCE)', () => {
  it('has exactly the 9 entries, in the order of the CAP PTCE grid', () => {
    expect(AVIS_GRID_ENTRIES.map((e) => e.code)).toEqual([
      'structure_porteuse',
      'objectifs_vision',
      'acteurs_impliques',
      'gouvernance',
      'perimetre_ancrage',
      'plan_actions',
      'implication_membres',
      'articulation_dispositifs',
      'financement',
    ]);
    expect(AVIS_GRID_ENTRIES.map((e) => e.code)).toEqual([...AVIS_ENTRY_CODES]);
  });

  it.each(AVIS_GRID_ENTRIES.map((e) => [e.code, e] as const))('%s has a label, ≥2 questions and ≥2 examples', (_code, e) => {
    expect(e.label.trim().length).toBeGreaterThan(3);
    expect(e.questions.length).toBeGreaterThanOrEqual(2);
    expect(e.examples.length).toBeGreaterThanOrEqual(2);
    for (const q of e.questions) expect(q.trim()).toMatch(/\?$/);
    for (const x of [...e.questions, ...e.examples]) expect(x.trim().length).toBeGreaterThan(5);
    expect(new Set(e.questions).size).toBe(e.questions.length);
  });

  it('keeps the questions and examples of the source document', () => {
    const text = (code: string) => {
      const e = AVIS_GRID_ENTRIES.find((x) => x.code === code)!;
      return [...e.questions, ...e.examples].join(' | ');
    };
    expect(text('structure_porteuse')).toMatch(/expérience de la structure porteuse/);
    expect(text('objectifs_vision')).toMatch(/constats de départ/);
    expect(text('objectifs_vision')).toMatch(/Circuits courts alimentaires|circuits courts alimentaires/);
    expect(text('acteurs_impliques')).toMatch(/compétences, leurs expertises/);
    expect(text('gouvernance')).toMatch(/formalisée ou non formalisée/);
    expect(text('perimetre_ancrage')).toMatch(/ressources du territoire/);
    expect(text('plan_actions')).toMatch(/actions en cours ou à venir/);
    expect(text('implication_membres')).toMatch(/Mise à disposition de personnel/);
    expect(text('articulation_dispositifs')).toMatch(/Territoire zéro chômeur/);
    expect(text('articulation_dispositifs')).toMatch(/politiques publiques/);
    expect(text('financement')).toMatch(/financement participatif/);
  });

  it('labels the 1..4 score scale in French', () => {
    expect(SCORE_SCALE).toEqual([
      { value: 1, label: 'Insuffisant' },
      { value: 2, label: 'À conforter' },
      { value: 3, label: 'Satisfaisant' },
      { value: 4, label: 'Très satisfaisant' },
    ]);
    expect([0, 1, 2.5, 4, 5, '3', null].map(isScoreValue)).toEqual([false, true, false, true, false, false, false]);
  });

  it('has the maturity levels, the 6 markers, the typology, the action logics and the recommendations of seed 002', () => {
    expect(MATURITY_LEVELS.map((m) => m.code)).toEqual(['emergent', 'en_developpement', 'historique']);
    expect(MATURITY_LEVELS.map((m) => m.label)).toEqual(['Émergent', 'En développement (existant)', 'Historique']);
    expect(MATURITY_MARKERS.map((m) => m.code)).toEqual([
      'besoins_territoire',
      'pluralite_acteurs',
      'structuration_collectif',
      'implication_parties_prenantes',
      'projets_concrets',
      'modelisation_essaimage',
    ]);
    for (const m of [...MATURITY_LEVELS, ...MATURITY_MARKERS, ...TYPOLOGIES, ...ACTION_LOGICS]) {
      expect(m.label.length).toBeGreaterThan(3);
      expect(m.description.length).toBeGreaterThan(20);
      expect(m.description).not.toMatch(/\n/);
    }
    expect(TYPOLOGIES.map((t) => t.code)).toEqual(['territoire', 'filiere']);
    expect(ACTION_LOGICS.map((a) => a.code)).toEqual(['mise_en_reseau', 'accompagnement_incubation', 'ingenierie_developpement']);
    expect(RECOMMENDATIONS).toEqual([
      { code: 'favorable', label: 'Favorable' },
      { code: 'favorable_reserves', label: 'Favorable avec réserves' },
      { code: 'defavorable', label: 'Défavorable' },
    ]);
  });

  it('serves the phase 1 grid with its rules', () => {
    const g = getAvisGrid(1);
    expect(g.phase).toBe(1);
    expect(g.entries).toHaveLength(9);
    expect(g.scoreScale).toHaveLength(4);
    expect(g.maturityLevels).toHaveLength(3);
    expect(g.maturityMarkers).toHaveLength(6);
    expect(g.typologies).toHaveLength(2);
    expect(g.actionLogics).toHaveLength(3);
    expect(g.actionLogicsCumulative).toBe(true);
    expect(g.recommendations).toHaveLength(3);
    expect(g.rules.scores).toBe('chaque entrée: {score: 1..4, comment: texte non vide, horizon?: realise | prevu}');
    expect(g.rules.scoreKeys).toEqual([...AVIS_ENTRY_CODES]);
    expect(g.rules).toMatchObject({ scoreMin: 1, scoreMax: 4, commentMaxLength: 5000, synthesisMinLength: 50 });
    expect(g.rules.markerKeys).toHaveLength(6);
    expect(JSON.parse(JSON.stringify(g))).toEqual(g); // plain JSON
  });

  it('adds the "montant demandé" entry in phase 2 only', () => {
    const g2 = getAvisGrid(2);
    expect(g2.entries).toHaveLength(10);
    expect(g2.entries[9].code).toBe('montant_demande');
    expect(g2.entries[9].questions.length).toBeGreaterThanOrEqual(2);
    expect(g2.rules.scoreKeys).toContain('montant_demande');
    expect(avisEntryCodesForPhase(1)).not.toContain('montant_demande');
    expect(avisEntryLabel('montant_demande')).toBe('Cohérence du montant demandé');
    expect(avisEntryLabel('nope')).toBeUndefined();
  });

  it('returns a fresh copy each time and rejects an unknown phase', () => {
    const g = getAvisGrid(1);
    g.entries[0].questions.push('mutated?');
    g.entries.pop();
    expect(getAvisGrid(1).entries).toHaveLength(9);
    expect(getAvisGrid(1).entries[0].questions).not.toContain('mutated?');
    expect(AVIS_GRID_ENTRIES[0].questions).not.toContain('mutated?');
    expect(() => getAvisGrid(3 as never)).toThrow(RangeError);
  });
});

describe('grid closer to the text (issue 15)', () => {
  const entry = (code: string) => AVIS_GRID_ENTRIES.find((e) => e.code === code)!;
  it('restores the CAP PTCE examples of entries 2 and 3 (seed 000)', () => {
    // Seed 000: "Participation des acteurs socio-économiques et des habitants", "Circuits courts territorialisés",
    // "Valorisation/préservation du patrimoine", "Caractère hétérogène du consortium : Acteurs socio-économiques
    // locaux (entreprises, associations, structures d'insertion...) Réseaux".
    const obj = entry('objectifs_vision').examples.join(' ');
    expect(obj).toMatch(/participation des acteurs socio-économiques et des habitants/);
    expect(obj).toMatch(/circuits courts territorialisés/);
    expect(obj).toMatch(/Création ou développement à destination des habitants ou des acteurs locaux/);
    expect(obj).toMatch(/préservation du patrimoine/);
    expect(entry('acteurs_impliques').examples).toEqual(
      expect.arrayContaining([
        'Caractère hétérogène du consortium',
        'Réseaux',
        "Acteurs socio-économiques locaux (entreprises, associations, structures d'insertion…)",
      ]),
    );
  });
  it("adds the AMI's own criteria under entries 2 and 3 (seed 001)", () => {
    // Seed 001: "Analyse de l'environnement…", "Valeur ajoutée des actions du PTCE…", "Caractère innovant du PTCE…",
    // "Mettre en avant l'expérience, les compétences et le professionnalisme".
    const obj = entry('objectifs_vision').amiCriteria!.join(' ');
    expect(obj).toMatch(/^Analyse de l'environnement/);
    expect(obj).toMatch(/Valeur ajoutée/);
    expect(obj).toMatch(/Caractère innovant/);
    expect(entry('acteurs_impliques').amiCriteria!.join(' ')).toMatch(/expérience, les compétences et le professionnalisme/);
    expect(getAvisGrid(1).entries.find((e) => e.code === 'acteurs_impliques')!.amiCriteria).toHaveLength(3);
  });
  it('entry 8 keeps "nationales et locales" and no longer shares its code with an action logic', () => {
    // Seed 000: "Mise en réseau avec les autres dispositifs et articulation avec les politiques publiques nationales et locales".
    expect(entry('articulation_dispositifs').label).toMatch(/politiques publiques nationales et locales$/);
    const entryCodes = new Set<string>(AVIS_ENTRY_CODES);
    expect(ACTION_LOGICS.filter((a) => entryCodes.has(a.code))).toEqual([]);
  });
  it('serves the prévu / réalisé choice (seed 000: "les questions peuvent être posées au futur")', () => {
    expect(getAvisGrid(1).answerHorizons.map((h) => h.code)).toEqual(['realise', 'prevu']);
  });
});
