import Redis from 'ioredis';
import { isStale, TEMPLATE_PREFIX, TEST_DB_PREFIX, withAdminClient } from './helpers/db';

/** Drops what the run left behind: its template, stale test databases, and test Redis keys. */
export default async function globalTeardown(): Promise<void> {
  await withAdminClient(async (c) => {
    // Ours (this run's template, and test databases of our workers, now gone) and any stale ones.
    const rows = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`, [
      `${TEST_DB_PREFIX}%`,
      `${TEMPLATE_PREFIX}%`,
    ]);
    for (const row of rows.rows) {
      if (row.datname === process.env.PTCE_TEST_TEMPLATE || isStale(row.datname))
        await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    }
  });
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'ptce-t-*', 'COUNT', 1000);
      cursor = next;
      const dead = keys.filter((k) => isStale(`ptce_t_${k.slice('ptce-t-'.length)}`));
      if (dead.length) await redis.del(...dead);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
