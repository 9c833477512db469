/**
 * Pure helpers for assigning reviewers: conflict detection by SIRET / SIREN, load balancing, due date, and the avis
 * state table.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Conflict of interest

export interface AvisConflict {
  /** French, fit to show a user. */
  reason: string;
  /** Whom the reviewer's organisation matches. */
  with: 'structure' | 'membre';
  /** Same establishment (SIRET) or same company (SIREN, first 9 digits). */
  match: 'siret' | 'siren';
  /** The dossier-side identifier that matched. */
  identifier: string;
}

/** Digits only; a SIRET (14) or SIREN (9), otherwise null. */
function digitsId(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  const d = s.replace(/[\s.-]/g, '');
  return /^(\d{9}|\d{14})$/.test(d) ? d : null;
}

/**
 * A reviewer has a conflict when their organisation is the structure porteuse or a declared member organisation of the
 * dossier, or belongs to the same company (same SIREN). The reviewer's organisation may be given as a SIRET or a SIREN.
 * Returns null when nothing matches or when the reviewer has no organisation identifier.
 */
export function conflictsOf(
  reviewer: { organisationSiret?: string | null },
  dossier: { structureSiret?: string | null; memberSirets?: readonly (string | null | undefined)[] | null },
): AvisConflict | null {
  const mine = digitsId(reviewer.organisationSiret);
  if (!mine) return null;
  const mySiren = mine.slice(0, 9);

  const structure = digitsId(dossier.structureSiret);
  const members = (dossier.memberSirets ?? []).map(digitsId).filter((s): s is string => s !== null);

  const sameSiret = (other: string) => mine.length === 14 && other === mine;
  const sameSiren = (other: string) => other.slice(0, 9) === mySiren;

  if (structure && sameSiret(structure)) {
    return {
      with: 'structure',
      match: 'siret',
      identifier: structure,
      reason: `Votre organisation (SIRET ${structure}) est la structure porteuse du dossier.`,
    };
  }
  if (structure && sameSiren(structure)) {
    return {
      with: 'structure',
      match: 'siren',
      identifier: structure,
      reason: `Votre organisation appartient à la même entreprise (SIREN ${mySiren}) que la structure porteuse du dossier.`,
    };
  }
  const memberSiret = members.find(sameSiret);
  if (memberSiret) {
    return {
      with: 'membre',
      match: 'siret',
      identifier: memberSiret,
      reason: `Votre organisation (SIRET ${memberSiret}) est membre déclaré du PTCE.`,
    };
  }
  const memberSiren = members.find(sameSiren);
  if (memberSiren) {
    return {
      with: 'membre',
      match: 'siren',
      identifier: memberSiren,
      reason: `Votre organisation appartient à la même entreprise (SIREN ${mySiren}) qu'une organisation membre déclarée du PTCE.`,
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Load balancing

/**
 * The n candidates with the fewest open avis, ties broken by id (plain code-unit order, for determinism), skipping
 * the excluded ids. Does not mutate its input.
 */
export function pickByLoad<T extends { id: string; openAvisCount: number }>(
  candidates: readonly T[],
  n: number,
  exclude: ReadonlySet<string> = new Set(),
): T[] {
  if (!(n > 0)) return [];
  return candidates
    .filter((c) => !exclude.has(c.id))
    .slice()
    .sort((a, b) => a.openAvisCount - b.openAvisCount || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.floor(n));
}

// ---------------------------------------------------------------------------------------------------------------------
// Due date

export const DEFAULT_AVIS_TIMEZONE = 'Europe/Paris';

/** Offset (ms) of the time zone's wall clock from UTC at the given instant. */
function tzOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

function zonedDate(instant: number, timeZone: string): { y: number; m: number; d: number } {
  const w = new Date(instant + tzOffsetMs(instant, timeZone));
  return { y: w.getUTCFullYear(), m: w.getUTCMonth(), d: w.getUTCDate() };
}

/**
 * When an avis assigned at `assignedAt` is due: the end (23:59:59) of the day that is `delayDays` calendar days after
 * the assignment day, both days read in `timeZone` (Europe/Paris), like every deadline of the AMI.
 * E.g. assigned 10 June 2021 15:00 Paris, 15 days → 25 June 2021 23:59:59 Paris (21:59:59Z).
 */
export function dueDate(assignedAt: Date, delayDays: number, timeZone: string = DEFAULT_AVIS_TIMEZONE): Date {
  const t = assignedAt instanceof Date ? assignedAt.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError("Date d'affectation invalide.");
  if (!Number.isInteger(delayDays) || delayDays < 0) {
    throw new RangeError(`Délai invalide : ${String(delayDays)} (nombre entier de jours, positif ou nul, attendu).`);
  }
  const { y, m, d } = zonedDate(t, timeZone);
  const wall = Date.UTC(y, m, d + delayDays, 23, 59, 59);
  // wall-clock → instant: subtract the offset, then correct once in case the offset differs at the result.
  let instant = wall - tzOffsetMs(wall, timeZone);
  instant = wall - tzOffsetMs(instant, timeZone);
  return new Date(instant);
}

// ---------------------------------------------------------------------------------------------------------------------
// Avis statuses and their state table

export const AVIS_STATUS_CODES = ['a_rediger', 'brouillon', 'rendu', 'decline', 'conflit', 'annule'] as const;
export type AvisStatus = (typeof AVIS_STATUS_CODES)[number];

export const AVIS_STATUSES: readonly { code: AvisStatus; label: string }[] = [
  { code: 'a_rediger', label: 'À rédiger' },
  { code: 'brouillon', label: 'Brouillon' },
  { code: 'rendu', label: 'Rendu' },
  { code: 'decline', label: 'Décliné' },
  { code: 'conflit', label: "Conflit d'intérêts déclaré" },
  { code: 'annule', label: 'Annulé' },
];

export const AVIS_STATUS_LABELS: Readonly<Record<AvisStatus, string>> = Object.fromEntries(
  AVIS_STATUSES.map((s) => [s.code, s.label]),
) as Record<AvisStatus, string>;

/** Statuses in which an avis is still expected from its reviewer (counts in the reviewer's load). */
export const OPEN_AVIS_STATUSES: readonly AvisStatus[] = ['a_rediger', 'brouillon'];

export function isAvisStatus(x: unknown): x is AvisStatus {
  return typeof x === 'string' && (AVIS_STATUS_CODES as readonly string[]).includes(x);
}

export function isOpenAvisStatus(x: unknown): boolean {
  return typeof x === 'string' && (OPEN_AVIS_STATUSES as readonly string[]).includes(x);
}

export const AVIS_ACTIONS = ['save', 'submit', 'decline', 'conflict', 'reopen'] as const;
export type AvisAction = (typeof AVIS_ACTIONS)[number];

export const AVIS_ACTION_LABELS: Readonly<Record<AvisAction, string>> = {
  save: 'enregistrer le brouillon',
  submit: "rendre l'avis",
  decline: "décliner l'avis",
  conflict: "déclarer un conflit d'intérêts",
  reopen: "rouvrir l'avis",
};

const AVIS_TRANSITIONS: Readonly<Record<AvisAction, { from: readonly AvisStatus[]; to: AvisStatus }>> = {
  save: { from: ['a_rediger', 'brouillon'], to: 'brouillon' },
  submit: { from: ['a_rediger', 'brouillon'], to: 'rendu' },
  decline: { from: ['a_rediger', 'brouillon'], to: 'decline' },
  conflict: { from: ['a_rediger', 'brouillon'], to: 'conflit' },
  reopen: { from: ['rendu'], to: 'brouillon' },
};

export interface AvisTransitionError {
  code: 'AVIS_NOT_ALLOWED';
  message: string;
}

export function isAvisTransitionError(x: unknown): x is AvisTransitionError {
  return typeof x === 'object' && x !== null && (x as { code?: unknown }).code === 'AVIS_NOT_ALLOWED';
}

/** The next status, or an error (French message) when the action is not allowed from this status. */
export function avisTransition(status: string, action: string): AvisStatus | AvisTransitionError {
  if (!isAvisStatus(status)) {
    return { code: 'AVIS_NOT_ALLOWED', message: `Statut d'avis inconnu « ${status} ».` };
  }
  if (!(AVIS_ACTIONS as readonly string[]).includes(action)) {
    return { code: 'AVIS_NOT_ALLOWED', message: `Action inconnue « ${action} » sur un avis.` };
  }
  const t = AVIS_TRANSITIONS[action as AvisAction];
  if (!t.from.includes(status)) {
    return {
      code: 'AVIS_NOT_ALLOWED',
      message: `Action « ${AVIS_ACTION_LABELS[action as AvisAction]} » impossible : l'avis est au statut « ${AVIS_STATUS_LABELS[status]} ».`,
    };
  }
  return t.to;
}

/** The actions allowed from a status, in AVIS_ACTIONS order. */
export function allowedAvisActions(status: string): AvisAction[] {
  return AVIS_ACTIONS.filter((a) => !isAvisTransitionError(avisTransition(status, a)));
}
