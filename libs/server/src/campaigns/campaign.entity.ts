import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

const bigintCents = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('campaign')
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 64 }) timezone: string;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt: Date;
  @Column({ name: 'phase1_deposit_deadline', type: 'timestamptz' }) phase1DepositDeadline: Date;
  @Column({ name: 'phase1_announcement_at', type: 'timestamptz' }) phase1AnnouncementAt: Date;
  @Column({ name: 'phase2_invitation_at', type: 'timestamptz' }) phase2InvitationAt: Date;
  @Column({ name: 'phase2_deposit_deadline', type: 'timestamptz' }) phase2DepositDeadline: Date;
  @Column({ name: 'phase2_announcement_at', type: 'timestamptz', nullable: true }) phase2AnnouncementAt: Date | null;
  @Column({ name: 'envelope_cents', type: 'bigint', transformer: bigintCents }) envelopeCents: number;
  @Column({ name: 'ds_demarche_phase1', type: 'integer', nullable: true }) dsDemarchePhase1: number | null;
  @Column({ name: 'ds_demarche_phase2', type: 'integer', nullable: true }) dsDemarchePhase2: number | null;
  @Column({ name: 'required_avis_roles', type: 'text', array: true }) requiredAvisRoles: string[];
  @Column({ name: 'compagnons_per_dossier', type: 'smallint' }) compagnonsPerDossier: number;
  @Column({ name: 'avis_delay_days', type: 'smallint' }) avisDelayDays: number;
  @Column({ name: 'phase1_arrete_at', type: 'timestamptz', nullable: true }) phase1ArreteAt: Date | null;
  @Column({ name: 'phase2_arrete_at', type: 'timestamptz', nullable: true }) phase2ArreteAt: Date | null;
  @Column({ name: 'phase1_published_at', type: 'timestamptz', nullable: true }) phase1PublishedAt: Date | null;
  @Column({ name: 'phase2_published_at', type: 'timestamptz', nullable: true }) phase2PublishedAt: Date | null;
  @Column({ name: 'ds_mapping', type: 'jsonb', nullable: true }) dsMapping: Record<string, unknown> | null;
  /** Our acknowledgement of DS deposits (DS already sends one: off by default). */
  @Column({ name: 'ds_deposit_acknowledgement', type: 'boolean', default: false }) dsDepositAcknowledgement: boolean;
  /** The porteur's channel back to DS (issue 10 §6): DS mutations instead of the e-mails DS sends itself. Off by default. */
  @Column({ name: 'ds_channel_enabled', type: 'boolean', default: false }) dsChannelEnabled: boolean;
  /** Issue 14: days from a complements request to its default due date (1 to 90, the database checks it). */
  @Column({ name: 'complements_delay_days', type: 'integer', default: 15 }) complementsDelayDays: number;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export function phaseDeadline(c: CampaignEntity, phase: 1 | 2): Date {
  return phase === 1 ? c.phase1DepositDeadline : c.phase2DepositDeadline;
}

export function selectionLocked(c: CampaignEntity, phase: 1 | 2): boolean {
  return (phase === 1 ? c.phase1ArreteAt : c.phase2ArreteAt) !== null;
}

export function toCampaignDto(c: CampaignEntity) {
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    calendar: {
      publishedAt: c.publishedAt.toISOString(),
      phase1DepositDeadline: c.phase1DepositDeadline.toISOString(),
      phase1AnnouncementAt: c.phase1AnnouncementAt.toISOString(),
      phase2InvitationAt: c.phase2InvitationAt.toISOString(),
      phase2DepositDeadline: c.phase2DepositDeadline.toISOString(),
      phase2AnnouncementAt: c.phase2AnnouncementAt ? c.phase2AnnouncementAt.toISOString() : null,
    },
    envelopeCents: c.envelopeCents,
    dsDemarches: { phase1: c.dsDemarchePhase1, phase2: c.dsDemarchePhase2 },
    dsDepositAcknowledgement: c.dsDepositAcknowledgement,
    dsChannelEnabled: c.dsChannelEnabled,
    requiredAvisRoles: c.requiredAvisRoles,
    compagnonsPerDossier: c.compagnonsPerDossier,
    avisDelayDays: c.avisDelayDays,
    complementsDelayDays: c.complementsDelayDays,
    selection: { phase1ArreteAt: c.phase1ArreteAt?.toISOString() ?? null, phase2ArreteAt: c.phase2ArreteAt?.toISOString() ?? null },
    phase1ArreteAt: c.phase1ArreteAt?.toISOString() ?? null,
    phase2ArreteAt: c.phase2ArreteAt?.toISOString() ?? null,
    phase1PublishedAt: c.phase1PublishedAt?.toISOString() ?? null,
    phase2PublishedAt: c.phase2PublishedAt?.toISOString() ?? null,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
