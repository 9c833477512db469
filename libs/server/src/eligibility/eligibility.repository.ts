import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The eligibility area's SQL (the decisions themselves are a column of the dossier, saved through its entity). */
@Injectable()
export class EligibilityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The names of the users who took decisions. */
  async deciderNames(ids: string[], m: EntityManager = this.db.manager): Promise<{ id: string; full_name: string }[]> {
    return m.query(`SELECT id, full_name FROM app_user WHERE id = ANY($1)`, [ids]);
  }
}
