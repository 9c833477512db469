import type { Role } from '../../labels';

/** `GET /api/users/:id` */
export interface UserRecord {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  regions: string[];
  organisationSiret: string | null;
  active: boolean;
  /** False for an invited user who has not chosen a password yet. */
  passwordSet?: boolean;
  lastLoginAt?: string | null;
  createdAt: string;
}

/** Body of `POST /api/users` and `PUT /api/users/:id` (the API rejects unknown fields). */
export interface UserPayload {
  email: string;
  fullName: string;
  password?: string;
  roles: string[];
  regions: string[];
  organisationSiret: string | null;
  active: boolean;
}

/** Keeps only the fields the API accepts; an empty password is left out (= unchanged on edit). */
export function toUserPayload(data: Partial<UserRecord> & { password?: string | null }): UserPayload {
  const siret = typeof data.organisationSiret === 'string' ? data.organisationSiret.replace(/\s/g, '') : '';
  const payload: UserPayload = {
    email: (data.email ?? '').trim(),
    fullName: (data.fullName ?? '').trim(),
    roles: data.roles ?? [],
    regions: data.regions ?? [],
    organisationSiret: siret || null,
    active: data.active ?? true,
  };
  if (typeof data.password === 'string' && data.password !== '') payload.password = data.password;
  return payload;
}
