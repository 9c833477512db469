import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { seedDemoUsers } from './seed';

/** Everything `npm start` puts in an empty database in demo mode. Later steps (campaign, dossiers) add theirs here. */
export async function seedDemo(db: DataSource, config: AppConfig): Promise<Record<string, unknown>> {
  const users = await seedDemoUsers(db, config);
  return { users };
}
