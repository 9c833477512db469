// `npm run seed`: creates the demo data in an empty database (demo mode only).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@ptce/server/config/app-config';
import { seedDemo } from './seed-demo';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = new DataSource({ type: 'postgres', url: config.databaseUrl });
  await db.initialize();
  try {
    const report = await seedDemo(db, config);
    console.log(JSON.stringify(report));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`Échec du jeu de démonstration : ${err?.message ?? err}`);
  process.exit(1);
});
