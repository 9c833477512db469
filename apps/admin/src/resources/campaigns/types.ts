import type { CalendarField } from '../../components/domainLabels';

/** `GET /api/campaigns/:id` (instants are UTC ISO strings; money in euro cents). */
export interface CampaignRecord {
  id: string;
  name: string;
  timezone: string;
  calendar: Record<CalendarField, string | null>;
  envelopeCents: number;
  dsDemarches: { phase1: number | null; phase2: number | null };
  requiredAvisRoles: string[];
  compagnonsPerDossier: number;
  avisDelayDays: number;
  selection: { phase1ArreteAt: string | null; phase2ArreteAt: string | null };
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Body of `POST /api/campaigns` and `PUT /api/campaigns/:id` (the API rejects unknown fields). */
export interface CampaignPayload {
  name: string;
  timezone: string;
  calendar: Record<CalendarField, string | null>;
  envelopeCents?: number;
  dsDemarches: { phase1: number | null; phase2: number | null };
  requiredAvisRoles: string[];
  compagnonsPerDossier?: number;
  avisDelayDays?: number;
  /** The version read, so that the server refuses to overwrite someone else's change (VERSION_CONFLICT). */
  version?: number;
}

const intOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : v === '' || v == null ? null : Number(v);

/** Keeps only what the API accepts; the values are sent as typed, the server validates them. */
export function toCampaignPayload(data: Partial<CampaignRecord>): CampaignPayload {
  const calendar = (data.calendar ?? {}) as Record<CalendarField, string | null>;
  const payload: CampaignPayload = {
    name: (data.name ?? '').trim(),
    timezone: data.timezone ?? 'Europe/Paris',
    calendar: {
      publishedAt: calendar.publishedAt ?? null,
      phase1DepositDeadline: calendar.phase1DepositDeadline ?? null,
      phase1AnnouncementAt: calendar.phase1AnnouncementAt ?? null,
      phase2InvitationAt: calendar.phase2InvitationAt ?? null,
      phase2DepositDeadline: calendar.phase2DepositDeadline ?? null,
      phase2AnnouncementAt: calendar.phase2AnnouncementAt || null,
    },
    dsDemarches: { phase1: intOrNull(data.dsDemarches?.phase1), phase2: intOrNull(data.dsDemarches?.phase2) },
    requiredAvisRoles: data.requiredAvisRoles ?? [],
  };
  if (data.envelopeCents !== undefined && data.envelopeCents !== null) payload.envelopeCents = data.envelopeCents;
  if (data.compagnonsPerDossier !== undefined && data.compagnonsPerDossier !== null)
    payload.compagnonsPerDossier = data.compagnonsPerDossier;
  if (data.avisDelayDays !== undefined && data.avisDelayDays !== null) payload.avisDelayDays = data.avisDelayDays;
  if (typeof data.version === 'number') payload.version = data.version;
  return payload;
}
