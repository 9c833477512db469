import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A domain event written in the same transaction as the change that caused it; the notification work reads it. */
@Entity('outbox_event')
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar' }) type: string;
  @Column({ name: 'dossier_id', type: 'uuid', nullable: true }) dossierId: string | null;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId: string | null;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true }) processedAt: Date | null;
}
