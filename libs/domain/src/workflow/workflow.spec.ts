import { ROLES } from '../roles';
import {
  ACTION_LABELS,
  DOSSIER_STATES,
  FINAL_STATES,
  GUARDS,
  STATE_LABELS,
  TRANSITIONS,
  WORKFLOW_ACTIONS,
  allowedActions,
  apply,
  type Actor,
  type ActorRole,
  type DossierState,
  type Eligibility,
  type WorkflowAction,
  type WorkflowContext,
} from './index';

/**
 * Expected state machine, written independently of TRANSITIONS. For each state, the actions that apply to it:
 * 'ROLES > next state [~ next eligibility]'. Role letters: A admin, I instructeur, R correspondant_ess, C cress,
 * P compagnon, E expert, K cabinet, S system. Anything absent is TRANSITION_NOT_ALLOWED.
 */
const EXPECTED: Record<DossierState, Partial<Record<WorkflowAction, string>>> = {
  depose: {
    ouvrir_instruction: 'AIS > en_instruction',
    declarer_ineligible: 'I > ineligible ~ ineligible',
    classer_sans_suite: 'AIS > sans_suite',
  },
  en_instruction: {
    declarer_eligible: 'I > en_instruction ~ eligible',
    declarer_ineligible: 'I > ineligible ~ ineligible',
    demander_complements: 'I > en_attente_complements',
    marquer_instruit: 'IS > instruit',
    classer_sans_suite: 'AIS > sans_suite',
  },
  en_attente_complements: {
    declarer_ineligible: 'I > ineligible ~ ineligible',
    enregistrer_complements: 'IS > en_instruction',
    classer_sans_suite: 'AIS > sans_suite',
  },
  instruit: {
    declarer_ineligible: 'I > ineligible ~ ineligible',
    retenir: 'K > laureat',
    ne_pas_retenir: 'K > non_retenu',
    classer_sans_suite: 'AIS > sans_suite',
    repasser_en_instruction: 'AIK > en_instruction',
  },
  laureat: {
    ne_pas_retenir: 'K > non_retenu',
    repasser_en_instruction: 'AIK > en_instruction',
  },
  non_retenu: {
    retenir: 'K > laureat',
    repasser_en_instruction: 'AIK > en_instruction',
  },
  ineligible: {
    repasser_en_instruction: 'AIK > en_instruction ~ a_verifier',
  },
  sans_suite: {
    repasser_en_instruction: 'AIK > en_instruction',
  },
};

/** With the selection arrêtée, these (state, action, letter) cells become SELECTION_LOCKED instead of ok. */
const LOCKED_CELLS: Partial<Record<DossierState, Partial<Record<WorkflowAction, string>>>> = {
  instruit: { retenir: 'K', ne_pas_retenir: 'K' },
  laureat: { ne_pas_retenir: 'K', repasser_en_instruction: 'I' },
  non_retenu: { retenir: 'K', repasser_en_instruction: 'I' },
};

const LETTER: Record<ActorRole, string> = {
  admin: 'A',
  instructeur: 'I',
  correspondant_ess: 'R',
  cress: 'C',
  compagnon: 'P',
  expert: 'E',
  cabinet: 'K',
  system: 'S',
};
const ALL_ACTOR_ROLES: ActorRole[] = [...ROLES, 'system'];

const actor = (...roles: ActorRole[]): Actor => ({ id: roles.length ? `u-${roles.join('-')}` : null, roles });

/** The eligibility a dossier in this state realistically has, chosen so that the guards pass. */
function passingEligibility(state: DossierState, action: WorkflowAction): Eligibility {
  if (state === 'ineligible') return 'ineligible';
  return action === 'declarer_eligible' ? 'a_verifier' : 'eligible';
}

function ctxFor(
  state: DossierState,
  opts: Partial<Omit<WorkflowContext, 'dossier'>> & { eligibility?: Eligibility } = {},
): WorkflowContext {
  const { eligibility, ...rest } = opts;
  return {
    dossier: { state, eligibility: eligibility ?? 'eligible', phase: 1 },
    selectionLocked: false,
    eligibilityChecklist: { allResolved: true, allPassed: true },
    requiredAvisRendered: true,
    ...rest,
  };
}

const FULL_INPUT = { motif: 'Motif écrit', data: { message: 'Merci de joindre les statuts.', dueAt: '2021-07-01T10:00:00Z' } };

