/** One problem of an import: a DS dossier (by number) or a file row (by line). */
export interface ImportIssue {
  dsNumber?: number;
  line?: number;
  reason: string;
}

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type ImportKind = 'ds' | 'file';

/** `GET /api/imports/:id` (the list leaves `errors` out and gives `errorCount`). */
export interface ImportRecord {
  id: string;
  campaignId: string;
  phase: 1 | 2;
  kind: ImportKind;
  mode: 'incremental' | 'full';
  status: ImportStatus;
  pagesDone: number;
  /** Known for a file (its rows); unknown for DS until the last page. */
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  deleted: number;
  errorCount: number;
  errors?: ImportIssue[];
  failure: string | null;
  /** Why it failed, as a stable code: TOO_MANY_ROWS, ARCHIVE_TOO_LARGE, MISSING_COLUMNS, INTERRUPTED… */
  failureCode?: string | null;
  cancelledAt?: string | null;
  updatedSince: string | null;
  dsDemarche: number | null;
  filename: string | null;
  createdBy: string | null;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** `GET /api/campaigns/:id/ds-mapping` */
export interface MappingTarget {
  key: string;
  description: string;
  defaultLabel: string;
  type: string;
  required: boolean;
  phase?: 1 | 2;
}

export interface DsMapping {
  campaignId: string;
  isDefault: boolean;
  fields: Record<string, string | null>;
  targets: MappingTarget[];
}

export const STATUS_LABELS: Record<ImportStatus, string> = {
  queued: 'En attente',
  running: 'En cours',
  done: 'Terminé',
  failed: 'Échec',
  cancelled: 'Annulé',
};

export const STATUS_COLORS: Record<ImportStatus, 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  queued: 'default',
  running: 'info',
  done: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export const KIND_LABELS: Record<ImportKind, string> = {
  ds: 'Démarches Simplifiées',
  file: 'Fichier d’export',
};

export const isActive = (r: Pick<ImportRecord, 'status'> | undefined | null): boolean => r?.status === 'queued' || r?.status === 'running';

/** The roles the API lets import (it checks every request anyway). */
export const IMPORT_ROLES = ['admin', 'instructeur'];

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' });

export function formatInstant(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTime.format(d);
}

export function formatDuration(from: string | null, to: string | null): string {
  if (!from) return '—';
  const ms = (to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The first import error's message from an API failure (HttpError body), in French. */
export function apiMessage(error: unknown, fallback: string): string {
  const e = error as { message?: unknown; body?: { message?: unknown } };
  if (typeof e?.body?.message === 'string' && e.body.message) return e.body.message;
  if (typeof e?.message === 'string' && e.message) return e.message;
  return fallback;
}
