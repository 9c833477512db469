import { DataSource } from 'typeorm';
import { hashPassword } from '@ptce/server/auth/password';
import { AppConfig } from '@ptce/server/config/app-config';
import { DEMO_PASSWORD, demoUsers } from './demo-users';

export interface SeedReport {
  users: number;
  skipped: boolean;
}

/** Seeds the demo accounts into an empty database. Refused outside demo mode (production never gets them). */
export async function seedDemoUsers(db: DataSource, config: Pick<AppConfig, 'demoMode'>): Promise<SeedReport> {
  if (!config.demoMode) throw new Error('Les comptes de démonstration ne sont créés qu’en mode démo (DEMO_MODE).');
  const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM app_user`);
  if (count > 0) return { users: 0, skipped: true };
  const hash = await hashPassword(DEMO_PASSWORD); // one hash for all: same password, and seeding stays fast
  const users = demoUsers();
  await db.transaction(async (tx) => {
    for (const u of users) {
      await tx.query(
        `INSERT INTO app_user (email, full_name, password_hash, roles, regions, organisation_siret) VALUES ($1,$2,$3,$4,$5,$6)`,
        [u.email, u.fullName, hash, u.roles, u.regions, u.organisationSiret],
      );
    }
  });
  return { users: users.length, skipped: false };
}
