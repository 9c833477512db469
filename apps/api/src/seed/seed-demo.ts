import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CALENDAR_2021 } from '@ptce/domain';
import { DEFAULT_GENERATOR, startDsStandin } from '../../../ds-standin/src';
import { infrastructureImports } from '../app.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DOMAIN_MODULES } from '../domain-modules';
import { ImportRunsService } from '../imports/imports.service';
import { MailModule } from '../mail/mail.module';
import { seedDemoUsers } from './seed';

/** The demo campaign: the 2021 edition ("relance des PTCE") with its calendar and its two DS démarches. */
export const DEMO_CAMPAIGN = {
  name: 'AMI PTCE 2021 — relance des pôles territoriaux de coopération économique',
  dsDemarchePhase1: DEFAULT_GENERATOR.demarcheNumber,
  dsDemarchePhase2: DEFAULT_GENERATOR.demarcheNumber + 1,
  envelopeCents: 400_000_000,
} as const;

/** The API's domain modules without HTTP nor queue processors: what the import needs to run in this process. */
@Module({})
class SeedContextModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedContextModule,
      global: true,
      imports: [...infrastructureImports(config), MailModule, ...DOMAIN_MODULES],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

export interface DemoCampaignReport {
  skipped: boolean;
  campaignId?: string;
  import?: Record<string, unknown>;
  ms?: number;
}

/**
 * The 2021 campaign and its phase-1 dossiers, imported through the DS stand-in by the real importer: the stand-in
 * runs in this process on a free port, the import runs synchronously (no queue), then both stop. Only when the
 * database has no campaign yet.
 */
export async function seedDemoCampaign(db: DataSource, config: AppConfig): Promise<DemoCampaignReport> {
  if (!config.demoMode) throw new Error('La campagne de démonstration n’est créée qu’en mode démo (DEMO_MODE).');
  const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM campaign`);
  if (count > 0) return { skipped: true };
  const started = Date.now();
  const token = randomBytes(16).toString('hex');
  const standin = await startDsStandin({ token, dossiers: DEFAULT_GENERATOR });
  const ctx = await NestFactory.createApplicationContext(
    SeedContextModule.forRoot({
      ...config,
      processRole: 'worker',
      logLevel: config.logLevel === 'silent' ? 'silent' : 'warn',
      dsApiUrl: standin.url,
      dsApiToken: token,
    }),
    { logger: false },
  );
  try {
    const tx = ctx.get(DataSource);
    const [campaign] = await tx.query(
      `INSERT INTO campaign (name, published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline,
                             phase2_announcement_at, envelope_cents, ds_demarche_phase1, ds_demarche_phase2)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
      [
        DEMO_CAMPAIGN.name,
        CALENDAR_2021.publishedAt,
        CALENDAR_2021.phase1DepositDeadline,
        CALENDAR_2021.phase1AnnouncementAt,
        CALENDAR_2021.phase2InvitationAt,
        CALENDAR_2021.phase2DepositDeadline,
        CALENDAR_2021.phase2AnnouncementAt,
        DEMO_CAMPAIGN.envelopeCents,
        DEMO_CAMPAIGN.dsDemarchePhase1,
        DEMO_CAMPAIGN.dsDemarchePhase2,
      ],
    );
    const run = await ctx.get(ImportRunsService).runDsNow(campaign.id, 1, { mode: 'full', endpoint: standin.url, token });
    if (run.status !== 'done') throw new Error(`Import de démonstration en échec : ${run.failure ?? 'raison inconnue'}`);
    // The demo's history (2021 deposits, automatic avis assignments) counts as already notified: the notification
    // relay skips these events, so the first `npm start` sends no burst of e-mails for a campaign long past.
    await tx.query(`UPDATE outbox_event SET processed_at = now() WHERE campaign_id = $1 AND processed_at IS NULL`, [campaign.id]);
    const { errors, ...summary } = run;
    return { skipped: false, campaignId: campaign.id, import: { ...summary, errors: errors.length }, ms: Date.now() - started };
  } finally {
    await ctx.close();
    await standin.close();
  }
}

/** Everything `npm start` puts in an empty database in demo mode: the accounts, then the 2021 campaign. */
export async function seedDemo(db: DataSource, config: AppConfig): Promise<Record<string, unknown>> {
  const users = await seedDemoUsers(db, config);
  const campaign = await seedDemoCampaign(db, config);
  return { users, campaign };
}
