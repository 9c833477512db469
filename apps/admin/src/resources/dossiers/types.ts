import type { DossierState, Eligibility, RequiredField, WorkflowAction } from '../../components/domainLabels';

export interface DossierAttachment {
  id: string;
  kind: string;
  filename: string;
  contentType: string | null;
  byteSize: number | null;
  stored: boolean;
  createdAt: string;
}

/** `GET /api/dossiers/:id` (see apps/api/src/dossiers/dossier.mapper.ts); lists omit sections and attachments. */
export interface DossierRecord {
  id: string;
  campaignId: string;
  phase: 1 | 2;
  parentDossierId: string | null;
  dsNumber: number | null;
  projectName: string;
  region: string;
  structure: {
    siret: string | null;
    name: string;
    legalForm: string | null;
    legalFormCode: string | null;
    legalCategory: string | null;
    esus: boolean;
    esusDate: string | null;
  };
  referent: { name: string | null; email: string | null; phone: string | null };
  sections?: Record<string, string | null>;
  characterisation?: Record<string, unknown>;
  memberSirets?: string[];
  amountRequestedCents: number | null;
  attachments?: DossierAttachment[];
  depositedAt: string;
  lateDeposit: boolean;
  state: DossierState;
  eligibility: Eligibility;
  invitedToPhase2At: string | null;
  decision: { outcome: string; motif: string | null; amountCents: number | null } | null;
  source: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/dossiers/:id/transitions` */
export interface AllowedTransitions {
  dossierId: string;
  state: DossierState;
  eligibility: Eligibility;
  version: number;
  actions: { action: WorkflowAction; label: string; requires: RequiredField[] }[];
}

export type AutoResult = 'ok' | 'ko' | 'a_verifier';

/** `GET /api/dossiers/:id/eligibility` */
export interface EligibilityView {
  dossierId: string;
  version: number;
  state: DossierState;
  eligibility: Eligibility;
  items: {
    code: string;
    label: string;
    auto: AutoResult;
    reason: string;
    decision: { status: string; reason?: string | null; by: string | null; byName?: string | null; at: string | null } | null;
    final: 'ok' | 'ko' | null;
    overridden: boolean;
    error: string | null;
  }[];
  allResolved: boolean;
  allPassed: boolean;
  proposedMotif: string | null;
}

/** `GET /api/dossiers/:id/journal` (oldest first). */
export interface JournalEntry {
  id: number;
  dossierId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string;
  action: string;
  from: string | null;
  to: string | null;
  motif: string | null;
  data: Record<string, unknown> | null;
  requestId: string | null;
  version: number | null;
}
