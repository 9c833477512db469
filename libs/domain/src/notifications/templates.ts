/**
 * The e-mails of the AMI: one template per code, who receives it, what variables it may use. The texts themselves
 * live in the database (seeded with the French defaults of the API); this is the catalogue the planner, the
 * renderer and the template editor agree on.
 */

export const NOTIFICATION_TEMPLATES = [
  'accuse_reception',
  'demande_complements',
  'relance_complements',
  'avis_a_rediger',
  'relance_avis',
  'decision_phase1_laureat',
  'decision_phase1_non_retenu',
  'decision_ineligible',
  'decision_sans_suite',
  'invitation_phase2',
  'relance_depot_phase2',
  'decision_phase2_laureat',
  'decision_phase2_non_retenu',
  'recapitulatif_hebdomadaire',
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

export const NOTIFICATION_STATUSES = ['planned', 'queued', 'sent', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  planned: 'Planifié',
  queued: 'En cours d’envoi',
  sent: 'Envoyé',
  failed: 'En échec',
  cancelled: 'Annulé',
};

export type NotificationAudience = 'porteur' | 'relecteur' | 'instructeur';

export interface TemplateInfo {
  code: NotificationTemplate;
  label: string;
  description: string;
  audience: NotificationAudience;
  /** Names a template may use; `list.field` names are the fields of a list's items (inside {{#each list}}). */
  variables: readonly string[];
  /** Démarches Simplifiées itself sends an equivalent message to the porteur (see the DS channel). */
  dsDuplicate: boolean;
}

const DOSSIER_VARS = ['projectName', 'structureName', 'referentName', 'campaignName', 'region', 'regionLabel', 'dossierUrl'] as const;
const DECISION_VARS = [...DOSSIER_VARS, 'phase', 'announcementAt', 'motif', 'amount'] as const;

export const TEMPLATE_INFO: Record<NotificationTemplate, TemplateInfo> = {
  accuse_reception: {
    code: 'accuse_reception',
    label: 'Accusé de réception',
    description: 'Au porteur, dès l’enregistrement d’un dossier saisi ou importé d’un fichier (import DS : si la campagne le demande).',
    audience: 'porteur',
    variables: [...DOSSIER_VARS, 'depositedAt', 'phase'],
    dsDuplicate: true,
  },
  demande_complements: {
    code: 'demande_complements',
    label: 'Demande de compléments',
    description: 'Au porteur, dès la demande : la liste des pièces attendues et la date limite.',
    audience: 'porteur',
    variables: [...DOSSIER_VARS, 'message', 'dueAt'],
    dsDuplicate: true,
  },
  relance_complements: {
    code: 'relance_complements',
    label: 'Relance : compléments attendus',
    description: 'Au porteur, deux jours avant la date limite, si les compléments ne sont pas arrivés.',
    audience: 'porteur',
    variables: [...DOSSIER_VARS, 'message', 'dueAt'],
    dsDuplicate: false,
  },
  avis_a_rediger: {
    code: 'avis_a_rediger',
    label: 'Avis à rédiger',
    description: 'Au relecteur, dès l’affectation (un seul courriel par heure et par relecteur quand plusieurs arrivent ensemble).',
    audience: 'relecteur',
    variables: [
      'reviewerName',
      'count',
      'avis',
      'avis.projectName',
      'avis.structureName',
      'avis.regionLabel',
      'avis.dueAt',
      'avis.url',
      'inboxUrl',
    ],
    dsDuplicate: false,
  },
  relance_avis: {
    code: 'relance_avis',
    label: 'Relance : avis attendu',
    description: 'Au relecteur : trois jours avant l’échéance, le jour de l’échéance, puis chaque semaine de retard.',
    audience: 'relecteur',
    variables: ['reviewerName', 'projectName', 'structureName', 'regionLabel', 'dueAt', 'overdue', 'avisUrl'],
    dsDuplicate: false,
  },
  decision_phase1_laureat: {
    code: 'decision_phase1_laureat',
    label: 'Décision phase 1 : lauréat',
    description: 'Au porteur, à la date d’annonce de la phase 1, une fois la sélection arrêtée.',
    audience: 'porteur',
    // services: the "bouquet de services spécifique émergence" allocated to the lauréat (seed 001), [{title, provider}]
    variables: [...DECISION_VARS, 'services', 'services.title', 'services.provider'],
    dsDuplicate: true,
  },
  decision_phase1_non_retenu: {
    code: 'decision_phase1_non_retenu',
    label: 'Décision phase 1 : non retenu',
    description: 'Au porteur, à la date d’annonce de la phase 1, une fois la sélection arrêtée, avec le motif.',
    audience: 'porteur',
    variables: DECISION_VARS,
    dsDuplicate: true,
  },
  decision_ineligible: {
    code: 'decision_ineligible',
    label: 'Décision : dossier inéligible',
    description: 'Au porteur, à la date d’annonce de la phase du dossier, une fois la sélection arrêtée, avec le motif.',
    audience: 'porteur',
    variables: DECISION_VARS,
    dsDuplicate: true,
  },
  decision_sans_suite: {
    code: 'decision_sans_suite',
    label: 'Décision : dossier classé sans suite',
    description: 'Au porteur, à la date d’annonce de la phase du dossier, une fois la sélection arrêtée, avec le motif.',
    audience: 'porteur',
    variables: DECISION_VARS,
    dsDuplicate: true,
  },
  invitation_phase2: {
    code: 'invitation_phase2',
    label: 'Invitation à la phase 2',
    description: 'Au porteur lauréat invité, à la date d’annonce des invitations : date limite et lien de dépôt.',
    audience: 'porteur',
    variables: [...DOSSIER_VARS, 'invitationAt', 'phase2DepositDeadline', 'dsUrl'],
    dsDuplicate: false,
  },
  relance_depot_phase2: {
    code: 'relance_depot_phase2',
    label: 'Relance : dépôt en phase 2',
    description: 'Aux porteurs invités sans dossier de phase 2, 14 puis 3 jours avant la date limite.',
    audience: 'porteur',
    variables: [...DOSSIER_VARS, 'phase2DepositDeadline', 'daysLeft', 'dsUrl'],
    dsDuplicate: false,
  },
  decision_phase2_laureat: {
    code: 'decision_phase2_laureat',
    label: 'Décision phase 2 : lauréat',
    description: 'Au porteur, à la date d’annonce de la phase 2, une fois la sélection arrêtée, avec le montant.',
    audience: 'porteur',
    variables: DECISION_VARS,
    dsDuplicate: true,
  },
  decision_phase2_non_retenu: {
    code: 'decision_phase2_non_retenu',
    label: 'Décision phase 2 : non retenu',
    description: 'Au porteur, à la date d’annonce de la phase 2, une fois la sélection arrêtée, avec le motif.',
    audience: 'porteur',
    variables: DECISION_VARS,
    dsDuplicate: true,
  },
  recapitulatif_hebdomadaire: {
    code: 'recapitulatif_hebdomadaire',
    label: 'Récapitulatif hebdomadaire',
    description: 'Aux instructeurs, le lundi à 8 h (heure de Paris) : dossiers par état, avis en retard, courriels en échec.',
    audience: 'instructeur',
    variables: ['recipientName', 'weekLabel', 'states', 'states.label', 'states.count', 'overdueAvis', 'failedEmails', 'backOfficeUrl'],
    dsDuplicate: false,
  },
};

export function isNotificationTemplate(x: unknown): x is NotificationTemplate {
  return typeof x === 'string' && (NOTIFICATION_TEMPLATES as readonly string[]).includes(x);
}

/** Decision templates: sent at the phase's announcement date, only once the phase's selection is arrêtée. */
export const DECISION_TEMPLATES: readonly NotificationTemplate[] = [
  'decision_phase1_laureat',
  'decision_phase1_non_retenu',
  'decision_ineligible',
  'decision_sans_suite',
  'decision_phase2_laureat',
  'decision_phase2_non_retenu',
];

export function isDecisionTemplate(t: string): boolean {
  return (DECISION_TEMPLATES as readonly string[]).includes(t);
}

/** The decision e-mail for a dossier's final state in a phase, or null when the state is not a decision. */
export function decisionTemplate(phase: 1 | 2, state: string): NotificationTemplate | null {
  switch (state) {
    case 'laureat':
      return phase === 1 ? 'decision_phase1_laureat' : 'decision_phase2_laureat';
    case 'non_retenu':
      return phase === 1 ? 'decision_phase1_non_retenu' : 'decision_phase2_non_retenu';
    case 'ineligible':
      return 'decision_ineligible';
    case 'sans_suite':
      return 'decision_sans_suite';
    default:
      return null;
  }
}

/** The dossier state a decision e-mail announces (the row is cancelled when the dossier leaves it). */
export function decisionStateOf(t: NotificationTemplate): string | null {
  if (t === 'decision_phase1_laureat' || t === 'decision_phase2_laureat') return 'laureat';
  if (t === 'decision_phase1_non_retenu' || t === 'decision_phase2_non_retenu') return 'non_retenu';
  if (t === 'decision_ineligible') return 'ineligible';
  if (t === 'decision_sans_suite') return 'sans_suite';
  return null;
}