/** Everything the action declares, nothing else (an undeclared data field is refused: see the payload tests). */
function inputFor(action: WorkflowAction) {
  const def = TRANSITIONS.find((t) => t.action === action);
  const declared = new Set<string>([...(def?.requires ?? []), ...(def?.accepts ?? [])]);
  const data = Object.fromEntries(Object.entries(FULL_INPUT.data).filter(([k]) => declared.has(k)));
  return { motif: FULL_INPUT.motif, data };
}

type Outcome = string; // 'ok > state ~ eligibility' or an error code

function expectedOutcome(state: DossierState, action: WorkflowAction, role: ActorRole, locked: boolean, elig: Eligibility): Outcome {
  const cell = EXPECTED[state][action];
  if (!cell) return 'TRANSITION_NOT_ALLOWED';
  const [letters, rest] = cell.split(' > ');
  if (!letters.includes(LETTER[role])) return 'FORBIDDEN';
  if (locked && LOCKED_CELLS[state]?.[action]?.includes(LETTER[role])) return 'SELECTION_LOCKED';
  const [to, nextElig] = rest.split(' ~ ');
  return `ok > ${to} ~ ${nextElig ?? elig}`;
}

function actualOutcome(ctx: WorkflowContext, action: WorkflowAction, role: ActorRole): Outcome {
  const r = apply(ctx, action, inputFor(action), actor(role));
  return r.ok ? `ok > ${r.next.state} ~ ${r.next.eligibility}` : r.error.code;
}

describe('workflow: state × action × role matrix', () => {
  for (const locked of [false, true]) {
    describe(locked ? 'selection arrêtée' : 'selection ouverte', () => {
      for (const state of DOSSIER_STATES) {
        it(`${state}: every action for every role`, () => {
          const expected: Record<string, Outcome> = {};
          const actual: Record<string, Outcome> = {};
          for (const action of WORKFLOW_ACTIONS) {
            const elig = passingEligibility(state, action);
            const ctx = ctxFor(state, { eligibility: elig, selectionLocked: locked });
            for (const role of ALL_ACTOR_ROLES) {
              const key = `${action}/${role}`;
              expected[key] = expectedOutcome(state, action, role, locked, elig);
              actual[key] = actualOutcome(ctx, action, role);
            }
          }
          expect(actual).toEqual(expected);
          expect(Object.keys(actual)).toHaveLength(WORKFLOW_ACTIONS.length * ALL_ACTOR_ROLES.length);
        });
      }
    });
  }

  it('allowedActions lists exactly the actions that apply() accepts, with label and required fields', () => {
    for (const locked of [false, true]) {
      for (const state of DOSSIER_STATES) {
        for (const role of ALL_ACTOR_ROLES) {
          // One context for the whole list: declarer_eligible is offered only while eligibility is not yet eligible.
          for (const elig of ['a_verifier', 'eligible'] as Eligibility[]) {
            const ctx = ctxFor(state, { eligibility: state === 'ineligible' ? 'ineligible' : elig, selectionLocked: locked });
            const offered = allowedActions(ctx, actor(role));
            const accepted = WORKFLOW_ACTIONS.filter((a) => apply(ctx, a, inputFor(a), actor(role)).ok);
            expect(offered.map((o) => o.action)).toEqual(accepted);
            for (const o of offered) {
              expect(o.label).toBe(ACTION_LABELS[o.action]);
              expect(o.requires).toEqual(TRANSITIONS.find((t) => t.action === o.action)!.requires);
            }
          }
        }
      }
    }
  });

  it('reviewers (correspondant ESS, CRESS, compagnon, expert) can never move a dossier', () => {
    for (const state of DOSSIER_STATES) {
      for (const role of ['correspondant_ess', 'cress', 'compagnon', 'expert'] as ActorRole[]) {
        expect(allowedActions(ctxFor(state, { eligibility: 'a_verifier' }), actor(role))).toEqual([]);
      }
    }
  });

  it('no ordinary action leaves a final state; only the re-opening does', () => {
    for (const state of FINAL_STATES) {
      const exits = TRANSITIONS.filter((t) => t.from.includes(state) && t.to !== state).map((t) => t.action);
      expect(exits.every((a) => ['repasser_en_instruction', 'retenir', 'ne_pas_retenir'].includes(a))).toBe(true);
    }
    expect(FINAL_STATES).toEqual(['laureat', 'non_retenu', 'ineligible', 'sans_suite']);
  });

  it('a multi-role actor has the union of its roles', () => {
    const ctx = ctxFor('depose');
    expect(apply(ctx, 'ouvrir_instruction', {}, actor('expert', 'instructeur')).ok).toBe(true);
    expect(apply(ctx, 'ouvrir_instruction', {}, actor()).ok).toBe(false);
  });
});

