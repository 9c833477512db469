import { Client } from 'pg';

// One template per test run (named after the runner's pid) so that two runs on one server never drop each other's.
export const TEMPLATE_PREFIX = 'ptce_tpl_';
export function templateDb(): string {
  return process.env.PTCE_TEST_TEMPLATE || `${TEMPLATE_PREFIX}${process.pid}`;
}
export const TEST_DB_PREFIX = 'ptce_t_';

export function baseDatabaseUrl(): string {
  return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce';
}

export function databaseUrl(name: string): string {
  const u = new URL(baseDatabaseUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withAdminClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: databaseUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Each test file gets its own database, cloned from the migrated template (fast: a file copy, no migrations). */
export async function cloneTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `${TEST_DB_PREFIX}${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`));
  return { name, url: databaseUrl(name) };
}

/** Databases left by runs whose process is gone (killed runs): the pid is part of the name. */
export function isStale(datname: string): boolean {
  const m = /^ptce_(?:t|tpl)_(\d+)/.exec(datname);
  if (!m) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch {
    return true;
  }
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
