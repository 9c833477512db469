import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AvisStatus, ReviewerRole } from '@ptce/domain';

/** One avis expected from one reviewer on one dossier (table created by migration 1764000002000-avis). */
@Entity('avis')
export class AvisEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'dossier_id', type: 'uuid' }) dossierId: string;
  @Column({ name: 'reviewer_id', type: 'uuid' }) reviewerId: string;
  @Column({ type: 'varchar' }) role: ReviewerRole;
  @Column({ type: 'varchar' }) status: AvisStatus;
  /** Counts towards the dossier's "every required avis rendered" (the campaign's roles, and manual ones by default). */
  @Column({ type: 'boolean' }) required: boolean;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true }) remindedAt: Date | null;
  @Column({ name: 'reminder_count', type: 'integer' }) reminderCount: number;
  /** {scores, maturity, typology, recommendation, synthesis}, validated by the domain lib (validateDraft). */
  @Column({ type: 'jsonb' }) content: Record<string, unknown>;
  /** Copies of content.recommendation and content.maturity.level: they back the dossier list filters. */
  @Column({ type: 'varchar', nullable: true }) recommendation: string | null;
  @Column({ type: 'varchar', nullable: true }) maturity: string | null;
  @Column({ name: 'rendered_at', type: 'timestamptz', nullable: true }) renderedAt: Date | null;
  @Column({ name: 'declined_reason', type: 'text', nullable: true }) declinedReason: string | null;
  @Column({ name: 'conflict_reason', type: 'text', nullable: true }) conflictReason: string | null;
  /** Status `annule` (the dossier left the instruction): why, since when, and the status it had (restored on a re-opening). */
  @Column({ name: 'cancelled_reason', type: 'text', nullable: true }) cancelledReason: string | null;
  @Column({ name: 'cancelled_from', type: 'varchar', nullable: true }) cancelledFrom: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ name: 'assigned_by', type: 'uuid', nullable: true }) assignedBy: string | null;
  @Column({ name: 'assignment_override_reason', type: 'text', nullable: true }) assignmentOverrideReason: string | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