describe('workflow: table and labels', () => {
  it('has one transition per action, labelled from ACTION_LABELS', () => {
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...WORKFLOW_ACTIONS].sort());
    for (const t of TRANSITIONS) expect(t.label).toBe(ACTION_LABELS[t.action]);
  });

  it('labels every state and action in French', () => {
    expect(STATE_LABELS).toEqual({
      depose: 'Déposé',
      en_instruction: 'En instruction',
      en_attente_complements: 'En attente de compléments',
      instruit: 'Instruit',
      laureat: 'Lauréat',
      non_retenu: 'Non retenu',
      ineligible: 'Inéligible',
      sans_suite: 'Classé sans suite',
    });
    expect(ACTION_LABELS.retenir).toBe('Retenir (lauréat)');
    expect(ACTION_LABELS.ouvrir_instruction).toBe('Ouvrir l’instruction');
  });

  it('requires a motif for inéligible, non retenu, sans suite and every re-opening', () => {
    const withMotif = TRANSITIONS.filter((t) => t.requires.includes('motif'))
      .map((t) => t.action)
      .sort();
    expect(withMotif).toEqual(['classer_sans_suite', 'declarer_ineligible', 'ne_pas_retenir', 'repasser_en_instruction']);
  });
});

describe('workflow: check order', () => {
  it('refuses an unknown action as TRANSITION_NOT_ALLOWED', () => {
    const r = apply(ctxFor('depose'), 'publier', {}, actor('admin'));
    expect(r).toEqual({ ok: false, error: { code: 'TRANSITION_NOT_ALLOWED', message: 'Action inconnue : « publier ».' } });
  });

  it('checks the state before the role', () => {
    const r = apply(ctxFor('depose'), 'retenir', {}, actor('expert'));
    expect(r.ok || r.error).toEqual({
      code: 'TRANSITION_NOT_ALLOWED',
      message: 'L’action « Retenir (lauréat) » n’est pas possible pour un dossier à l’état « Déposé ».',
    });
  });

  it('checks the role before the required fields', () => {
    const r = apply(ctxFor('en_instruction'), 'declarer_ineligible', {}, actor('cabinet'));
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
    expect(r.ok || r.error.message).toBe('Votre rôle ne permet pas l’action « Déclarer inéligible ».');
  });

  it('checks the required fields before the guards', () => {
    const r = apply(ctxFor('instruit', { selectionLocked: true }), 'ne_pas_retenir', {}, actor('cabinet'));
    expect(r.ok || r.error.code).toBe('VALIDATION_FAILED');
  });

  it('runs the guards last', () => {
    const r = apply(ctxFor('instruit', { selectionLocked: true }), 'ne_pas_retenir', { motif: 'Budget' }, actor('cabinet'));
    expect(r.ok || r.error.code).toBe('SELECTION_LOCKED');
  });
});

