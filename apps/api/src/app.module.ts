// The HTTP application: the server's domain modules behind the global filter, with the health route.
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from '@ptce/server/auth/auth.module';
import { AllExceptionsFilter } from '@ptce/server/common/http-exception.filter';
import { RetryReadsInterceptor } from '@ptce/server/common/retry-reads.interceptor';
import { APP_CONFIG, AppConfig } from '@ptce/server/config/app-config';
import { HealthController } from '@ptce/server/health/health.controller';
import { MailModule } from '@ptce/server/mail/mail.module';
import { UsersModule } from '@ptce/server/users/users.module';
import { DOMAIN_MODULES } from '@ptce/server/domain-modules';
import { infrastructureImports } from '@ptce/server/infrastructure';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [...infrastructureImports(config), AuthModule, UsersModule, MailModule, ...DOMAIN_MODULES],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: RetryReadsInterceptor },
      ],
      exports: [APP_CONFIG],
    };
  }
}
