import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationStatus } from '@ptce/domain';

/** One e-mail to one recipient: the source of truth of the pipeline (BullMQ only ever carries its id). */
@Entity('notification')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar' }) template: string;
  @Column({ type: 'varchar' }) channel: 'email' | 'ds';
  @Column({ name: 'idempotency_key', type: 'varchar' }) idempotencyKey: string;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId: string | null;
  @Column({ name: 'dossier_id', type: 'uuid', nullable: true }) dossierId: string | null;
  @Column({ name: 'avis_id', type: 'uuid', nullable: true }) avisId: string | null;
  @Column({ type: 'smallint', nullable: true }) phase: number | null;
  @Column({ type: 'varchar' }) recipient: string;
  @Column({ name: 'recipient_name', type: 'varchar', nullable: true }) recipientName: string | null;
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true }) recipientUserId: string | null;
  /** The event's own facts (request message, due date, motif, avis ids...); the rest is read fresh at send time. */
  @Column({ type: 'jsonb' }) variables: Record<string, unknown>;
  @Column({ name: 'scheduled_for', type: 'timestamptz', nullable: true }) scheduledFor: Date | null;
  @Column({ name: 'calendar_field', type: 'varchar', nullable: true }) calendarField: string | null;
  @Column({ name: 'calendar_offset_days', type: 'integer' }) calendarOffsetDays: number;
  @Column({ name: 'calendar_time', type: 'varchar', nullable: true }) calendarTime: string | null;
  /** Decision e-mails: released only once this phase's selection is arrêtée. */
  @Column({ name: 'gate_phase', type: 'smallint', nullable: true }) gatePhase: number | null;
  @Column({ type: 'varchar' }) status: NotificationStatus;
  @Column({ type: 'integer' }) attempts: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'text', nullable: true }) subject: string | null;
  @Column({ name: 'message_id', type: 'varchar', nullable: true }) messageId: string | null;
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true }) queuedAt: Date | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'cancelled_reason', type: 'text', nullable: true }) cancelledReason: string | null;
  @Column({ name: 'resend_of', type: 'uuid', nullable: true }) resendOf: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** An editable e-mail text (subject, HTML body, plain text), Handlebars with HTML escaping. */
@Entity('email_template')
export class EmailTemplateEntity {
  @PrimaryColumn({ type: 'varchar' }) code: string;
  @Column({ type: 'text' }) subject: string;
  @Column({ type: 'text' }) html: string;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
