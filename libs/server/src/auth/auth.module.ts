import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserEntity } from '../users/user.entity';
import { AccountLinksService } from './account-links.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { ProConnectController } from './proconnect.controller';
import { ProConnectService } from './proconnect.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, not the string: jsonwebtoken otherwise tries createPublicKey() on the string at every verify and
      // sign, which throws and costs ~0.3 ms per request (~15 % of a list request's CPU, issue 12).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { expiresIn: config.jwtTtlSeconds },
      }),
    }),
  ],
  controllers: [AuthController, ProConnectController],
  providers: [
    AuthService,
    AuthRepository,
    LoginThrottleService,
    AccountLinksService,
    ProConnectService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AccountLinksService, JwtModule],
})
export class AuthModule {}
