/**
 * The `data` of an audit event as French « libellé : valeur » lines (display only): labels for the keys the server
 * writes (libs/server/src/auth, users, audit), values translated when they are codes, instants in Paris time,
 * nested objects flattened as « Filtre › Événement ». Unknown keys keep their name, so that nothing is hidden.
 */
import { regionLabel, roleLabel } from '../../labels';
import { formatParis } from '../../components/parisTime';
import { AUDIT_TYPE_CHOICES } from './types';

const KEY_LABELS: Readonly<Record<string, string>> = {
  reason: 'Motif',
  by: 'Par',
  known: 'Compte connu',
  method: 'Méthode',
  sessionId: 'Session',
  tokenVersion: 'Version des jetons',
  sessionsRevoked: 'Sessions révoquées',
  scope: 'Portée',
  retryAfterSeconds: 'Nouvel essai possible après (secondes)',
  before: 'Avant',
  after: 'Après',
  roles: 'Rôles',
  regions: 'Régions',
  invited: 'Invitation',
  validHours: 'Validité du lien (heures)',
  filter: 'Filtre',
  rows: 'Lignes',
  what: 'Objet',
  params: 'Paramètres',
  format: 'Format',
  id: 'Identifiant',
  phase: 'Phase',
  attachmentId: 'Pièce jointe',
  deleted: 'Lignes supprimées',
  retentionDays: 'Durée de conservation (jours)',
  acr: 'Niveau d’authentification (acr)',
  error: 'Erreur',
  type: 'Événement',
  outcome: 'Résultat',
  q: 'Recherche',
  ip: 'Adresse IP',
  since: 'Depuis le',
  until: 'Jusqu’au',
};

const VALUE_LABELS: Readonly<Record<string, string>> = {
  // reasons
  unknown_email: 'adresse inconnue',
  wrong_password: 'mot de passe erroné',
  inactive: 'compte désactivé',
  no_password: 'compte sans mot de passe',
  no_round_trip: 'retour ProConnect sans demande',
  unknown_account: 'compte inconnu',
  exchange_failed: 'échange avec ProConnect échoué',
  password_change: 'changement de mot de passe',
  password_reset: 'réinitialisation du mot de passe',
  deactivation: 'désactivation du compte',
  logout_everywhere: 'déconnexion de toutes les sessions',
  // by, method, scope
  admin: 'un administrateur',
  self: 'la personne elle-même',
  password: 'mot de passe',
  proconnect: 'ProConnect',
  account: 'compte',
  // what
  dossiers: 'dossiers',
  selection: 'sélection',
  dossier_de_seance: 'dossier de séance',
  dossier_summary: 'fiche du dossier',
  arrete_annexe: 'annexe de l’arrêté',
  stats: 'statistiques',
  attachment: 'pièce jointe',
  success: 'réussi',
  failure: 'échec',
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const keyLabel = (key: string) => (Object.hasOwn(KEY_LABELS, key) ? KEY_LABELS[key] : key);

function scalar(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'number') return v.toLocaleString('fr-FR');
  const s = String(v);
  if (ISO_INSTANT.test(s)) return formatParis(s, 'datetime-seconds');
  if (key === 'roles' || key === 'before' || key === 'after') {
    const r = roleLabel(s);
    if (r !== s) return r;
  }
  if (key === 'regions' || /^\d{2,3}$/.test(s)) {
    const r = regionLabel(s);
    if (r !== s) return r;
  }
  if (key === 'type') return AUDIT_TYPE_CHOICES.find((c) => c.id === s)?.name ?? s;
  return Object.hasOwn(VALUE_LABELS, s) ? VALUE_LABELS[s] : s;
}

export interface DetailLine {
  label: string;
  value: string;
}

/** Flattens `data` into lines; arrays of scalars become one comma-separated value, « aucun » when empty. */
export function auditDetailLines(data: unknown, prefix: string[] = [], lastKey = ''): DetailLine[] {
  if (Array.isArray(data)) {
    if (data.every((x) => x === null || typeof x !== 'object')) {
      return [{ label: prefix.join(' › '), value: data.length ? data.map((x) => scalar(lastKey, x)).join(', ') : 'aucun' }];
    }
    return data.flatMap((x, i) => auditDetailLines(x, [...prefix, String(i + 1)], lastKey));
  }
  if (data !== null && typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    if (!entries.length) return prefix.length ? [{ label: prefix.join(' › '), value: '—' }] : [];
    return entries.flatMap(([k, v]) => auditDetailLines(v, [...prefix, keyLabel(k)], k));
  }
  return [{ label: prefix.join(' › '), value: scalar(lastKey, data) }];
}
