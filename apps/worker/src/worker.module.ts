import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../api/src/config/app-config';
import { infrastructureImports } from '../../api/src/app.module';
import { MailModule } from '../../api/src/mail/mail.module';
import { DOMAIN_MODULES } from '../../api/src/domain-modules';
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
