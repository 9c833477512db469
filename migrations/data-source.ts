import { DataSource } from 'typeorm';
import { MIGRATIONS } from './index';

/** A DataSource that only runs migrations (the app registers its entities itself; never `synchronize`). */
export function migrationDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  });
}

export async function runMigrations(url: string): Promise<string[]> {
  const ds = migrationDataSource(url);
  await ds.initialize();
  try {
    const done = await ds.runMigrations();
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
