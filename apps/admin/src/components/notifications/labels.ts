import type { Tone } from '../StatusChip';
import type { NotificationChannel, NotificationStatus } from './types';

/** French labels for display only: the server decides what is sent, when, and what may be resent or cancelled. */
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['planned', 'queued', 'sent', 'failed', 'cancelled'];

export const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  planned: 'Planifié',
  queued: 'En cours d’envoi',
  sent: 'Envoyé',
  failed: 'Échec',
  cancelled: 'Annulé',
};

export const NOTIFICATION_STATUS_TONES: Record<NotificationStatus, Tone> = {
  planned: 'info',
  queued: 'blueFrance',
  sent: 'success',
  failed: 'error',
  cancelled: 'grey',
};

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  email: 'Courriel',
  ds: 'Démarches Simplifiées',
};

/** Fallback labels when a row has no `templateLabel` (the server's labels win). */
export const TEMPLATE_LABELS: Record<string, string> = {
  accuse_reception: 'Accusé de réception',
  demande_complements: 'Demande de compléments',
  relance_complements: 'Relance des compléments',
  avis_a_rediger: 'Avis à rédiger',
  relance_avis: 'Relance d’avis',
  decision_phase1_laureat: 'Décision phase 1 — lauréat',
  decision_phase1_non_retenu: 'Décision phase 1 — non retenu',
  decision_ineligible: 'Décision — inéligible',
  decision_sans_suite: 'Décision — classé sans suite',
  invitation_phase2: 'Invitation en phase 2',
  relance_depot_phase2: 'Relance du dépôt de phase 2',
  decision_phase2_laureat: 'Décision phase 2 — lauréat',
  decision_phase2_non_retenu: 'Décision phase 2 — non retenu',
  recapitulatif_hebdomadaire: 'Récapitulatif hebdomadaire',
};

export const TEMPLATE_CHOICES = Object.entries(TEMPLATE_LABELS).map(([id, name]) => ({ id, name }));
export const STATUS_CHOICES = NOTIFICATION_STATUSES.map((id) => ({ id, name: NOTIFICATION_STATUS_LABELS[id] }));
export const CHANNEL_CHOICES = (Object.keys(CHANNEL_LABELS) as NotificationChannel[]).map((id) => ({ id, name: CHANNEL_LABELS[id] }));

export const templateLabel = (code: string, label?: string | null): string => label || TEMPLATE_LABELS[code] || code;

/** Who may resend / cancel (UI comfort only; the API refuses the others). The cabinet reads. */
export const NOTIFICATION_MANAGER_ROLES = ['instructeur', 'admin'];
