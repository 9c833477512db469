import { runMigrations } from '../migrations/data-source';
import { databaseUrl, isStale, TEMPLATE_PREFIX, TEST_DB_PREFIX, withAdminClient } from './helpers/db';

/** Once per run: a fresh template database with every migration applied; test files clone it. */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  const template = `${TEMPLATE_PREFIX}${process.pid}`;
  process.env.PTCE_TEST_TEMPLATE = template; // read by the test workers, which start after this
  await withAdminClient(async (c) => {
    const rows = await c.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2 OR datname = 'ptce_test_template'`,
      [`${TEST_DB_PREFIX}%`, `${TEMPLATE_PREFIX}%`],
    );
    for (const row of rows.rows) {
      if (row.datname === 'ptce_test_template' || isStale(row.datname))
        await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    }
    await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${template}"`);
  });
  await runMigrations(databaseUrl(template));
}
