import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Connection pool settings of the API and the worker, from the environment: `DB_POOL_SIZE` (10 by default; with several
 * replicas, keep replicas × pool under PostgreSQL's max_connections, or put PgBouncer in transaction mode in front),
 * `DB_STATEMENT_TIMEOUT_MS` (none by default: a statement running longer is cancelled by PostgreSQL),
 * `DB_IDLE_TIMEOUT_MS` (10 s), `DB_CONNECT_TIMEOUT_MS` (10 s). A wrong value stops the process with a French message.
 */
export function poolOptions(env: NodeJS.ProcessEnv = process.env): Record<string, number> {
  const int = (name: string, def: number | undefined, min: number, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${name} doit être un entier entre ${min} et ${max} (reçu « ${raw} »).`);
    return n;
  };
  const out: Record<string, number> = {
    max: int('DB_POOL_SIZE', 10, 1, 1000)!,
    idleTimeoutMillis: int('DB_IDLE_TIMEOUT_MS', 10_000, 0, 3_600_000)!,
    connectionTimeoutMillis: int('DB_CONNECT_TIMEOUT_MS', 10_000, 0, 600_000)!,
  };
  const timeout = int('DB_STATEMENT_TIMEOUT_MS', undefined, 1, 86_400_000);
  if (timeout !== undefined) out.statement_timeout = timeout;
  return out;
}

/**
 * `DB_CAPTURE_SQL=1` (benchmarks only): every statement the product sends, with its parameters, one JSON line on
 * stderr prefixed `[sql] `, so that `npm run bench` can EXPLAIN the SQL actually sent rather than a re-typed copy.
 */
export function captureLogger(env: NodeJS.ProcessEnv = process.env): TypeOrmLogger | undefined {
  if (env.DB_CAPTURE_SQL !== '1') return undefined;
  const write = (query: string, parameters?: unknown[]) =>
    process.stderr.write(`[sql] ${JSON.stringify({ query, parameters: parameters ?? [] })}\n`);
  return {
    logQuery: write,
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
}
