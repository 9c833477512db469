import { CALENDAR_2021 } from '../calendar';
import {
  ELIGIBILITY_CRITERIA,
  MANDATORY_SECTIONS,
  OPTIONAL_SECTIONS,
  SECTION_LABELS,
  ineligibilityMotif,
  precheckEligibility,
  resolveChecklist,
  validateChecklistDecisions,
  esusValidity,
  type CriterionResult,
  type PrecheckInput,
} from './index';

const GOVERNANCE =
  'Le PTCE est porté par une SCIC dont l’assemblée générale réunit quatre collèges (salariés, usagers, ' +
  'collectivités, entreprises partenaires). Chaque collège dispose de droits de vote pondérés, selon le principe ' +
  '« une personne, une voix ». Un conseil de coopération se réunit chaque mois.';

function input(over: Partial<PrecheckInput> = {}): PrecheckInput {
  const sections: Record<string, string> = {};
  for (const k of MANDATORY_SECTIONS) sections[k] = `Texte de la rubrique ${k}.`;
  sections.gouvernance = GOVERNANCE;
  return {
    phase: 1,
    structure: { legalFormCode: '9220', esus: null },
    attachments: [{ kind: 'statuts' }],
    sections,
    projectName: 'Pôle Sud Archer',
    region: '84',
    referent: { name: 'Camille Martin', email: 'camille.martin@example.org', phone: '01 23 45 67 89' },
    depositedAt: '2021-06-20T10:00:00Z',
    deadline: CALENDAR_2021.phase1DepositDeadline,
    members: [{ kind: 'ess' }, { kind: 'entreprise' }],
    ...over,
  };
}

const byCode = (results: CriterionResult[], code: string) => results.find((r) => r.code === code)!;
const legal = (structure: PrecheckInput['structure']) => byCode(precheckEligibility(input({ structure })), 'forme_juridique');

describe('criteria and sections', () => {
  it('declares the seven criteria, the phase 2 one only for phase 2', () => {
    expect(ELIGIBILITY_CRITERIA.map((c) => c.code)).toEqual([
      'forme_juridique',
      'statuts',
      'gouvernance_democratique',
      'composition_partenariat',
      'dossier_complet',
      'depot_dans_les_delais',
      'invitation_phase2',
    ]);
    expect(precheckEligibility(input()).map((r) => r.code)).not.toContain('invitation_phase2');
    expect(precheckEligibility(input({ phase: 2, invitedToPhase2: true })).map((r) => r.code)).toContain('invitation_phase2');
    for (const c of ELIGIBILITY_CRITERIA) {
      expect(c.label).toBeTruthy();
      expect(c.description).toBeTruthy();
    }
  });

  it('labels sections with the DS champ labels', () => {
    expect(MANDATORY_SECTIONS).toHaveLength(9);
    expect(OPTIONAL_SECTIONS).toEqual(['planActions3ans', 'implicationMembres', 'coordinationDispositifs']);
    expect(SECTION_LABELS.gouvernance).toBe('Mode de gouvernance');
    expect(SECTION_LABELS.indicateurs).toBe('Indicateurs de suivi et d’évaluation');
    expect(SECTION_LABELS.coordinationDispositifs).toBe('Coordination avec d’autres dispositifs');
  });

  it('proposes ok everywhere for a complete association dossier on time', () => {
    const results = precheckEligibility(input());
    expect(results.map((r) => [r.code, r.auto])).toEqual([
      ['forme_juridique', 'ok'],
      ['statuts', 'ok'],
      ['gouvernance_democratique', 'ok'],
      ['composition_partenariat', 'ok'],
      ['dossier_complet', 'ok'],
      ['depot_dans_les_delais', 'ok'],
    ]);
    expect(byCode(results, 'depot_dans_les_delais').reason).toBe('Déposé le 20/06/2021 12:00, avant la date limite du 23/06/2021 23:59.');
  });
});

