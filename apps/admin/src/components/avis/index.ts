/**
 * Avis components used outside the `avis` resource, by the dossier page's « Avis » tab:
 * `<DossierAvisTab record={dossier} />` (synthesis matrix, the dossier's avis, assignment dialog).
 */
export { DossierAvisTab } from './DossierAvisTab';
export { AvisSynthesisMatrix, RecommendationChip } from './AvisSynthesisMatrix';
export { AssignmentDialog } from './AssignmentDialog';
export { DossierAvisList } from './DossierAvisList';
export { AvisStatusChip } from './AvisStatusChip';
export { ReasonDialog } from './ReasonDialog';
export { useAvisGrid } from './useAvisGrid';
export type { AvisRecord, AvisGrid, AvisSynthesisView, AssignmentCandidate } from './types';
