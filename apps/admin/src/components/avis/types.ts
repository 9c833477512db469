/**
 * Shapes of the avis endpoints, as the API answers them (apps/api/src/avis/avis.mapper.ts, avis.service.ts,
 * assignment.service.ts). Types only: the grid itself is always read from `GET /api/avis-grid`, never copied here.
 */
import type { AvisGrid, AvisSynthesis } from '@ptce/domain';

export type { AvisGrid };

export type AvisStatus = 'a_rediger' | 'brouillon' | 'rendu' | 'decline' | 'conflit' | 'annule';
export type AvisUiAction = 'save' | 'submit' | 'decline' | 'conflict' | 'reopen' | 'unassign';

/** `content.scores[<entry>]` */
export interface AvisEntryScore {
  score?: number | null;
  comment?: string | null;
}

/** The draft the reviewer edits: `PUT /api/avis/:id {content, expectedVersion}`. */
export interface AvisContent {
  scores: Record<string, AvisEntryScore>;
  maturity: { level: string | null; markers: Record<string, number | null> };
  typology: { type: string | null; actionLogics: string[] };
  recommendation: string | null;
  synthesis: string | null;
}

/** `GET /api/avis/:id` (and the rows of `GET /api/avis`). */
export interface AvisRecord {
  id: string;
  dossierId: string;
  reviewerId: string;
  reviewerName: string | null;
  role: string;
  status: AvisStatus;
  statusLabel: string;
  required: boolean;
  dueAt: string | null;
  remindedAt: string | null;
  reminderCount: number;
  overdue: boolean;
  scores: Record<string, AvisEntryScore>;
  maturity: { level: string | null; markers: Record<string, number | null> };
  typology: { type: string | null; actionLogics: string[] };
  recommendation: string | null;
  synthesis: string | null;
  renderedAt: string | null;
  declinedReason: string | null;
  conflictReason: string | null;
  /** Status `annule`: why (the dossier left the instruction). */
  cancelledReason?: string | null;
  cancelledAt?: string | null;
  assignedBy?: string | null;
  assignmentOverrideReason?: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  dossier: {
    campaignId: string;
    phase: 1 | 2;
    projectName: string;
    structureName: string;
    region: string;
    state: string;
  };
  actions: AvisUiAction[];
}

/** `GET /api/dossiers/:id/avis-synthesis` */
export interface AvisSynthesisView extends AvisSynthesis {
  dossierId: string;
  dossierState: string;
  pending: {
    avisId: string;
    reviewerId: string;
    reviewerName: string | null;
    role: string;
    status: AvisStatus;
    required: boolean;
    dueAt: string | null;
  }[];
}

/** `GET /api/dossiers/:id/assignment-candidates?role=…` */
export interface AssignmentCandidate {
  id: string;
  fullName: string;
  email: string;
  role: string;
  regions: string[];
  inRegion: boolean;
  organisationSiret: string | null;
  openAvisCount: number;
  conflict: string | null;
  conflictOverridable: boolean;
  alreadyAssigned: boolean;
  declined: boolean;
}

/** The avis content held by a record, as the form's starting point. */
export function contentOf(a: Pick<AvisRecord, 'scores' | 'maturity' | 'typology' | 'recommendation' | 'synthesis'>): AvisContent {
  return {
    scores: { ...(a.scores ?? {}) },
    maturity: { level: a.maturity?.level ?? null, markers: { ...(a.maturity?.markers ?? {}) } },
    typology: { type: a.typology?.type ?? null, actionLogics: [...(a.typology?.actionLogics ?? [])] },
    recommendation: a.recommendation ?? null,
    synthesis: a.synthesis ?? null,
  };
}
