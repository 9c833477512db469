/** `GET /api/audit-events` row. */
export interface AuditEventRecord {
  id: string;
  at: string;
  type: string;
  typeLabel: string;
  outcome: 'success' | 'failure';
  actorId: string | null;
  actorEmail: string | null;
  targetUserId: string | null;
  targetEmail: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  resource: string | null;
  data: Record<string, unknown>;
}

/** The event types (same codes and labels as the API's `GET /api/audit-events/types`). */
export const AUDIT_TYPE_CHOICES = [
  { id: 'auth.login_succeeded', name: 'Connexion réussie' },
  { id: 'auth.login_failed', name: 'Connexion échouée' },
  { id: 'auth.login_throttled', name: 'Connexion freinée (trop d’échecs)' },
  { id: 'auth.proconnect_succeeded', name: 'Connexion ProConnect réussie' },
  { id: 'auth.proconnect_refused', name: 'Connexion ProConnect refusée' },
  { id: 'auth.logout', name: 'Déconnexion' },
  { id: 'auth.tokens_revoked', name: 'Sessions révoquées' },
  { id: 'auth.password_changed', name: 'Mot de passe changé' },
  { id: 'auth.password_reset_requested', name: 'Réinitialisation du mot de passe demandée' },
  { id: 'auth.password_reset_completed', name: 'Mot de passe réinitialisé' },
  { id: 'auth.invitation_accepted', name: 'Invitation acceptée' },
  { id: 'user.created', name: 'Compte créé' },
  { id: 'user.invited', name: 'Invitation envoyée' },
  { id: 'user.roles_changed', name: 'Rôles modifiés' },
  { id: 'user.regions_changed', name: 'Régions modifiées' },
  { id: 'user.deactivated', name: 'Compte désactivé' },
  { id: 'user.reactivated', name: 'Compte réactivé' },
  { id: 'export.personal_data', name: 'Export de données personnelles' },
  { id: 'attachment.downloaded', name: 'Pièce jointe téléchargée' },
  { id: 'audit.exported', name: 'Journal d’audit exporté' },
  { id: 'audit.purged', name: 'Journal d’audit purgé (durée de conservation)' },
];