describe('workflow: validation errors', () => {
  const cases: [DossierState, WorkflowAction, ActorRole][] = [
    ['en_instruction', 'declarer_ineligible', 'instructeur'],
    ['instruit', 'ne_pas_retenir', 'cabinet'],
    ['depose', 'classer_sans_suite', 'system'],
    ['sans_suite', 'repasser_en_instruction', 'admin'],
  ];
  it.each(cases)('%s / %s: motif missing, null, empty or blank is refused', (state, action, role) => {
    for (const motif of [undefined, null, '', '   \n\t']) {
      const r = apply(ctxFor(state), action, { motif }, actor(role));
      expect(r).toEqual({
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: 'Le motif est obligatoire.', details: { motif: 'Le motif est obligatoire.' } },
      });
    }
  });

  it('demander_complements needs a message and a due date, reported together', () => {
    const r = apply(ctxFor('en_instruction'), 'demander_complements', { motif: 'ignoré' }, actor('instructeur'));
    expect(r.ok || r.error.code).toBe('VALIDATION_FAILED');
    expect(r.ok || r.error.details).toEqual({
      message: 'Le message au porteur est obligatoire.',
      dueAt: 'La date limite de réponse est obligatoire.',
    });
  });

  it.each(['demain', '2021-13-01T00:00:00Z', '2021-02-30', '01/07/2021', '2021-07-01 10:00'])(
    'demander_complements refuses dueAt %p',
    (dueAt) => {
      const r = apply(ctxFor('en_instruction'), 'demander_complements', { data: { message: 'Pièces', dueAt } }, actor('instructeur'));
      expect(r.ok || r.error.details).toEqual({ dueAt: 'La date limite de réponse doit être une date valide (ISO 8601).' });
    },
  );

  it('demander_complements accepts an instant, and a bare day as that day’s end in Paris', () => {
    const a = apply(
      ctxFor('en_instruction'),
      'demander_complements',
      { data: { message: ' Pièces ', dueAt: '2021-07-01T12:00:00+02:00' } },
      actor('instructeur'),
    );
    expect(a.ok && a.events[0].payload).toMatchObject({ message: 'Pièces', dueAt: '2021-07-01T10:00:00.000Z' });
    const b = apply(
      ctxFor('en_instruction'),
      'demander_complements',
      { data: { message: 'Pièces', dueAt: '2021-07-15' } },
      actor('instructeur'),
    );
    expect(b.ok && b.events[0].payload.dueAt).toBe('2021-07-15T21:59:59.000Z');
  });

  it('demander_complements without a due date gets the campaign’s delay when the context gives it and the time', () => {
    const ctx = { ...ctxFor('en_instruction'), now: '2021-07-01T10:00:00.000Z', complementsDelayDays: 10 };
    const r = apply(ctx, 'demander_complements', { data: { message: 'Pièces' } }, actor('instructeur'));
    // 11 July 2021, 23:59:59 in Paris (summer time)
    expect(r.ok && r.events[0].payload.dueAt).toBe('2021-07-11T21:59:59.000Z');
    const given = apply(ctx, 'demander_complements', { data: { message: 'Pièces', dueAt: '2021-07-05' } }, actor('instructeur'));
    expect(given.ok && given.events[0].payload.dueAt).toBe('2021-07-05T21:59:59.000Z');
    const withoutDelay = apply(ctxFor('en_instruction'), 'demander_complements', { data: { message: 'Pièces' } }, actor('instructeur'));
    expect(withoutDelay.ok || withoutDelay.error.details).toEqual({ dueAt: 'La date limite de réponse est obligatoire.' });
  });

  it('a non-string data field counts as missing', () => {
    const r = apply(ctxFor('en_instruction'), 'demander_complements', { data: { message: 42, dueAt: '2021-07-15' } }, actor('instructeur'));
    expect(r.ok || r.error.details).toEqual({ message: 'Le message au porteur est obligatoire.' });
  });

  it('refuses a due date already past when the context knows the time', () => {
    const ctx = { ...ctxFor('en_instruction'), now: '2021-07-10T08:00:00.000Z' };
    const past = apply(ctx, 'demander_complements', { data: { message: 'Pièces', dueAt: '2021-07-01' } }, actor('instructeur'));
    expect(past.ok || past.error.details).toEqual({ dueAt: 'La date limite de réponse doit être dans le futur.' });
    const future = apply(ctx, 'demander_complements', { data: { message: 'Pièces', dueAt: '2021-07-15' } }, actor('instructeur'));
    expect(future.ok).toBe(true);
  });

  it('refuses a data field the action does not declare, and provenance fields from anyone but the system', () => {
    const r = apply(ctxFor('depose'), 'ouvrir_instruction', { data: { blob: 'x'.repeat(10) } }, actor('instructeur'));
    expect(r.ok || r.error.details).toEqual({ 'data.blob': 'Champ non prévu pour cette action.' });
    const user = apply(ctxFor('depose'), 'ouvrir_instruction', { data: { source: 'ds' } }, actor('instructeur'));
    expect(user.ok || user.error.code).toBe('VALIDATION_FAILED');
    const sys = apply(ctxFor('depose'), 'ouvrir_instruction', { data: { source: 'ds', importRunId: 'r1' } }, actor('system'));
    expect(sys.ok && sys.data).toEqual({ source: 'ds', importRunId: 'r1' });
    const amount = apply(ctxFor('instruit'), 'retenir', { data: { amountCents: -5 } }, actor('cabinet'));
    expect(amount.ok || amount.error.details).toEqual({ amountCents: 'Le montant (en centimes) doit être un nombre entier positif.' });
    const ok = apply(ctxFor('instruit'), 'retenir', { data: { amountCents: 1200 } }, actor('cabinet'));
    expect(ok.ok && ok.data).toEqual({ amountCents: 1200 });
  });
});

