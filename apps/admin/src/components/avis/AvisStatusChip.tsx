import { StatusChip, type Tone } from '../StatusChip';

const TONES: Record<string, Tone> = {
  a_rediger: 'info',
  brouillon: 'warning',
  rendu: 'success',
  decline: 'grey',
  conflit: 'error',
  annule: 'grey',
};

/** The avis' status with the server's French label (`statusLabel`). */
export const AvisStatusChip = ({ status, label }: { status: string; label?: string | null }) => (
  <StatusChip tone={TONES[status] ?? 'grey'} label={label || status} data-status={status} />
);
