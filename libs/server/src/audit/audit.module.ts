import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditRoutesInterceptor } from './audit.interceptor';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The audit log: written by auth and users, by the route interceptor for exports and downloads; read by admins. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, { provide: APP_INTERCEPTOR, useClass: AuditRoutesInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
