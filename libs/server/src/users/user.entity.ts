import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@ptce/domain';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  regions: string[];

  @Column({ name: 'organisation_siret', type: 'varchar', length: 14, nullable: true })
  organisationSiret: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Bumped by a password change, a deactivation or "log out everywhere": older tokens are refused. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** False for an invited user until they choose a password through the link. */
  @Column({ name: 'password_set', type: 'boolean', default: true })
  passwordSet: boolean;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toUserDto(u: UserEntity) {
  return {
    id: u.id,
    email: u.email,
    fullName: u.fullName,
    roles: u.roles,
    regions: u.regions,
    organisationSiret: u.organisationSiret,
    active: u.active,
    passwordSet: u.passwordSet,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