describe('forme juridique', () => {
  it('association déclarée: ok', () => {
    expect(legal({ legalFormCode: '9220' })).toMatchObject({
      auto: 'ok',
      reason: 'Catégorie juridique 9220 (Association déclarée) : association, forme éligible.',
    });
  });

  it('association non déclarée (9210): ko, no legal personality', () => {
    const r = legal({ legalFormCode: '9210' });
    expect(r.auto).toBe('ko');
    expect(r.reason).toMatch(/sans personnalité morale/);
  });

  it('SCOP SARL (5458): ok, even without ESUS', () => {
    expect(legal({ legalFormCode: '5458', esus: false })).toMatchObject({
      auto: 'ok',
      reason: 'Catégorie juridique 5458 (SARL coopérative ouvrière de production (SCOP)) : coopérative, forme éligible.',
    });
  });

  it('société coopérative agricole (6317): ok', () => {
    expect(legal({ legalFormCode: '6317' }).auto).toBe('ok');
  });

  it('SAS 5710 without ESUS: a vérifier from the statuts (could be a SCIC or a CAE)', () => {
    for (const esus of [null, undefined]) {
      expect(legal({ legalFormCode: '5710', esus })).toMatchObject({
        auto: 'a_verifier',
        reason: 'Catégorie juridique 5710 (SAS) : une SCIC ou une CAE constituée en SAS porte ce code ; à confirmer au vu des statuts.',
      });
    }
    const declaredNoEsus = legal({ legalFormCode: '5710', esus: false });
    expect(declaredNoEsus.auto).toBe('a_verifier');
    expect(declaredNoEsus.reason).toMatch(/pas d’agrément ESUS/);
  });

  it('SARL 5499 without ESUS: a vérifier too', () => {
    expect(legal({ legalFormCode: '5499', esus: false }).auto).toBe('a_verifier');
    expect(legal({ legalFormCode: '5499' }).reason).toMatch(/^Catégorie juridique 5499 \(SARL\)/);
  });

  it('SAS 5710 with ESUS: ok', () => {
    const r = legal({ legalFormCode: '5710', esus: true });
    expect(r.auto).toBe('ok');
    expect(r.reason).toMatch(/agrément ESUS/);
  });

  it('SA 5599: ok with ESUS, ko without, a vérifier when unknown', () => {
    expect(legal({ legalFormCode: '5599', esus: true }).auto).toBe('ok');
    expect(legal({ legalFormCode: '5599', esus: false })).toMatchObject({
      auto: 'ko',
      reason: 'Catégorie juridique 5599 (SA à conseil d’administration) : société commerciale sans agrément ESUS, forme non éligible.',
    });
    expect(legal({ legalFormCode: '5599', esus: null }).auto).toBe('a_verifier');
  });

  it('fondation (9300): ko, ESUS or not', () => {
    for (const esus of [true, false, null]) {
      const r = legal({ legalFormCode: '9300', esus });
      expect(r.auto).toBe('ko');
      expect(r.reason).toMatch(/^Catégorie juridique 9300 \(Fondation\)/);
    }
  });

  it('public bodies, mutuelles, individuals: ko', () => {
    for (const code of ['7210', '8210', '1000', '4110']) expect(legal({ legalFormCode: code }).auto).toBe('ko');
  });

  it('unknown code: a vérifier', () => {
    expect(legal({ legalFormCode: null }).auto).toBe('a_verifier');
    expect(legal({}).auto).toBe('a_verifier');
    expect(legal({ legalFormCode: 'SAS' }).auto).toBe('a_verifier');
  });
});

