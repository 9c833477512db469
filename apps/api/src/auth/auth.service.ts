import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UserEntity } from '../users/user.entity';
import { LoginThrottleService } from './login-throttle.service';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from './password';

export function toAuthUser(u: UserEntity): AuthUser {
  return { id: u.id, email: u.email, fullName: u.fullName, roles: u.roles, regions: u.regions, organisationSiret: u.organisationSiret };
}

@Injectable()
export class AuthService {
  // Verified against when the e-mail is unknown, so that a wrong e-mail takes as long as a wrong password.
  private readonly dummyHash = hashPassword(randomUUID());

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async login(email: string, password: string, ip: string) {
    if (await this.throttle.isBlocked(email, ip)) {
      throw new AppError(429, 'TOO_MANY_ATTEMPTS', 'Trop de tentatives de connexion échouées : réessayez dans une minute.');
    }
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(email, ip);
      throw new AppError(401, 'UNAUTHENTICATED', 'Adresse électronique ou mot de passe incorrect.');
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return { accessToken, user: publicUser(toAuthUser(user)) };
  }

  /** Reloads the user on each request so that a deactivation or a role change takes effect at once. */
  async userForToken(token: string): Promise<AuthUser | null> {
    let sub: string;
    try {
      sub = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
    } catch {
      return null;
    }
    if (typeof sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(sub)) return null;
    const user = await this.users.findOne({ where: { id: sub, active: true } });
    return user ? toAuthUser(user) : null;
  }
}

export function publicUser(u: AuthUser) {
  return { id: u.id, email: u.email, fullName: u.fullName, roles: u.roles, regions: u.regions };
}