describe('workflow: guards', () => {
  const instructeur = actor('instructeur');

  it('ELIGIBILITY_INCOMPLETE when the checklist is absent, unresolved or failed', () => {
    for (const eligibilityChecklist of [undefined, { allResolved: false, allPassed: false }, { allResolved: true, allPassed: false }]) {
      const ctx = ctxFor('en_instruction', { eligibility: 'a_verifier', eligibilityChecklist });
      const r = apply(ctx, 'declarer_eligible', {}, instructeur);
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'ELIGIBILITY_INCOMPLETE',
          message: 'Tous les critères d’éligibilité doivent être confirmés et satisfaits avant de déclarer le dossier éligible.',
        },
      });
      expect(GUARDS.eligibilityChecklistComplete(ctx, instructeur)?.code).toBe('ELIGIBILITY_INCOMPLETE');
    }
    expect(GUARDS.eligibilityChecklistComplete(ctxFor('en_instruction'), instructeur)).toBeNull();
  });

  it('ALREADY_ELIGIBLE when declaring eligible twice', () => {
    const r = apply(ctxFor('en_instruction', { eligibility: 'eligible' }), 'declarer_eligible', {}, instructeur);
    expect(r.ok || r.error.code).toBe('ALREADY_ELIGIBLE');
    expect(GUARDS.notAlreadyEligible(ctxFor('en_instruction', { eligibility: 'a_verifier' }), instructeur)).toBeNull();
  });

  it('NOT_ELIGIBLE: marquer_instruit needs an eligible dossier', () => {
    for (const eligibility of ['a_verifier', 'ineligible'] as Eligibility[]) {
      const r = apply(ctxFor('en_instruction', { eligibility }), 'marquer_instruit', {}, actor('system'));
      expect(r.ok || r.error.code).toBe('NOT_ELIGIBLE');
    }
  });

  it('AVIS_INCOMPLETE: marquer_instruit needs every required avis; unknown counts as not rendered', () => {
    for (const requiredAvisRendered of [false, undefined]) {
      const r = apply(ctxFor('en_instruction', { requiredAvisRendered }), 'marquer_instruit', {}, actor('system'));
      expect(r.ok || r.error.code).toBe('AVIS_INCOMPLETE');
      expect(r.ok || r.error.message).toMatch(/avis requis/);
    }
  });

  it('NOT_ELIGIBLE is reported before AVIS_INCOMPLETE', () => {
    const r = apply(
      ctxFor('en_instruction', { eligibility: 'a_verifier', requiredAvisRendered: false }),
      'marquer_instruit',
      {},
      actor('system'),
    );
    expect(r.ok || r.error.code).toBe('NOT_ELIGIBLE');
  });

  it('SELECTION_LOCKED: the cabinet cannot change a decision after the arrêt', () => {
    const ctx = ctxFor('laureat', { selectionLocked: true });
    const r = apply(ctx, 'ne_pas_retenir', { motif: 'Enveloppe' }, actor('cabinet'));
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'SELECTION_LOCKED',
        message: 'La sélection de cette phase est arrêtée : la décision ne peut plus changer sans réouverture.',
      },
    });
  });

  it('after the arrêt only the cabinet or an admin re-opens a decided dossier (audited re-opening)', () => {
    const ctx = ctxFor('laureat', { selectionLocked: true });
    const denied = apply(ctx, 'repasser_en_instruction', { motif: 'Erreur' }, instructeur);
    expect(denied.ok || denied.error.code).toBe('SELECTION_LOCKED');
    expect(denied.ok || denied.error.message).toMatch(/seul le cabinet ou un administrateur/);
    const done = apply(ctx, 'repasser_en_instruction', { motif: 'Erreur matérielle' }, actor('cabinet'));
    expect(done.ok && done.events[0].payload.afterSelectionLocked).toBe(true);
    // An instructeur still re-opens an inéligible dossier even when the selection is locked.
    expect(
      apply(
        ctxFor('ineligible', { eligibility: 'ineligible', selectionLocked: true }),
        'repasser_en_instruction',
        { motif: 'Statuts reçus' },
        instructeur,
      ).ok,
    ).toBe(true);
  });
});

