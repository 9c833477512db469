import { Client } from 'pg';

export const TEMPLATE_DB = 'ptce_test_template';
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
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`));
  return { name, url: databaseUrl(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
