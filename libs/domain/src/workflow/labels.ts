import type { DossierState, Eligibility, WorkflowAction } from './workflow.types';

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  ouvrir_instruction: 'Ouvrir l’instruction',
  declarer_eligible: 'Déclarer éligible',
  declarer_ineligible: 'Déclarer inéligible',
  demander_complements: 'Demander des compléments',
  enregistrer_complements: 'Enregistrer les compléments',
  marquer_instruit: 'Marquer comme instruit',
  retenir: 'Retenir (lauréat)',
  ne_pas_retenir: 'Ne pas retenir',
  classer_sans_suite: 'Classer sans suite',
  repasser_en_instruction: 'Repasser en instruction',
};

export const STATE_LABELS: Record<DossierState, string> = {
  depose: 'Déposé',
  en_instruction: 'En instruction',
  en_attente_complements: 'En attente de compléments',
  instruit: 'Instruit',
  laureat: 'Lauréat',
  non_retenu: 'Non retenu',
  ineligible: 'Inéligible',
  sans_suite: 'Classé sans suite',
};

export const ELIGIBILITY_LABELS: Record<Eligibility, string> = {
  a_verifier: 'À vérifier',
  eligible: 'Éligible',
  ineligible: 'Inéligible',
};
