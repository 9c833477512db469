import Redis from 'ioredis';
import { TEST_DB_PREFIX, withAdminClient } from './helpers/db';

/** Drops what the run left behind: test databases (not the template, reused by a rerun) and test Redis keys. */
export default async function globalTeardown(): Promise<void> {
  await withAdminClient(async (c) => {
    const rows = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const row of rows.rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  });
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'ptce-t-*', 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