describe('other criteria', () => {
  it('statuts missing: ko', () => {
    const r = byCode(precheckEligibility(input({ attachments: [{ kind: 'budget' }] })), 'statuts');
    expect(r).toMatchObject({ auto: 'ko', reason: 'Les statuts de la structure porteuse ne sont pas joints au dossier.' });
  });

  it('governance: ko when empty, a vérifier when short or without governance words, ok otherwise', () => {
    const gov = (text: string | null) =>
      byCode(precheckEligibility(input({ sections: { ...input().sections, gouvernance: text } })), 'gouvernance_democratique');
    expect(gov(null).auto).toBe('ko');
    expect(gov('   ').auto).toBe('ko');
    expect(gov('Une assemblée générale annuelle.').auto).toBe('a_verifier');
    expect(gov('Une assemblée générale annuelle.').reason).toMatch(/succincte/);
    expect(gov('Nous travaillons ensemble. '.repeat(10)).auto).toBe('a_verifier');
    expect(gov('Nous travaillons ensemble. '.repeat(10)).reason).toMatch(/ne mentionne ni instance/);
    expect(gov(GOVERNANCE).auto).toBe('ok');
    expect(gov(GOVERNANCE.toUpperCase().replace(/É/g, 'E')).auto).toBe('ok');
  });

  it('dossier incomplet: ko listing what is missing', () => {
    const sections = { ...input().sections, financement: '', impact: undefined };
    const r = byCode(
      precheckEligibility(input({ sections, projectName: ' ', referent: { name: 'A', email: null, phone: '0600000000' } })),
      'dossier_complet',
    );
    expect(r.auto).toBe('ko');
    expect(r.reason).toBe(
      'Éléments manquants : nom du projet, courriel de la personne référente, rubrique « Financement prévisionnel », rubrique « Impact durable sur le territoire ».',
    );
  });

  it('optional sections are not required', () => {
    const r = byCode(precheckEligibility(input()), 'dossier_complet');
    expect(r.auto).toBe('ok');
  });

  it('unrecognised region or malformed email: a vérifier; a region name is accepted', () => {
    expect(byCode(precheckEligibility(input({ region: 'Atlantide' })), 'dossier_complet').auto).toBe('a_verifier');
    expect(byCode(precheckEligibility(input({ region: 'Midi-Pyrénées' })), 'dossier_complet').auto).toBe('ok');
    const bad = byCode(precheckEligibility(input({ referent: { name: 'A', email: 'pas-un-courriel', phone: '06' } })), 'dossier_complet');
    expect(bad).toMatchObject({ auto: 'a_verifier', reason: 'Éléments à vérifier : courriel de la personne référente invalide.' });
  });

  it('late deposit: ko, flagged hors délai', () => {
    const r = byCode(precheckEligibility(input({ depositedAt: '2021-06-23T22:10:00Z' })), 'depot_dans_les_delais');
    expect(r).toMatchObject({
      auto: 'ko',
      reason: 'Hors délai : déposé le 24/06/2021 00:10, après la date limite du 23/06/2021 23:59.',
    });
  });

  it('deposit at 23:59:59 Paris: on time', () => {
    const r = byCode(precheckEligibility(input({ depositedAt: '2021-06-23T23:59:59+02:00' })), 'depot_dans_les_delais');
    expect(r.auto).toBe('ok');
  });

  it('unknown deposit date or deadline: a vérifier', () => {
    expect(byCode(precheckEligibility(input({ depositedAt: null })), 'depot_dans_les_delais').auto).toBe('a_verifier');
    expect(byCode(precheckEligibility(input({ deadline: null })), 'depot_dans_les_delais').auto).toBe('a_verifier');
  });

  it('phase 2: ko when not invited, ok when invited, a vérifier when unknown', () => {
    const inv = (invitedToPhase2: boolean | null | undefined) =>
      byCode(precheckEligibility(input({ phase: 2, invitedToPhase2 })), 'invitation_phase2');
    expect(inv(false)).toMatchObject({ auto: 'ko', reason: 'La structure n’a pas été invitée en phase 2 à l’issue de la phase 1.' });
    expect(inv(true).auto).toBe('ok');
    expect(inv(undefined).auto).toBe('a_verifier');
  });
});

