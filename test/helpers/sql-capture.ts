import { startTestApp, TestApp } from './test-app';

/**
 * Counts the SQL statements an API request sends (a count, never a duration). The API runs in this process with
 * `DB_CAPTURE_SQL=1` (its TypeORM logger writes each statement to stderr as `[sql] {json}`): stderr is intercepted for
 * the whole file, and a statement is kept only while `captured()` runs, so the test's own setup queries (same data
 * source) are not counted.
 */
export interface Sent {
  query: string;
  parameters: unknown[];
}

/** Statements sent by the transaction's bookkeeping, not by the request's work. */
export const TX_CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i;

export const counted = (sql: Sent[]) => sql.filter((s) => !TX_CONTROL.test(s.query)).length;

export function printStatements(label: string, sql: Sent[]): void {
  const lines = sql.map((s, i) => `${String(i + 1).padStart(2)}. ${s.query.replace(/\s+/g, ' ').slice(0, 200)}`);
  console.log(`${label}: ${counted(sql)} statements (BEGIN/COMMIT excluded)\n${lines.join('\n')}`);
}

/** Registers the file's beforeAll/afterAll: an API capturing its SQL. `app()` is the running app. */
export function sqlCapturingApp(): { app: () => TestApp; captured: <T>(fn: () => Promise<T>) => Promise<{ result: T; sql: Sent[] }> } {
  let t: TestApp | undefined;
  let recording: Sent[] | null = null;
  const realWrite = process.stderr.write.bind(process.stderr);
  beforeAll(async () => {
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      if (text.startsWith('[sql] ')) {
        for (const line of text.split('\n')) if (line.startsWith('[sql] ')) recording?.push(JSON.parse(line.slice(6)) as Sent);
        return true;
      }
      return (realWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    // Read once when the API's data source is built: set for that moment only.
    process.env.DB_CAPTURE_SQL = '1';
    try {
      t = await startTestApp();
    } finally {
      delete process.env.DB_CAPTURE_SQL;
    }
  });
  afterAll(async () => {
    await t?.close();
    process.stderr.write = realWrite;
  });
  return {
    app: () => {
      if (!t) throw new Error('API not started');
      return t;
    },
    /** Runs `fn` (one API call) and answers the statements the API sent meanwhile. */
    async captured<T>(fn: () => Promise<T>) {
      const sql: Sent[] = [];
      recording = sql;
      try {
        return { result: await fn(), sql };
      } finally {
        recording = null;
      }
    },
  };
}
