import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth.decorators';
import { REDIS } from '../redis/redis.module';
import { UserEntity } from '../users/user.entity';

async function probe(fn: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000))]);
    return 'up';
  } catch {
    return 'down';
  }
}

// What every object of the process inherits, as it was when this module loaded: a request that added to it
// (prototype pollution) would break every later request while the database and Redis still answer.
const PRISTINE_PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

function prototypeIntact(): boolean {
  return Object.getOwnPropertyNames(Object.prototype).sort().join(',') === PRISTINE_PROTOTYPE;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const [db, redis, app] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      probe(() => this.redis.ping()),
      // The path an authenticated request takes: an intact prototype, then a query built by TypeORM as the guard's is.
      probe(async () => {
        if (!prototypeIntact()) throw new Error('Object.prototype modified');
        await this.db.getRepository(UserEntity).createQueryBuilder('u').select('u.id').orderBy('u.id', 'ASC').limit(1).getRawMany();
      }),
    ]);
    const status = db === 'up' && redis === 'up' && app === 'up' ? 'ok' : 'error';
    if (status !== 'ok') res.status(503);
    return { status, db, redis, app };
  }
}