describe('resolveChecklist', () => {
  const results = precheckEligibility(input({ structure: { legalFormCode: '5710', esus: null } }));

  it('nothing decided: unresolved', () => {
    const c = resolveChecklist(results, {});
    expect(c.allResolved).toBe(false);
    expect(c.allPassed).toBe(false);
    expect(c.items.every((i) => i.final === null)).toBe(true);
    expect(c.errors).toEqual({});
  });

  it('confirming the automatic values needs no reason; an a vérifier needs a decision with a reason', () => {
    const decisions = {
      forme_juridique: { status: 'ok' as const },
      statuts: { status: 'ok' as const },
      gouvernance_democratique: { status: 'confirme' as const },
      composition_partenariat: { status: 'ok' as const },
      dossier_complet: { status: 'ok' as const },
      depot_dans_les_delais: { status: 'ok' as const },
    };
    const c = resolveChecklist(results, decisions);
    expect(c.errors).toEqual({
      forme_juridique: 'Une justification écrite est obligatoire pour trancher un critère à vérifier.',
    });
    expect(c.allResolved).toBe(false);
    const fixed = resolveChecklist(results, {
      ...decisions,
      forme_juridique: { status: 'ok', reason: 'SCIC SAS : statuts article 1 (société coopérative d’intérêt collectif).' },
    });
    expect(fixed.errors).toEqual({});
    expect(fixed.allResolved).toBe(true);
    expect(fixed.allPassed).toBe(true);
    expect(fixed.items.find((i) => i.code === 'forme_juridique')!.overridden).toBe(true);
    expect(fixed.items.find((i) => i.code === 'statuts')!.overridden).toBe(false);
  });

  it('overriding an automatic result requires a written reason', () => {
    const late = precheckEligibility(input({ depositedAt: '2021-06-24T08:00:00Z' }));
    const noReason = resolveChecklist(late, { depot_dans_les_delais: { status: 'ok', reason: '  ' } });
    expect(noReason.errors).toEqual({
      depot_dans_les_delais: 'Une justification écrite est obligatoire pour s’écarter du résultat automatique.',
    });
    expect(noReason.items.find((i) => i.code === 'depot_dans_les_delais')!.final).toBeNull();
    const withReason = resolveChecklist(late, {
      depot_dans_les_delais: { status: 'infirme', reason: 'Panne de DS le 23 juin attestée par la DINUM.' },
    });
    expect(withReason.errors).toEqual({});
    expect(withReason.items.find((i) => i.code === 'depot_dans_les_delais')!.final).toBe('ok');
  });

  it('refuses confirme on an a vérifier criterion, unknown criteria and unknown statuses', () => {
    const errors = validateChecklistDecisions(results, {
      forme_juridique: { status: 'confirme', reason: 'x' },
      invitation_phase2: { status: 'ok' },
      statuts: { status: 'peut-être' as never },
    });
    expect(Object.keys(errors).sort()).toEqual(['forme_juridique', 'invitation_phase2', 'statuts']);
    expect(errors.invitation_phase2).toBe('Critère inconnu pour ce dossier.');
  });

  it('a failed criterion makes the checklist resolved but not passed, and prefills the motif', () => {
    const r = precheckEligibility(input({ structure: { legalFormCode: '9300' }, attachments: [] }));
    const c = resolveChecklist(r, {
      forme_juridique: { status: 'ko' },
      statuts: { status: 'ko' },
      gouvernance_democratique: { status: 'ok' },
      composition_partenariat: { status: 'ok' },
      dossier_complet: { status: 'ok' },
      depot_dans_les_delais: { status: 'ok' },
    });
    expect(c.allResolved).toBe(true);
    expect(c.allPassed).toBe(false);
    expect(c.failed.map((i) => i.code)).toEqual(['forme_juridique', 'statuts']);
    expect(ineligibilityMotif(c)).toBe(
      'Le dossier ne satisfait pas aux critères d’éligibilité suivants de l’appel à manifestation d’intérêt :\n' +
        '- Forme juridique de la structure porteuse : Catégorie juridique 9300 (Fondation) : ni association, ni coopérative, ni société commerciale, forme non éligible.\n' +
        '- Statuts de la structure porteuse : Les statuts de la structure porteuse ne sont pas joints au dossier.',
    );
  });

  it('the motif uses the instructeur’s reason when they decided against the pre-check', () => {
    const c = resolveChecklist(precheckEligibility(input()), {
      gouvernance_democratique: { status: 'ko', reason: 'Gouvernance confiée au seul président, sans instance collégiale.' },
    });
    expect(ineligibilityMotif(c)).toBe(
      'Le dossier ne satisfait pas au critère d’éligibilité suivant de l’appel à manifestation d’intérêt :\n' +
        '- Gouvernance démocratique : Gouvernance confiée au seul président, sans instance collégiale.',
    );
    expect(ineligibilityMotif(resolveChecklist(precheckEligibility(input()), {}))).toBe('');
  });
});

