import { allowedAvisActions, AVIS_STATUS_LABELS, AvisStatus, DossierState, isFinalState, isOpenAvisStatus, reviewerVisibleState } from '@ptce/domain';
import type { AuthUser } from '../common/auth.decorators';
import { canSeeAll } from '../dossiers/dossier-scope';
import { AvisEntity } from './avis.entity';

/** Who manages assignments (assign, remove, re-open a rendered avis). */
export const AVIS_MANAGER_ROLES = ['instructeur', 'admin'] as const;

export function isAvisManager(user: AuthUser): boolean {
  return user.roles.some((r) => (AVIS_MANAGER_ROLES as readonly string[]).includes(r));
}

/** The reviewer writes (save, submit, decline, conflict) while the dossier is not in a final state. */
export function avisWritable(dossierState: DossierState): boolean {
  return !isFinalState(dossierState);
}

/** A rendered avis is re-opened, or an assignment added or removed, only while the dossier is still being instructed. */
export const ASSIGNABLE_DOSSIER_STATES: readonly DossierState[] = ['depose', 'en_instruction', 'en_attente_complements'];

export interface AvisDossierSummary {
  id: string;
  campaignId: string;
  phase: 1 | 2;
  projectName: string;
  structureName: string;
  region: string;
  state: DossierState;
}

export type AvisUiAction = 'save' | 'submit' | 'decline' | 'conflict' | 'reopen' | 'unassign';

/** What the caller may do on this avis now (the UI shows these buttons; the API checks again). */
export function avisActionsFor(viewer: AuthUser, a: AvisEntity, dossierState: DossierState): AvisUiAction[] {
  const out: AvisUiAction[] = [];
  if (viewer.id === a.reviewerId && avisWritable(dossierState)) {
    out.push(...allowedAvisActions(a.status).filter((x) => x !== 'reopen'));
  }
  if (isAvisManager(viewer) && ASSIGNABLE_DOSSIER_STATES.includes(dossierState)) {
    if (a.status === 'rendu') out.push('reopen');
    if (a.status === 'a_rediger') out.push('unassign');
  }
  return out;
}

function obj(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}

export function isOverdue(a: Pick<AvisEntity, 'status' | 'dueAt'>, now = new Date()): boolean {
  return isOpenAvisStatus(a.status) && a.dueAt !== null && a.dueAt.getTime() < now.getTime();
}

/** The avis as the API shows it (core names per API.md), with a dossier summary for inbox lists. */
export function toAvisDto(a: AvisEntity, ctx: { reviewerName: string | null; dossier: AvisDossierSummary; viewer: AuthUser }) {
  const c = obj(a.content);
  const maturity = obj(c.maturity);
  const typology = obj(c.typology);
  const staff = canSeeAll(ctx.viewer);
  return {
    id: a.id,
    dossierId: a.dossierId,
    reviewerId: a.reviewerId,
    reviewerName: ctx.reviewerName,
    role: a.role,
    status: a.status,
    statusLabel: AVIS_STATUS_LABELS[a.status as AvisStatus] ?? a.status,
    required: a.required,
    dueAt: a.dueAt?.toISOString() ?? null,
    remindedAt: a.remindedAt?.toISOString() ?? null,
    reminderCount: a.reminderCount,
    overdue: isOverdue(a),
    scores: obj(c.scores),
    maturity: { level: (maturity.level as string | undefined) ?? null, markers: obj(maturity.markers) },
    typology: {
      type: (typology.type as string | undefined) ?? null,
      actionLogics: Array.isArray(typology.actionLogics) ? typology.actionLogics : [],
    },
    recommendation: (c.recommendation as string | undefined) ?? null,
    synthesis: (c.synthesis as string | undefined) ?? null,
    renderedAt: a.renderedAt?.toISOString() ?? null,
    declinedReason: a.declinedReason,
    conflictReason: a.conflictReason,
    cancelledReason: a.cancelledReason ?? null,
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
    // How the assignment was made is instruction data: shown to national staff only.
    assignedBy: staff ? a.assignedBy : undefined,
    assignmentOverrideReason: staff ? a.assignmentOverrideReason : undefined,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    dossier: {
      campaignId: ctx.dossier.campaignId,
      phase: ctx.dossier.phase,
      projectName: ctx.dossier.projectName,
      structureName: ctx.dossier.structureName,
      region: ctx.dossier.region,
      // Decisions are the cabinet's, provisional until the arrêt: a reviewer sees a decided dossier as instruit.
      state: staff ? ctx.dossier.state : reviewerVisibleState(ctx.dossier.state),
    },
    actions: avisActionsFor(ctx.viewer, a, ctx.dossier.state),
  };
}

export type AvisDto = ReturnType<typeof toAvisDto>;
