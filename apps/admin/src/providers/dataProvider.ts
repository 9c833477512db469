import { fetchUtils, HttpError, useDataProvider, type DataProvider } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { ensureSession, refreshSession } from './session';

export const API_URL = '/api';

/** Error body of the API: `{statusCode, code, message, details?}`; `message` is French and fit to show. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
  /** Added here for react-admin forms: field → message, from `details` of VALIDATION_FAILED. */
  errors?: Record<string, string | { serverError: string }>;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'La requête est invalide.',
  401: 'Votre session a expiré. Reconnectez-vous.',
  403: 'Vous n’avez pas le droit d’effectuer cette action.',
  404: 'Élément introuvable.',
  409: 'Conflit : l’élément a été modifié entre-temps. Rechargez la page.',
  413: 'Le fichier envoyé est trop volumineux.',
  429: 'Trop de requêtes. Réessayez dans quelques instants.',
};

function fallbackMessage(status: number): string {
  if (DEFAULT_MESSAGES[status]) return DEFAULT_MESSAGES[status];
  if (status >= 500) return `Erreur du serveur (${status}). Réessayez plus tard ou contactez l’administrateur.`;
  return `La requête a échoué (erreur ${status}).`;
}

/** `details` of VALIDATION_FAILED is `{field: message}`; react-admin shows `body.errors` under the inputs. */
function fieldErrors(details: unknown): Record<string, string> | undefined {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const entries = Object.entries(details as Record<string, unknown>).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** Normalises any failure into `HttpError(frenchMessage, status, body)`. */
export function toHttpError(status: number, body: unknown): HttpError {
  const apiBody = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
  const message = typeof apiBody.message === 'string' && apiBody.message.trim() ? apiBody.message : fallbackMessage(status);
  const fields = apiBody.code === 'VALIDATION_FAILED' ? fieldErrors(apiBody.details) : undefined;
  // `root.serverError` makes react-admin's "invalid form" notification show the API's message
  const errors = fields ? { ...fields, root: { serverError: message } } : undefined;
  return new HttpError(message, status, {
    statusCode: status,
    code: apiBody.code ?? 'HTTP_ERROR',
    ...apiBody,
    message,
    ...(errors ? { errors } : {}),
  });
}

function withAuth(options: fetchUtils.Options, token: string | null | undefined): fetchUtils.Options {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...options, headers };
}

/**
 * fetchJson + Bearer token + French errors. The access token (15 minutes, in memory) is renewed from the refresh
 * cookie before it dies; a 401 is retried once after a renewal, so only a session that is really over (expired,
 * revoked, signed out elsewhere) reaches react-admin's checkError and the login page.
 */
export const httpClient = async (url: string, options: fetchUtils.Options = {}) => {
  try {
    const session = await ensureSession();
    try {
      return await fetchUtils.fetchJson(url, withAuth(options, session?.accessToken));
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) throw error;
      const renewed = await refreshSession();
      if (!renewed) throw error;
      return await fetchUtils.fetchJson(url, withAuth(options, renewed.accessToken));
    }
  } catch (error) {
    if (error instanceof HttpError) throw toHttpError(error.status, error.body);
    // network failure (server down, proxy error...)
    throw new HttpError('Le serveur est injoignable. Vérifiez votre connexion puis réessayez.', 0, {
      statusCode: 0,
      code: 'NETWORK_ERROR',
      message: 'Le serveur est injoignable.',
    });
  }
};

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface AppDataProvider extends DataProvider {
  /**
   * Calls a non-CRUD endpoint (workflow actions, previews...), e.g.
   * `call('POST', '/dossiers/12/transitions', { to: 'en_instruction' })`.
   * `path` is relative to `/api` (a leading `/api` is accepted too). Resolves with the JSON body
   * (`null` when empty); rejects with `HttpError(frenchMessage, status, body)`.
   */
  call<T = unknown>(method: HttpMethod, path: string, body?: unknown, options?: CallOptions): Promise<T>;
}

function apiPath(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p === API_URL || p.startsWith(`${API_URL}/`) || p.startsWith(`${API_URL}?`) ? p : `${API_URL}${p}`;
}

async function call<T>(method: HttpMethod, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  const { json } = await httpClient(apiPath(path), {
    method,
    headers,
    signal: options.signal,
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  return (json ?? null) as T;
}

/**
 * Past a threshold the API estimates a list's total and writes it `*` in Content-Range (`dossiers 0-24/*`), the
 * estimate in `X-Total-Estimate`: ra-data-simple-rest reads a number there, so the estimate is put back in its place.
 */
const listClient: typeof httpClient = async (url, options) => {
  const result = await httpClient(url, options);
  const range = result.headers.get('Content-Range');
  if (!range?.endsWith('/*')) return result;
  const headers = new Headers(result.headers);
  headers.set('Content-Range', range.replace(/\*$/, result.headers.get('X-Total-Estimate') ?? '0'));
  return { ...result, headers };
};

const baseProvider = simpleRestProvider(API_URL, listClient);

export const dataProvider: AppDataProvider = {
  ...baseProvider,
  call,
};

/** `useDataProvider()` typed with the custom `call` method. */
export const useAppDataProvider = () => useDataProvider<AppDataProvider>();
