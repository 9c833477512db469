/**
 * Dates of the back-office are instants (UTC on the server) shown and entered in Paris time, whatever the
 * browser's own time zone. Intl only (the runtime's tz database), exact across daylight-saving changes.
 * Display and input conversion only: no business rule here.
 */

import { PARIS_TZ, wallClock, zoneOffsetMs, zonedTimeToUtc } from '@ptce/domain/calendar';
import { formatWithOrdinalFirst } from './frenchFormat';

export { PARIS_TZ };

/** Paris offset from UTC at an instant, in minutes (+60 in winter, +120 in summer). */
function offsetMinutes(date: Date): number {
  return Math.round(zoneOffsetMs(date) / 60000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An instant → its Paris day ('2021-06-23') and time ('23:59:59'), as the date and time inputs want them. */
export function toParisInputs(value: string | Date | null | undefined): { date: string; time: string } {
  const d = toDate(value);
  if (!d) return { date: '', time: '' };
  const w = wallClock(d);
  return { date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A Paris wall time ('2021-06-23', '23:59' or '23:59:59') → ISO 8601 with the Paris offset
 * ('2021-06-23T23:59:59+02:00'); null when the day or the time is not valid. A time skipped by the spring change
 * (02:30 on the last Sunday of March) becomes the instant one hour later, as clocks do.
 */
export function parisInputsToIso(date: string, time: string): string | null {
  const dm = DAY.exec(date.trim());
  const tm = TIME.exec(time.trim());
  if (!dm || !tm) return null;
  const [year, month, day] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
  const [hour, minute, second] = [Number(tm[1]), Number(tm[2]), Number(tm[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // the zone arithmetic (daylight-saving gaps and overlaps included) is the domain lib's, shared with the server
  const instant = zonedTimeToUtc({ year, month, day, hour, minute, second });
  return isoWithParisOffset(instant);
}

/** An instant written in Paris time with its offset: '2021-06-23T23:59:59+02:00'. */
export function isoWithParisOffset(instant: Date): string {
  const w = wallClock(instant);
  const off = offsetMinutes(instant);
  const sign = off < 0 ? '-' : '+';
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

const dateTimeFormatter = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS_TZ, dateStyle: 'long', timeStyle: 'short' });
const dateTimeSecondsFormatter = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS_TZ, dateStyle: 'long', timeStyle: 'medium' });
const dateFormatter = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS_TZ, dateStyle: 'long' });

export type ParisFormat = 'datetime' | 'datetime-seconds' | 'date' | 'short';

/** French display of an instant in Paris time: « 23 juin 2021 à 23:59 » (or '' when empty or invalid). */
export function formatParis(value: string | Date | null | undefined, format: ParisFormat = 'datetime'): string {
  const d = toDate(value);
  if (!d) return '';
  switch (format) {
    // « 1er avril », not Intl's « 1 avril »
    case 'date':
      return formatWithOrdinalFirst(dateFormatter, d);
    case 'datetime-seconds':
      return formatWithOrdinalFirst(dateTimeSecondsFormatter, d);
    case 'short':
      // one date format across the back-office (issue 14): « 23 juin 2021 à 23:59 » everywhere, lists included
      return formatWithOrdinalFirst(dateTimeFormatter, d);
    default:
      return formatWithOrdinalFirst(dateTimeFormatter, d);
  }
}

/** A machine-readable datetime for `<time dateTime>`. */
export function isoOrEmpty(value: string | Date | null | undefined): string {
  const d = toDate(value);
  return d ? d.toISOString() : '';
}
