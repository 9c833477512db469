import { NOTIFICATION_TEMPLATES, TEMPLATE_INFO } from '@ptce/domain';
import { DS_EN_INSTRUCTION, dsActionOf, messageBody } from './ds-channel.service';

describe('DS channel: which rows go to DS, and what the message says', () => {
  it('every e-mail replaced by a DS action is one DS sends itself (dsDuplicate), and the decisions map to the right mutation', () => {
    for (const code of NOTIFICATION_TEMPLATES) {
      if (dsActionOf(code)) expect([code, TEMPLATE_INFO[code].dsDuplicate]).toEqual([code, true]);
    }
    expect(dsActionOf(DS_EN_INSTRUCTION)).toBe('dossierPasserEnInstruction');
    expect(dsActionOf('demande_complements')).toBe('dossierEnvoyerMessage');
    expect(dsActionOf('decision_phase1_laureat')).toBe('dossierAccepter');
    expect(dsActionOf('decision_phase2_laureat')).toBe('dossierAccepter');
    expect(dsActionOf('decision_phase1_non_retenu')).toBe('dossierRefuser');
    expect(dsActionOf('decision_phase2_non_retenu')).toBe('dossierRefuser');
    expect(dsActionOf('decision_ineligible')).toBe('dossierRefuser');
    expect(dsActionOf('decision_sans_suite')).toBe('dossierClasserSansSuite');
    expect(dsActionOf('relance_complements')).toBeNull();
    expect(dsActionOf('invitation_phase2')).toBeNull();
  });

  it('the complements message carries the request and its due date in Paris time', () => {
    expect(messageBody({ message: ' Les statuts signés. ', dueAt: '2026-12-15T22:59:59Z' })).toBe(
      'Les statuts signés.\n\nMerci de nous transmettre ces compléments au plus tard le 15/12/2026.',
    );
    expect(messageBody({})).toBe('Des pièces complémentaires sont attendues pour votre dossier.');
  });
});