describe('workflow: eligibility and events', () => {
  it('re-opening resets the eligibility only when coming from inéligible', () => {
    const fromInel = apply(
      ctxFor('ineligible', { eligibility: 'ineligible' }),
      'repasser_en_instruction',
      { motif: 'm' },
      actor('instructeur'),
    );
    expect(fromInel.ok && fromInel.next).toEqual({ state: 'en_instruction', eligibility: 'a_verifier' });
    const fromInstruit = apply(ctxFor('instruit'), 'repasser_en_instruction', { motif: 'm' }, actor('instructeur'));
    expect(fromInstruit.ok && fromInstruit.next).toEqual({ state: 'en_instruction', eligibility: 'eligible' });
    const fromSansSuite = apply(
      ctxFor('sans_suite', { eligibility: 'a_verifier' }),
      'repasser_en_instruction',
      { motif: 'm' },
      actor('admin'),
    );
    expect(fromSansSuite.ok && fromSansSuite.next.eligibility).toBe('a_verifier');
  });

  it('emits one typed event per transition', () => {
    const expected: Record<WorkflowAction, [DossierState, string]> = {
      ouvrir_instruction: ['depose', 'dossier.instruction_ouverte'],
      declarer_eligible: ['en_instruction', 'dossier.eligible'],
      declarer_ineligible: ['en_instruction', 'dossier.ineligible'],
      demander_complements: ['en_instruction', 'dossier.complements_demandes'],
      enregistrer_complements: ['en_attente_complements', 'dossier.complements_recus'],
      marquer_instruit: ['en_instruction', 'dossier.instruit'],
      retenir: ['instruit', 'dossier.laureat'],
      ne_pas_retenir: ['instruit', 'dossier.non_retenu'],
      classer_sans_suite: ['depose', 'dossier.sans_suite'],
      repasser_en_instruction: ['sans_suite', 'dossier.reouvert'],
    };
    for (const [action, [state, type]] of Object.entries(expected) as [WorkflowAction, [DossierState, string]][]) {
      const def = TRANSITIONS.find((t) => t.action === action)!;
      const role = def.roles[0];
      const r = apply(ctxFor(state, { eligibility: passingEligibility(state, action) }), action, inputFor(action), actor(role));
      expect(r.ok && r.events.map((e) => e.type)).toEqual([type]);
    }
  });

  it('the re-opening event carries from, to, motif and the actor', () => {
    const r = apply(ctxFor('non_retenu'), 'repasser_en_instruction', { motif: '  Recours gracieux  ' }, { id: 'u1', roles: ['cabinet'] });
    expect(r.ok && r.events).toEqual([
      {
        type: 'dossier.reouvert',
        payload: {
          action: 'repasser_en_instruction',
          from: 'non_retenu',
          to: 'en_instruction',
          eligibility: 'eligible',
          actorId: 'u1',
          phase: 1,
          motif: 'Recours gracieux',
          afterSelectionLocked: false,
        },
      },
    ]);
  });

  it('the complements event carries the message and the due date, not unrequired input', () => {
    const r = apply(ctxFor('en_instruction'), 'demander_complements', inputFor('demander_complements'), actor('instructeur'));
    expect(r.ok && r.events[0].payload).toEqual({
      action: 'demander_complements',
      from: 'en_instruction',
      to: 'en_attente_complements',
      eligibility: 'eligible',
      actorId: 'u-instructeur',
      phase: 1,
      message: 'Merci de joindre les statuts.',
      dueAt: '2021-07-01T10:00:00.000Z',
    });
  });

  it('does not mutate the context', () => {
    const ctx = ctxFor('instruit');
    const copy = JSON.parse(JSON.stringify(ctx));
    apply(ctx, 'retenir', {}, actor('cabinet'));
    expect(ctx).toEqual(copy);
  });
});
