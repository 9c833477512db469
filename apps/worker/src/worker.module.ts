import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@ptce/server/config/app-config';
import { infrastructureImports } from '@ptce/server/infrastructure';
import { MailModule } from '@ptce/server/mail/mail.module';
import { DOMAIN_MODULES } from '@ptce/server/domain-modules';
import { WORKER_MODULES } from './worker-modules';
import { HealthQueueModule } from './health/health-queue.module';

/** The worker: the same infrastructure as the API (database, Redis, BullMQ, mail) but no HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      // The domain modules too: a job that moves a dossier runs the same hooks (avis assignment) as the API does.
      imports: [...infrastructureImports(config), MailModule, ...DOMAIN_MODULES, HealthQueueModule, ...WORKER_MODULES],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