describe('ESUS agrément validity against the deposit date (issue 15)', () => {
  // Seed 001: "Structure porteuse : personne morale de droit privé constituée sous la forme de coopérative,
  // d'association ou de société commerciale agréée ESUS". The agrément lasts 5 years (2 for a company under 3 years).
  const sas = (esusDate: string | null, depositedAt = '2021-06-20T10:00:00Z') =>
    byCode(precheckEligibility(input({ structure: { legalFormCode: '5599', esus: true, esusDate }, depositedAt })), 'forme_juridique');

  it('valid on the deposit date: ok, the date is quoted', () => {
    const r = sas('2020-03-01');
    expect(r.auto).toBe('ok');
    expect(r.reason).toMatch(/agrément ESUS du 01\/03\/2020, en cours de validité/);
  });
  it('expired (more than 5 years before the deposit): à vérifier, "agrément expiré", never ko', () => {
    const r = sas('2015-01-15');
    expect(r.auto).toBe('a_verifier');
    expect(r.reason).toMatch(/agrément ESUS expiré/);
    expect(r.reason).toMatch(/15\/01\/2020/);
  });
  it('between 2 and 5 years, or no date, or after the deposit: "date à vérifier", still ok', () => {
    expect(sas('2018-05-01')).toMatchObject({ auto: 'ok', reason: expect.stringMatching(/date à vérifier/) });
    expect(sas(null)).toMatchObject({ auto: 'ok', reason: expect.stringMatching(/non renseignée : date à vérifier/) });
    expect(sas('2021-07-01')).toMatchObject({ auto: 'ok', reason: expect.stringMatching(/après le dépôt : date à vérifier/) });
  });
  it('applies to an ambiguous SAS with ESUS too, and not to an association', () => {
    const r = byCode(
      precheckEligibility(input({ structure: { legalFormCode: '5710', esus: true, esusDate: '2010-01-01' } })),
      'forme_juridique',
    );
    expect(r.auto).toBe('a_verifier');
    const a = byCode(
      precheckEligibility(input({ structure: { legalFormCode: '9220', esus: true, esusDate: '2010-01-01' } })),
      'forme_juridique',
    );
    expect(a.auto).toBe('ok');
  });
  it('esusValidity on its own', () => {
    expect(esusValidity('2020-01-01', '2021-06-01').validity).toBe('valide');
    expect(esusValidity('2014-01-01', '2021-06-01').validity).toBe('expire');
    expect(esusValidity(undefined, '2021-06-01').validity).toBe('a_verifier');
  });
});

describe('composition du partenariat (issue 15)', () => {
  // Seed 001: "Etre un regroupement sur un même territoire de réseaux, entreprises et structures de l'ESS associés à
  // des entreprises industrielles et commerciales et, le cas échéant, des collectivités locales, des centres de
  // recherche et organismes de formation".
  const comp = (members: PrecheckInput['members']) => byCode(precheckEligibility(input({ members })), 'composition_partenariat');
  it('ok with an ESS structure and a company, the others optional', () => {
    expect(comp([{ kind: 'ess' }, { kind: 'entreprise' }]).auto).toBe('ok');
    expect(comp([{ kind: 'ess' }, { kind: 'entreprise' }, { kind: 'collectivite' }, { kind: 'recherche' }]).reason).toMatch(
      /4 membres : 1 structure de l’ESS, 1 entreprise, 2 autres/,
    );
  });
  it('ko without a company or without an ESS structure', () => {
    expect(comp([{ kind: 'ess' }, { kind: 'collectivite' }])).toMatchObject({
      auto: 'ko',
      reason: expect.stringMatching(/aucune entreprise industrielle ou commerciale/),
    });
    expect(comp([{ kind: 'entreprise' }]).reason).toMatch(/aucune structure de l’ESS/);
  });
  it('à vérifier when no list was given', () => {
    expect(comp(null).auto).toBe('a_verifier');
    expect(comp([]).reason).toMatch(/Acteurs impliqués/);
  });
});
