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
  publicUrl: string;
  adminOrigin: string;
  adminDist: string | null;
  storageDir: string;
  logLevel: string;
  /** The API owns the dev mail sink's port; the worker only sends to it. */
  processRole: 'api' | 'worker';
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
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET est obligatoire en production (au moins 32 caractères).');
    jwtSecret = DEV_JWT_SECRET;
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET doit contenir au moins 32 caractères.');
  }
  const ttl = env.JWT_TTL_SECONDS ? Number(env.JWT_TTL_SECONDS) : 3600;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86400) problems.push('JWT_TTL_SECONDS doit être un entier entre 60 et 86400.');

  const dsApiUrl = env.DS_API_URL ? parseUrl('DS_API_URL', env.DS_API_URL, ['http:', 'https:'], problems) : null;
  const publicUrl = parseUrl('PUBLIC_URL', env.PUBLIC_URL || `http://localhost:${port || 3000}`, ['http:', 'https:'], problems);
  const mailFrom = env.MAIL_FROM || 'AMI PTCE <ne-pas-repondre@ptce.example.org>';
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    problems.push(`LOG_LEVEL inconnu : « ${logLevel} ».`);

  if (problems.length) throw new ConfigError(problems);
  let adminOrigin = new URL(publicUrl).origin;
  if (env.ADMIN_ORIGIN) adminOrigin = env.ADMIN_ORIGIN;
  return {
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
    publicUrl,
    adminOrigin,
    adminDist: env.ADMIN_DIST ?? null,
    storageDir: env.STORAGE_DIR || '.storage',
    logLevel,
    processRole: 'api',
  };
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
