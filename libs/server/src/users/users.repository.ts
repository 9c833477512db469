import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The users area's raw SQL (the list and the writes go through TypeORM's repository of UserEntity). */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The active admins, their rows locked in id order (two admins removing each other wait for one another). */
  async lockActiveAdmins(m: EntityManager): Promise<{ id: string }[]> {
    return m.query(`SELECT id FROM app_user WHERE active AND 'admin' = ANY(roles) ORDER BY id FOR UPDATE`);
  }
}
