import { runMigrations } from '../migrations/data-source';
import { databaseUrl, TEMPLATE_DB, TEST_DB_PREFIX, withAdminClient } from './helpers/db';

/** Once per run: a fresh template database with every migration applied; test files clone it. */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  await withAdminClient(async (c) => {
    const stale = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`${TEST_DB_PREFIX}%`, TEMPLATE_DB]);
    for (const row of stale.rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  });
  await runMigrations(databaseUrl(TEMPLATE_DB));
}
