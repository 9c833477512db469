import { StatusChip } from '../StatusChip';

/** A phase-2 dossier without its phase-1 dossier (`parentDossierId` null): "Non rattaché", for the instructeur to link. */
export const UnlinkedChip = ({ dossier }: { dossier: { phase: number; parentDossierId?: string | null } | null | undefined }) =>
  dossier && dossier.phase === 2 && !dossier.parentDossierId ? (
    <StatusChip tone="warning" label="Non rattaché" data-unlinked="true" />
  ) : null;
