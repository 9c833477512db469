/**
 * HTTP access to DS's GraphQL API v2 and to its file URLs: Bearer token, waiting out HTTP 429 as `RateLimit-Reset`
 * says, bounded exponential backoff on network errors and 5xx. No state besides counters: one client per run.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportSettings } from '../import-settings';
import { formatBytes } from '../import-settings';

/** A failure of the whole run (DS unreachable, token refused, query refused). French message. */
export class DsApiError extends Error {}
/** DS refuses the token (HTTP 401/403): retrying will not help. */
export class DsTokenRefused extends DsApiError {}
/** A mutation DS answered with `errors` in its payload (ValidationError: the action is refused as asked). */
export class DsMutationRefused extends DsApiError {}

/** A file that is not imported; `transient` when a later run may succeed (network, expired link). */
export class AttachmentRefused extends Error {
  constructor(
    message: string,
    readonly transient = false,
  ) {
    super(message);
  }
}

export interface DsClientStats {
  requests: number;
  rateLimitWaits: number;
  retries: number;
}

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** DS_API_URL may name the GraphQL endpoint or only the site: 'https://www.demarches-simplifiees.fr' works too. */
export function graphqlEndpoint(url: string): string {
  const u = new URL(url);
  if (/\/graphql\/?$/.test(u.pathname)) return u.toString();
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/api/v2/graphql`;
  return u.toString();
}

/** Seconds to wait from `RateLimit-Reset` (seconds, or an epoch in seconds) or `Retry-After` (seconds or HTTP date). */
export function rateLimitWaitMs(headers: Headers, now = Date.now()): number | null {
  const reset = headers.get('ratelimit-reset');
  if (reset && /^\d+(\.\d+)?$/.test(reset.trim())) {
    const n = Number(reset);
    return n > 1_000_000_000 ? Math.max(0, n * 1000 - now) : n * 1000;
  }
  const after = headers.get('retry-after');
  if (after) {
    if (/^\d+$/.test(after.trim())) return Number(after) * 1000;
    const at = Date.parse(after);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return null;
}

export interface DownloadResult {
  byteSize: number;
  /** Base64 MD5 of what was written (DS's `checksum` form). */
  checksum: string;
  contentType: string;
}

export class DsClient {
  readonly stats: DsClientStats = { requests: 0, rateLimitWaits: 0, retries: 0 };
  private readonly endpoint: string;

  constructor(
    endpoint: string,
    private readonly token: string | null,
    private readonly settings: ImportSettings,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.endpoint = graphqlEndpoint(endpoint);
  }

  /** Runs a GraphQL operation; any `errors` in the answer fail it (a partial page is never trusted). */
  async query<T>(query: string, variables: Record<string, unknown>, operationName: string): Promise<T> {
    const res = await this.request(this.endpoint, () => ({
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ query, variables, operationName }),
    }));
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new DsTokenRefused('Démarches Simplifiées refuse le jeton d’API (DS_API_TOKEN) : vérifiez-le et ses droits sur la démarche.');
    }
    if (!res.ok) {
      const text = (await res.text()).slice(0, 200);
      throw new DsApiError(`Démarches Simplifiées a répondu ${res.status} : ${text}`);
    }
    let body: { data?: T | null; errors?: { message: string }[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new DsApiError('Réponse illisible de Démarches Simplifiées (JSON attendu).');
    }
    if (body.errors?.length) {
      throw new DsApiError(`L’API de Démarches Simplifiées a refusé la requête : ${body.errors.map((e) => e.message).join(' ; ')}`);
    }
    if (!body.data) throw new DsApiError('Réponse vide de Démarches Simplifiées.');
    return body.data;
  }

  /**
   * Runs a GraphQL mutation whose argument is `input` and returns its payload (the root field `field`); `errors`
   * in the payload (DS refuses the action: wrong state, unknown instructeur...) throw DsMutationRefused.
   */
  async mutate<P>(mutation: string, input: Record<string, unknown>, operationName: string, field: string): Promise<P> {
    const data = await this.query<Record<string, (P & { errors?: { message: string }[] | null }) | null>>(
      mutation,
      { input },
      operationName,
    );
    const payload = data[field];
    if (!payload) throw new DsApiError(`Réponse vide de Démarches Simplifiées (${field}).`);
    if (payload.errors?.length) {
      throw new DsMutationRefused(`Démarches Simplifiées a refusé l’opération : ${payload.errors.map((e) => e.message).join(' ; ')}`);
    }
    return payload;
  }

  /**
   * Downloads a file into `dest` (through a temporary file) while checking the size limit, and returns its size
   * and MD5. The declared type and size are checked by the caller before calling; the served ones are checked here.
   */
  async download(url: string, dest: string, opts: { maxBytes: number; allowedTypes: readonly string[] }): Promise<DownloadResult> {
    let res: Response;
    try {
      res = await this.request(url, () => ({ method: 'GET' }));
    } catch (e) {
      throw new AttachmentRefused(`téléchargement impossible (${(e as Error).message})`, true);
    }
    if (res.status === 403 || res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      throw new AttachmentRefused(`lien de téléchargement expiré ou introuvable (HTTP ${res.status})`, true);
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new AttachmentRefused(`téléchargement refusé (HTTP ${res.status})`, true);
    }
    const served = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (served && served !== 'application/octet-stream' && !opts.allowedTypes.includes(served)) {
      await res.body.cancel();
      throw new AttachmentRefused(`type de fichier non accepté (${served})`);
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && length > opts.maxBytes) {
      await res.body.cancel();
      throw new AttachmentRefused(`fichier trop volumineux (${formatBytes(length)}, ${formatBytes(opts.maxBytes)} au plus)`);
    }
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.part`;
    const md5 = createHash('md5');
    let size = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > opts.maxBytes) return cb(new AttachmentRefused(`fichier trop volumineux (plus de ${formatBytes(opts.maxBytes)})`));
        md5.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), limiter, createWriteStream(tmp));
    } catch (e) {
      await rm(tmp, { force: true });
      if (e instanceof AttachmentRefused) throw e;
      throw new AttachmentRefused(`téléchargement interrompu (${(e as Error).message})`, true);
    }
    await rename(tmp, dest);
    return { byteSize: size, checksum: md5.digest('base64'), contentType: served || 'application/octet-stream' };
  }

  /** fetch with the waiting and retrying rules; returns the first answer that is neither 429 nor 5xx. */
  private async request(url: string, init: () => RequestInit): Promise<Response> {
    let failures = 0;
    let waits = 0;
    for (;;) {
      this.stats.requests++;
      let res: Response | null = null;
      let error: unknown = null;
      try {
        res = await fetch(url, { ...init(), signal: AbortSignal.timeout(this.settings.timeoutMs) });
      } catch (e) {
        error = e;
      }
      if (res && res.status === 429) {
        await res.body?.cancel();
        if (++waits > this.settings.maxRateLimitWaits) {
          throw new DsApiError(
            `Démarches Simplifiées limite toujours le débit après ${this.settings.maxRateLimitWaits} attentes : import interrompu, relancez-le plus tard.`,
          );
        }
        const wait = Math.min(
          rateLimitWaitMs(res.headers) ?? this.settings.retryBaseMs * 2 ** Math.min(waits, 6),
          this.settings.maxRateLimitWaitMs,
        );
        this.stats.rateLimitWaits++;
        await this.sleep(Math.max(wait, 50));
        continue;
      }
      if (res && res.status < 500) return res;
      if (res) await res.body?.cancel();
      if (++failures >= this.settings.maxAttempts) {
        const why = res ? `HTTP ${res.status}` : describe(error);
        throw new DsApiError(`Démarches Simplifiées est injoignable après ${failures} tentatives (${why}).`);
      }
      this.stats.retries++;
      const backoff = this.settings.retryBaseMs * 2 ** (failures - 1);
      await this.sleep(backoff + Math.floor(Math.random() * Math.min(backoff, 1000) * 0.2));
    }
  }
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'délai dépassé';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}
