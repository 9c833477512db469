/**
 * Limits of the importers, from the environment (defaults fit DS's production API):
 * IMPORT_MAX_FILE_BYTES (one attached file, 20 MiB), IMPORT_MAX_UPLOAD_BYTES (an export file, 20 MiB),
 * IMPORT_CONCURRENCY (dossiers written at once, 4), DS_PAGE_SIZE (100, DS's maximum), DS_MAX_ATTEMPTS (network
 * errors, 5), DS_RETRY_BASE_MS (first backoff, 500 ms, doubled each time), DS_MAX_RATE_LIMIT_WAITS (20),
 * DS_MAX_RATE_LIMIT_WAIT_SECONDS (longest wait one 429 may ask, 120), DS_TIMEOUT_MS (per request, 60 s),
 * IMPORT_MAX_ROWS (rows of an export file, 5,000), IMPORT_MAX_INFLATED_BYTES (an XLSX once decompressed, 50 MiB),
 * IMPORT_MAX_ZIP_ENTRIES (files inside an XLSX, 1,000).
 */
export interface ImportSettings {
  maxFileBytes: number;
  maxUploadBytes: number;
  allowedContentTypes: readonly string[];
  concurrency: number;
  pageSize: number;
  maxAttempts: number;
  retryBaseMs: number;
  maxRateLimitWaits: number;
  maxRateLimitWaitMs: number;
  timeoutMs: number;
  /** Rows of an export file past which the import is refused (TOO_MANY_ROWS). */
  maxRows: number;
  /** What an XLSX (a zip) may inflate to, declared and actual (ARCHIVE_TOO_LARGE past it). */
  maxInflatedBytes: number;
  maxZipEntries: number;
  /** The next incremental run asks for changes since this run's start minus this margin (clock skew with DS). */
  sinceMarginMs: number;
}

export const IMPORT_SETTINGS = Symbol('IMPORT_SETTINGS');

/** PDF, images and office documents (Microsoft and OpenDocument). */
export const ALLOWED_ATTACHMENT_TYPES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/heic',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
];

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »).`);
  return n;
}

const MIB = 1024 * 1024;

export function loadImportSettings(env: NodeJS.ProcessEnv = process.env): ImportSettings {
  return {
    maxFileBytes: int(env, 'IMPORT_MAX_FILE_BYTES', 20 * MIB, 1, 1024 * MIB),
    maxUploadBytes: int(env, 'IMPORT_MAX_UPLOAD_BYTES', 20 * MIB, 1, 1024 * MIB),
    allowedContentTypes: ALLOWED_ATTACHMENT_TYPES,
    concurrency: int(env, 'IMPORT_CONCURRENCY', 4, 1, 16),
    pageSize: int(env, 'DS_PAGE_SIZE', 100, 1, 100),
    maxAttempts: int(env, 'DS_MAX_ATTEMPTS', 5, 1, 20),
    retryBaseMs: int(env, 'DS_RETRY_BASE_MS', 500, 1, 60_000),
    maxRateLimitWaits: int(env, 'DS_MAX_RATE_LIMIT_WAITS', 20, 0, 1000),
    maxRateLimitWaitMs: int(env, 'DS_MAX_RATE_LIMIT_WAIT_SECONDS', 120, 1, 3600) * 1000,
    timeoutMs: int(env, 'DS_TIMEOUT_MS', 60_000, 100, 600_000),
    sinceMarginMs: 5 * 60 * 1000,
    maxRows: int(env, 'IMPORT_MAX_ROWS', 5000, 1, 1_000_000),
    maxInflatedBytes: int(env, 'IMPORT_MAX_INFLATED_BYTES', 50 * MIB, 1024, 4096 * MIB),
    maxZipEntries: int(env, 'IMPORT_MAX_ZIP_ENTRIES', 1000, 1, 100_000),
  };
}

export function formatBytes(n: number): string {
  if (n >= MIB) return `${Math.round((n / MIB) * 10) / 10} Mo`.replace('.', ',');
  if (n >= 1024) return `${Math.round(n / 1024)} Ko`;
  return `${n} octets`;
}
