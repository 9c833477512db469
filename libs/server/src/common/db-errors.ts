// PostgreSQL unreachable or a connection cut (restart, failover, pg_terminate_backend): the client's fault is nil and a
// retry a moment later usually succeeds, so it is a 503 with Retry-After, never a 500.
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const CONNECTION_MESSAGES =
  /Connection terminated|terminating connection|connection timeout|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|Client has encountered a connection error|Connection is not established|the database system is (starting up|shutting down)/i;

export const DB_RETRY_AFTER_SECONDS = 5;

export function isDbConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && CONNECTION_SQLSTATES.has(e.code)) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  return e.driverError ? isDbConnectionError(e.driverError) : false;
}
