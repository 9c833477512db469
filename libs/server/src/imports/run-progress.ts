import { DataSource } from 'typeorm';
import type { ImportIssue } from './import-run.entity';
import type { RecordOutcome } from './import-writer.service';

const MAX_ISSUES = 2000;
const FLUSH_EVERY_MS = 400;

/** The counters of a running import, written to its row now and then so that `GET /api/imports/:id` shows progress. */
export class RunProgress {
  created = 0;
  updated = 0;
  unchanged = 0;
  skipped = 0;
  deleted = 0;
  pagesDone = 0;
  total: number | null = null;
  readonly errors: ImportIssue[] = [];
  private dropped = 0;
  /** Some dossier may succeed on a later run (network, database conflict). */
  transient = false;
  private lastFlush = 0;

  constructor(
    private readonly db: DataSource,
    readonly runId: string,
  ) {}

  issue(i: ImportIssue): void {
    if (this.errors.length < MAX_ISSUES) this.errors.push(i);
    else this.dropped++;
  }

  record(out: RecordOutcome, where: { dsNumber?: number | null; line?: number }): void {
    this[out.outcome]++;
    if (out.transient) this.transient = true;
    for (const reason of out.issues) {
      this.issue({
        ...(where.line !== undefined ? { line: where.line } : {}),
        ...(typeof where.dsNumber === 'number' ? { dsNumber: where.dsNumber } : {}),
        reason,
      });
    }
  }

  private errorsForStorage(): ImportIssue[] {
    // File rows are written several at a time: the report lists them in the file's order all the same.
    const at = (i: ImportIssue) => i.line ?? Number.MAX_SAFE_INTEGER;
    const sorted = [...this.errors].sort((x, y) => at(x) - at(y));
    return this.dropped ? [...sorted, { reason: `… et ${this.dropped} autre(s) problème(s) non listé(s).` }] : sorted;
  }

  async flush(force = true): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastFlush < FLUSH_EVERY_MS) return;
    this.lastFlush = now;
    await this.db.query(
      `UPDATE import_run SET created = $2, updated = $3, unchanged = $4, skipped = $5, deleted = $6, pages_done = $7, total = $8, errors = $9, updated_at = now() WHERE id = $1`,
      [
        this.runId,
        this.created,
        this.updated,
        this.unchanged,
        this.skipped,
        this.deleted,
        this.pagesDone,
        this.total,
        JSON.stringify(this.errorsForStorage()),
      ],
    );
  }
}

/** Runs `fn` over `items` with at most `n` at once, in order of start. */
export async function forEachLimit<T>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
}

/** Thrown inside a run's loop when someone cancelled it (POST /api/imports/:id/cancel): the loop stops there. */
export class RunCancelled extends Error {
  constructor() {
    super('Import annulé.');
  }
}

/** Between two rows (or dossiers): stops the run if it was cancelled meanwhile. */
export async function throwIfCancelled(db: DataSource, runId: string): Promise<void> {
  const [row] = await db.query(`SELECT status FROM import_run WHERE id = $1`, [runId]);
  if (!row || row.status === 'cancelled') throw new RunCancelled();
}

/** Rows an UPDATE … RETURNING touched (TypeORM answers [rows, count] for UPDATE on PostgreSQL). */
export function affectedRows(res: unknown[]): number {
  return Array.isArray(res[0]) ? res[0].length : res.length;
}
