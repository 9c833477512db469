import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The raw SQL of the campaigns area (the campaign rows themselves go through the entity's TypeORM repository). */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The calendar moved: the notifications relay re-plans the e-mails that follow the moved dates. */
  async publishCalendarChanged(m: EntityManager, campaignId: string, fields: readonly string[]): Promise<void> {
    await m.query(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('campaign.calendrier_modifie', $1, $2)`, [
      campaignId,
      { fields },
    ]);
  }

  /** The DS channel switched: the relay moves the planned rows of DS dossiers between e-mail and DS. */
  async publishDsChannelChanged(m: EntityManager, campaignId: string, enabled: boolean): Promise<void> {
    await m.query(`INSERT INTO outbox_event (type, campaign_id, payload) VALUES ('campaign.canal_ds_modifie', $1, $2)`, [
      campaignId,
      { enabled },
    ]);
  }

  /** The "hors délai" flag of the campaign's dossiers recomputed from its deadlines (only the rows that change). */
  async recomputeLateDeposits(m: EntityManager, campaignId: string): Promise<void> {
    await m.query(
      `UPDATE dossier d SET late_deposit = x.late, updated_at = now()
         FROM (SELECT d2.id, d2.deposited_at > CASE d2.phase WHEN 1 THEN c.phase1_deposit_deadline ELSE c.phase2_deposit_deadline END AS late
                 FROM dossier d2 JOIN campaign c ON c.id = d2.campaign_id WHERE d2.campaign_id = $1) x
        WHERE d.id = x.id AND d.late_deposit IS DISTINCT FROM x.late`,
      [campaignId],
    );
  }
}
