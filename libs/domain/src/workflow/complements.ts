// The default due date a complements request proposes (issue 14): the campaign's rule, 15 days after the request,
// as a Paris calendar day (the deadline is that day, 23:59:59 Paris, like every date limit of the AMI).
import { wallClock } from '../calendar';

export const COMPLEMENTS_DELAY_DAYS = 15;

/** 'YYYY-MM-DD': the Paris day `days` after `now`'s Paris day (what the request form proposes; the instructeur may change it). */
export function defaultComplementsDueDay(now: Date, days = COMPLEMENTS_DELAY_DAYS): string {
  const w = wallClock(now);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return d.toISOString().slice(0, 10);
}
