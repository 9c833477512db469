import { allRequiredAvisRendered, avisCancelReason, followUpAction, requiredSlots, transitionEffects } from './instruit';
import { apply } from './engine';
import type { WorkflowContext } from './workflow.types';

const usual = { requiredAvisRoles: ['correspondant_ess', 'cress', 'compagnon'], compagnonsPerDossier: 1 };
const rendered = (role: string) => ({ role, status: 'rendu', required: true });

describe('the instruit rule (issue 9: one place, pure)', () => {
  it('needs one rendered avis per required role, every required avis in play rendered', () => {
    expect(requiredSlots(usual)).toEqual({ correspondant_ess: 1, cress: 1, compagnon: 1 });
    expect(allRequiredAvisRendered(usual, [rendered('correspondant_ess'), rendered('cress')])).toBe(false);
    expect(allRequiredAvisRendered(usual, [rendered('correspondant_ess'), rendered('cress'), rendered('compagnon')])).toBe(true);
    const pending = { role: 'compagnon', status: 'brouillon', required: true };
    expect(allRequiredAvisRendered(usual, [rendered('correspondant_ess'), rendered('cress'), rendered('compagnon'), pending])).toBe(false);
  });

  it('a declined, conflicted or cancelled avis is out of play; an optional avis never blocks', () => {
    const all = [rendered('correspondant_ess'), rendered('cress'), rendered('compagnon')];
    for (const status of ['decline', 'conflit', 'annule']) {
      expect(allRequiredAvisRendered(usual, [...all, { role: 'compagnon', status, required: true }])).toBe(true);
    }
    expect(allRequiredAvisRendered(usual, [...all, { role: 'expert', status: 'a_rediger', required: false }])).toBe(true);
  });

  // Issue 9.2: a campaign that requires no avis used to leave its dossiers stuck before instruit.
  it('a campaign requiring no avis (no role, or no compagnon) needs none: eligibility is enough', () => {
    expect(allRequiredAvisRendered({ requiredAvisRoles: [], compagnonsPerDossier: 1 }, [])).toBe(true);
    expect(allRequiredAvisRendered({ requiredAvisRoles: ['compagnon'], compagnonsPerDossier: 0 }, [])).toBe(true);
    expect(allRequiredAvisRendered({ requiredAvisRoles: ['cress'], compagnonsPerDossier: 0 }, [])).toBe(false);
  });

  it('implies marquer_instruit after a move that leaves the dossier eligible under instruction, never after a re-opening', () => {
    const ready = { state: 'en_instruction', eligibility: 'eligible' } as const;
    expect(followUpAction(ready, true, 'declarer_eligible')).toBe('marquer_instruit');
    expect(followUpAction(ready, false, 'declarer_eligible')).toBeNull();
    expect(followUpAction(ready, true, 'repasser_en_instruction')).toBeNull();
    expect(followUpAction({ state: 'en_instruction', eligibility: 'a_verifier' }, true, 'enregistrer_complements')).toBeNull();
  });

  it('the engine returns the follow-up and the effects with the decision', () => {
    const ctx: WorkflowContext = {
      dossier: { state: 'en_instruction', eligibility: 'a_verifier', phase: 1 },
      selectionLocked: false,
      eligibilityChecklist: { allResolved: true, allPassed: true },
      requiredAvisRendered: true,
    };
    const r = apply(ctx, 'declarer_eligible', {}, { id: 'u', roles: ['instructeur'] });
    expect(r.ok && { followUps: r.followUps, effects: r.effects }).toEqual({ followUps: ['marquer_instruit'], effects: [] });
    expect(transitionEffects('depose', 'en_instruction', 'ouvrir_instruction')).toEqual(['assigner_avis_requis']);
    expect(transitionEffects('instruit', 'laureat', 'retenir')).toEqual(['verifier_decision', 'annuler_avis']);
  });
});

describe('avis cancelled when the dossier leaves the instruction (issue 14)', () => {
  it('cancels the open avis on inéligible, sans suite and a decision; not twice from a decided dossier', () => {
    expect(transitionEffects('en_instruction', 'ineligible', 'declarer_ineligible')).toEqual(['annuler_avis']);
    expect(transitionEffects('en_attente_complements', 'sans_suite', 'classer_sans_suite')).toEqual(['annuler_avis']);
    expect(transitionEffects('instruit', 'laureat', 'retenir')).toEqual(['verifier_decision', 'annuler_avis']);
    expect(transitionEffects('instruit', 'non_retenu', 'ne_pas_retenir')).toEqual(['annuler_avis']);
    expect(transitionEffects('non_retenu', 'laureat', 'retenir')).toEqual(['verifier_decision']);
    expect(transitionEffects('laureat', 'non_retenu', 'ne_pas_retenir')).toEqual([]);
    expect(transitionEffects('en_instruction', 'instruit', 'marquer_instruit')).toEqual([]);
  });

  it('brings them back on a re-opening, before the missing required avis are assigned', () => {
    for (const from of ['ineligible', 'sans_suite', 'laureat', 'non_retenu'] as const) {
      expect(transitionEffects(from, 'en_instruction', 'repasser_en_instruction')).toEqual(['retablir_avis', 'assigner_avis_requis']);
    }
    expect(transitionEffects('instruit', 'en_instruction', 'repasser_en_instruction')).toEqual(['assigner_avis_requis']);
  });

  it('says why, in French, per state', () => {
    expect(avisCancelReason('ineligible')).toMatch(/inéligible/);
    expect(avisCancelReason('sans_suite')).toMatch(/sans suite/);
    expect(avisCancelReason('laureat')).toMatch(/décidé/);
  });
});
