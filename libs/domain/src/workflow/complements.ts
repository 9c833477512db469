// The default due date a complements request proposes (issue 14): the campaign's rule (its `complementsDelayDays`,
// 15 days unless the admin changes it) after the request, as a Paris calendar day (the deadline is that day,
// 23:59:59 Paris, like every date limit of the AMI).
import { wallClock } from '../calendar';

/** A new campaign's delay (the database column's default); each campaign may set its own. */
export const COMPLEMENTS_DELAY_DAYS = 15;
/** The bounds of a campaign's delay (the database's CHECK constraint repeats them). */
export const COMPLEMENTS_DELAY_MIN_DAYS = 1;
export const COMPLEMENTS_DELAY_MAX_DAYS = 90;

/** 'YYYY-MM-DD': the Paris day `days` after `now`'s Paris day (what the request form proposes; the instructeur may change it). */
export function defaultComplementsDueDay(now: Date, days = COMPLEMENTS_DELAY_DAYS): string {
  const w = wallClock(now);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return d.toISOString().slice(0, 10);
}

/**
 * A complements request's `data` with its due date defaulted (the server side of issue 14): absent, null or blank, it
 * becomes the Paris day `days` after `now`; anything else is left for the engine to check (a wrong value stays refused).
 */
export function withDefaultComplementsDueAt(
  data: Record<string, unknown> | null | undefined,
  now: Date,
  days: number,
): Record<string, unknown> {
  const raw = data?.dueAt;
  const missing = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  return missing ? { ...(data ?? {}), dueAt: defaultComplementsDueDay(now, days) } : { ...data };
}
