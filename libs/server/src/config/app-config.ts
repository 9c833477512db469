import { type ImportSettings, loadImportSettings } from '../imports/import-settings';

// Configuration read once from the environment and validated at start: a wrong value stops the process with a clear
// message instead of failing later on a request.
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  demoMode: boolean;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  smtpUrl: string | null;
  mailFrom: string;
  mailSinkPort: number;
  jwtSecret: string;
  jwtTtlSeconds: number;
  dsApiUrl: string | null;
  dsApiToken: string | null;
  /** DS_INSTRUCTEUR_ID: the DS instructeur (GraphQL id) in whose name the DS channel's mutations are made; null = channel unavailable. */
  dsInstructeurId: string | null;
  publicUrl: string;
  adminOrigin: string;
  adminDist: string | null;
  storageDir: string;
  /** `file://<folder>` or `s3://<bucket>[/<prefix>]` (libs/server/src/storage); null: the folder storageDir. */
  storageUrl: string | null;
  logLevel: string;
  /** Address the API listens on (HOST); loopback by default when the development signing secret is in use. */
  host: string;
  /** Express "trust proxy" (TRUST_PROXY): false (default) trusts no X-Forwarded-For; else addresses/CIDRs or a hop count. */
  trustProxy: boolean | number | string[];
  /** Refresh session: absolute life (REFRESH_TTL_SECONDS, 12 h) and idle limit (REFRESH_IDLE_SECONDS, 2 h). */
  refreshTtlSeconds: number;
  refreshIdleSeconds: number;
  /** Cache of the per-request token-version check (AUTH_USER_CACHE_MS, 5 s; 0 = none). */
  authUserCacheMs: number;
  /** ProConnect (OIDC) when PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET are set. */
  proconnect: { issuer: string; clientId: string; clientSecret: string; acrValues: string; scope: string } | null;
  /** Days an audit event is kept (AUDIT_RETENTION_DAYS, 365, at least 30). */
  auditRetentionDays: number;
  /** Failed sign-ins from one IP address within 15 minutes before it is refused (LOGIN_IP_MAX_FAILURES, 100). */
  loginIpMaxFailures: number;
  /** The importers' limits (IMPORT_*, DS_*), validated with the rest. */
  imports: ImportSettings;
  /** The API owns the dev mail sink's port; the worker only sends to it. */
  processRole: 'api' | 'worker';
  /** The worker's longest graceful stop (WORKER_SHUTDOWN_TIMEOUT_MS, 9 s: under Docker's 10 s before SIGKILL). */
  workerShutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const DEV_JWT_SECRET = 'dev-secret-not-for-production-use-0123456789';

function parseUrl(name: string, value: string, protocols: string[], problems: string[]): string {
  try {
    const u = new URL(value);
    if (!protocols.includes(u.protocol)) problems.push(`${name} doit commencer par ${protocols.join(' ou ')} (reçu « ${value} »).`);
  } catch {
    problems.push(`${name} n'est pas une URL valide (reçu « ${value} »).`);
  }
  return value;
}

