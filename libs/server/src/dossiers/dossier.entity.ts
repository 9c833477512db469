import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DossierState, Eligibility } from '@ptce/domain';

const bigintNum = { to: (v: number | null | undefined) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('dossier')
export class DossierEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId: string;
  @Column({ type: 'smallint' }) phase: 1 | 2;
  @Column({ name: 'parent_dossier_id', type: 'uuid', nullable: true }) parentDossierId: string | null;
  @Column({ name: 'ds_number', type: 'integer', nullable: true }) dsNumber: number | null;
  @Column({ name: 'project_name', type: 'varchar' }) projectName: string;
  @Column({ type: 'varchar' }) region: string;
  @Column({ name: 'structure_siret', type: 'varchar', nullable: true }) structureSiret: string | null;
  @Column({ name: 'structure_name', type: 'varchar' }) structureName: string;
  @Column({ name: 'structure_legal_form', type: 'varchar', nullable: true }) structureLegalForm: string | null;
  @Column({ name: 'structure_legal_form_code', type: 'varchar', nullable: true }) structureLegalFormCode: string | null;
  @Column({ name: 'structure_legal_category', type: 'varchar' }) structureLegalCategory: string;
  @Column({ name: 'structure_esus', type: 'boolean' }) structureEsus: boolean;
  @Column({ name: 'structure_esus_date', type: 'date', nullable: true }) structureEsusDate: string | null;
  @Column({ name: 'referent_name', type: 'varchar', nullable: true }) referentName: string | null;
  @Column({ name: 'referent_email', type: 'varchar', nullable: true }) referentEmail: string | null;
  @Column({ name: 'referent_phone', type: 'varchar', nullable: true }) referentPhone: string | null;
  @Column({ type: 'jsonb' }) sections: Record<string, string | null>;
  @Column({ type: 'jsonb' }) characterisation: Record<string, unknown>;
  @Column({ name: 'member_sirets', type: 'text', array: true }) memberSirets: string[];
  @Column({ name: 'amount_requested_cents', type: 'bigint', nullable: true, transformer: bigintNum }) amountRequestedCents: number | null;
  @Column({ name: 'deposited_at', type: 'timestamptz' }) depositedAt: Date;
  @Column({ name: 'late_deposit', type: 'boolean' }) lateDeposit: boolean;
  @Column({ type: 'varchar' }) state: DossierState;
  @Column({ type: 'varchar' }) eligibility: Eligibility;
  @Column({ name: 'eligibility_decisions', type: 'jsonb' }) eligibilityDecisions: Record<
    string,
    { status: string; reason?: string | null; by?: string; at?: string }
  >;
  @Column({ name: 'invited_to_phase2_at', type: 'timestamptz', nullable: true }) invitedToPhase2At: Date | null;
  @Column({ name: 'decision_outcome', type: 'varchar', nullable: true }) decisionOutcome: string | null;
  @Column({ name: 'decision_motif', type: 'text', nullable: true }) decisionMotif: string | null;
  @Column({ name: 'decision_amount_cents', type: 'bigint', nullable: true, transformer: bigintNum }) decisionAmountCents: number | null;
  @Column({ type: 'varchar' }) source: 'manuel' | 'ds' | 'fichier';
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('dossier_attachment')
export class DossierAttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'dossier_id', type: 'uuid' }) dossierId: string;
  @Column({ type: 'varchar' }) kind: string;
  @Column({ type: 'varchar' }) filename: string;
  @Column({ name: 'content_type', type: 'varchar', nullable: true }) contentType: string | null;
  @Column({ name: 'byte_size', type: 'bigint', nullable: true, transformer: bigintNum }) byteSize: number | null;
  @Column({ type: 'varchar', nullable: true }) checksum: string | null;
  @Column({ name: 'storage_key', type: 'varchar', nullable: true }) storageKey: string | null;
  @Column({ name: 'source_url', type: 'text', nullable: true }) sourceUrl: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt: Date;
}

@Entity('dossier_journal')
export class JournalEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'dossier_id', type: 'uuid' }) dossierId: string;
  @Column({ type: 'timestamptz', insert: false, update: false }) at: Date;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ name: 'actor_role', type: 'varchar' }) actorRole: string;
  @Column({ type: 'varchar' }) action: string;
  @Column({ name: 'from_state', type: 'varchar', nullable: true }) fromState: string | null;
  @Column({ name: 'to_state', type: 'varchar', nullable: true }) toState: string | null;
  @Column({ type: 'text', nullable: true }) motif: string | null;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ name: 'request_id', type: 'varchar', nullable: true }) requestId: string | null;
  @Column({ type: 'integer', nullable: true }) version: number | null;
}
