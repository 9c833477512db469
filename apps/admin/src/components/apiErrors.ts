import type { ApiErrorBody } from '../providers/dataProvider';

/** What a failed API call tells the UI: the French message, the stable code, per-field messages. */
export interface ApiFailure {
  message: string;
  code: string;
  status: number;
  /** `details` of VALIDATION_FAILED: field (dotted path) → French message. */
  fields: Record<string, string>;
}

/** Reads an `HttpError(message, status, body)` rejected by `dataProvider.call` (or anything thrown). */
export function apiFailure(error: unknown): ApiFailure {
  const e = (error ?? {}) as { message?: unknown; status?: unknown; body?: Partial<ApiErrorBody> };
  const body = e.body ?? {};
  const details =
    body.details && typeof body.details === 'object' && !Array.isArray(body.details) ? (body.details as Record<string, unknown>) : {};
  const fields = Object.fromEntries(Object.entries(details).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const message =
    (typeof body.message === 'string' && body.message) ||
    (typeof e.message === 'string' && e.message) ||
    'L’opération a échoué. Réessayez ou contactez l’administrateur.';
  return {
    message,
    code: typeof body.code === 'string' ? body.code : 'HTTP_ERROR',
    status: typeof e.status === 'number' ? e.status : (body.statusCode ?? 0),
    fields,
  };
}

/** The record was changed by someone else since it was read: the UI offers to reload. */
export const isVersionConflict = (f: ApiFailure | null | undefined): boolean => f?.code === 'VERSION_CONFLICT';