function parsePort(name: string, value: string | undefined, def: number, problems: string[]): number {
  if (value === undefined || value === '') return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    problems.push(`${name} doit être un numéro de port entre 0 et 65535 (reçu « ${value} »).`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV doit valoir development, production ou test (reçu « ${nodeEnvRaw} »).`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';
  const demoMode = env.DEMO_MODE !== undefined ? env.DEMO_MODE === 'true' || env.DEMO_MODE === '1' : !production;
  if (production && demoMode) problems.push('DEMO_MODE est interdit en production : les comptes de démonstration ne doivent pas exister.');

  const databaseUrl = parseUrl(
    'DATABASE_URL',
    env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce',
    ['postgres:', 'postgresql:'],
    problems,
  );
  const redisUrl = parseUrl('REDIS_URL', env.REDIS_URL || 'redis://127.0.0.1:6379', ['redis:', 'rediss:'], problems);
  const smtpUrl = env.SMTP_URL ? parseUrl('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:'], problems) : null;
  const port = parsePort('PORT', env.PORT, 3000, problems);
  const mailSinkPort = parsePort('MAIL_SINK_PORT', env.MAIL_SINK_PORT, 1025, problems);

  let jwtSecret = env.JWT_SECRET ?? '';
  const host = env.HOST || (!jwtSecret && demoMode ? '127.0.0.1' : '0.0.0.0');
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(host);
  if (!jwtSecret) {
    // The built-in secret is public (it is in the sources): only for a demo that nobody else can reach.
    if (production) problems.push('JWT_SECRET est obligatoire en production (au moins 32 caractères).');
    else if (!demoMode || !loopback)
      problems.push(
        'JWT_SECRET est obligatoire (au moins 32 caractères) : le secret de développement ne sert qu’en mode démonstration (DEMO_MODE) sur une adresse locale (HOST=127.0.0.1).',
      );
    jwtSecret = DEV_JWT_SECRET;
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET doit contenir au moins 32 caractères.');
  }
  const ttl = env.JWT_TTL_SECONDS ? Number(env.JWT_TTL_SECONDS) : 900;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86400) problems.push('JWT_TTL_SECONDS doit être un entier entre 60 et 86400.');

  const dsApiUrl = env.DS_API_URL ? parseUrl('DS_API_URL', env.DS_API_URL, ['http:', 'https:'], problems) : null;
  const dsInstructeurId = env.DS_INSTRUCTEUR_ID?.trim() || null;
  if (dsInstructeurId && !/^[A-Za-z0-9+/=_-]{1,200}$/.test(dsInstructeurId))
    problems.push(
      'DS_INSTRUCTEUR_ID doit être l’identifiant GraphQL d’un instructeur DS (lettres, chiffres, « +/=_- », 200 caractères au plus).',
    );
  const publicUrl = parseUrl('PUBLIC_URL', env.PUBLIC_URL || `http://localhost:${port || 3000}`, ['http:', 'https:'], problems);
  const mailFrom = env.MAIL_FROM || 'AMI PTCE <ne-pas-repondre@ptce.example.org>';
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    problems.push(`LOG_LEVEL inconnu : « ${logLevel} ».`);

  const intIn = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »).`);
    return n;
  };
  const refreshTtlSeconds = intIn('REFRESH_TTL_SECONDS', 12 * 3600, 300, 30 * 86400);
  const refreshIdleSeconds = intIn('REFRESH_IDLE_SECONDS', 2 * 3600, 120, 30 * 86400);
  const authUserCacheMs = intIn('AUTH_USER_CACHE_MS', 5000, 0, 60000);
  const auditRetentionDays = intIn('AUDIT_RETENTION_DAYS', 365, 30, 3650);
  const loginIpMaxFailures = intIn('LOGIN_IP_MAX_FAILURES', 100, 5, 100000);
  const workerShutdownTimeoutMs = intIn('WORKER_SHUTDOWN_TIMEOUT_MS', 9000, 1000, 600000);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  let proconnect: AppConfig['proconnect'] = null;
  const pcSet = [env.PROCONNECT_ISSUER, env.PROCONNECT_CLIENT_ID, env.PROCONNECT_CLIENT_SECRET].filter(Boolean).length;
  if (pcSet === 3) {
    proconnect = {
      issuer: parseUrl('PROCONNECT_ISSUER', env.PROCONNECT_ISSUER!, ['http:', 'https:'], problems),
      clientId: env.PROCONNECT_CLIENT_ID!,
      clientSecret: env.PROCONNECT_CLIENT_SECRET!,
      acrValues: env.PROCONNECT_ACR_VALUES || 'eidas1',
      scope: env.PROCONNECT_SCOPE || 'openid email given_name usual_name uid siret',
    };
  } else if (pcSet) {
    problems.push('ProConnect : PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID et PROCONNECT_CLIENT_SECRET vont ensemble.');
  }

  if (env.HISTORIQUE_FLAG_RULE && !['majority', 'any'].includes(env.HISTORIQUE_FLAG_RULE))
    problems.push(`HISTORIQUE_FLAG_RULE vaut majority ou any (reçu « ${env.HISTORIQUE_FLAG_RULE} »).`);
  // One validated configuration: the importers' settings are checked here with the rest (issue 9).
  let imports: ImportSettings | null = null;
  try {
    imports = loadImportSettings(env);
  } catch (e) {
    problems.push((e as Error).message);
  }

  if (problems.length) throw new ConfigError(problems);
  let adminOrigin = new URL(publicUrl).origin;
  if (env.ADMIN_ORIGIN) adminOrigin = env.ADMIN_ORIGIN;
  return {
    imports: imports as ImportSettings,
    nodeEnv,
    demoMode,
    port,
    databaseUrl,
    redisUrl,
    redisPrefix: env.REDIS_PREFIX || 'ptce',
    smtpUrl,
    mailFrom,
    mailSinkPort,
    jwtSecret,
    jwtTtlSeconds: ttl,
    dsApiUrl,
    dsApiToken: env.DS_API_TOKEN || null,
    dsInstructeurId,
    publicUrl,
    adminOrigin,
    adminDist: env.ADMIN_DIST ?? null,
    storageDir: env.STORAGE_DIR || '.storage',
    storageUrl: env.STORAGE_URL || null,
    logLevel,
    processRole: 'api',
    host,
    trustProxy,
    refreshTtlSeconds,
    refreshIdleSeconds,
    authUserCacheMs,
    proconnect,
    auditRetentionDays,
    loginIpMaxFailures,
    workerShutdownTimeoutMs,
  };
}

/** TRUST_PROXY: unset/false → none; true → every hop (behind a proxy that rewrites the header); a number → hops; else a list. */
function parseTrustProxy(raw: string | undefined, problems: string[]): AppConfig['trustProxy'] {
  const v = (raw ?? '').trim();
  if (!v || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const items = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const ok = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
  const bad = items.filter((i) => !ok.test(i));
  if (bad.length) problems.push(`TRUST_PROXY : valeur inconnue « ${bad.join(', ')} » (adresses, CIDR, loopback, ou un nombre de relais).`);
  return items;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** For entry points: the validated configuration, or the French list of problems and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
