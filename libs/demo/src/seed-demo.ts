import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CALENDAR_2021 } from '@ptce/domain';
import { DEFAULT_GENERATOR, startDsStandin } from '@ptce/ds-standin';
import { infrastructureImports } from '@ptce/server/infrastructure';
import { APP_CONFIG, AppConfig } from '@ptce/server/config/app-config';
import { DOMAIN_MODULES } from '@ptce/server/domain-modules';
import { ImportRunsService } from '@ptce/server/imports/imports.service';
import { MailModule } from '@ptce/server/mail/mail.module';
import { seedDemoUsers } from './seed';
import { advanceDemoStages, type DemoStagesReport } from './demo-stages';
import { BouquetService } from '@ptce/server/bouquet/bouquet.service';

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
  stages?: DemoStagesReport;
  ms?: number;
}

/**
 * The "bouquet de services spécifique émergence" of the demo campaign (seed 001: published with the phase-1
 * lauréats), allocated to the provisional lauréats. Providers are the kinds of actors that offer such support.
 */
const DEMO_SERVICES = [
  {
    title: 'Accompagnement à la structuration de la coopération',
    provider: 'Dispositif local d’accompagnement (DLA)',
    description: 'Diagnostic partagé et appui à la formalisation de la gouvernance du pôle (statuts, charte, convention entre membres).',
    capacity: 30,
  },
  {
    title: 'Mentorat par un PTCE compagnon',
    provider: 'Collectif « PTCE Compagnons »',
    description: 'Un pôle expérimenté accompagne la dynamique émergente pendant un an : échanges de pratiques, visites, essaimage.',
    capacity: null,
  },
  {
    title: 'Ingénierie financière et modèle économique',
    provider: 'France Active',
    description: 'Appui à la construction du plan de financement et à la recherche de financements publics et privés.',
    capacity: 20,
  },
  {
    title: 'Cycle de formation « animer une coopération territoriale »',
    provider: 'CRESS de la région',
    description: 'Quatre journées pour les animateurs et animatrices de pôles émergents.',
    capacity: 40,
  },
];

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
    // Every stage at once: eligibility, avis in progress, instruit, a few decisions (issue 15).
    const stages = await advanceDemoStages(ctx, campaign.id);
    const serviceIds: string[] = [];
    for (const svc of DEMO_SERVICES) {
      const [row] = await tx.query(
        `INSERT INTO campaign_service (campaign_id, title, provider, description, capacity) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
        [campaign.id, svc.title, svc.provider, svc.description, svc.capacity],
      );
      serviceIds.push(row.id);
    }
    const laureats: { id: string }[] = await tx.query(`SELECT id FROM dossier WHERE campaign_id = $1 AND phase = 1 AND state = 'laureat'`, [
      campaign.id,
    ]);
    const [instructeur] = await tx.query(
      `SELECT id, email, full_name AS "fullName", roles, regions FROM app_user WHERE email = 'instructeur@demo.example.org'`,
    );
    if (laureats.length && instructeur) {
      await ctx
        .get(BouquetService)
        .allocate(
          { ...instructeur, organisationSiret: null },
          { serviceIds: serviceIds.slice(0, 2), dossierIds: laureats.map((l) => l.id) },
        );
    }
    // The demo's history (2021 deposits, automatic avis assignments) counts as already notified: the notification
    // relay skips these events, so the first `npm start` sends no burst of e-mails for a campaign long past.
    await tx.query(`UPDATE outbox_event SET processed_at = now() WHERE campaign_id = $1 AND processed_at IS NULL`, [campaign.id]);
    const { errors, ...summary } = run;
    return { skipped: false, campaignId: campaign.id, import: { ...summary, errors: errors.length }, stages, ms: Date.now() - started };
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
