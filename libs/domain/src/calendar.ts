/**
 * The campaign calendar. Instants are stored as UTC ISO strings and reasoned about in Europe/Paris: a deadline
 * "23 June" means 23 June 23:59:59 Paris time. Time-zone arithmetic uses Intl only (no tz library), which is exact
 * across the DST changes because it asks the runtime's tz database for the offset at each instant.
 */

export const PARIS_TZ = 'Europe/Paris';

export interface CampaignCalendar {
  publishedAt: string;
  phase1DepositDeadline: string;
  phase1AnnouncementAt: string;
  phase2InvitationAt: string;
  phase2DepositDeadline: string;
  /** Not known when the campaign opens (2021: "November, exact day set later"). */
  phase2AnnouncementAt: string | null;
}

export type CalendarField = keyof CampaignCalendar;

/** In chronological order: validateCalendar requires each date to follow the previous one. */
export const CALENDAR_FIELDS: readonly CalendarField[] = [
  'publishedAt',
  'phase1DepositDeadline',
  'phase1AnnouncementAt',
  'phase2InvitationAt',
  'phase2DepositDeadline',
  'phase2AnnouncementAt',
];

export const CALENDAR_FIELD_LABELS: Record<CalendarField, string> = {
  publishedAt: 'publication de l’appel',
  phase1DepositDeadline: 'date limite de dépôt de la phase 1',
  phase1AnnouncementAt: 'annonce des lauréats de la phase 1',
  phase2InvitationAt: 'annonce des invitations en phase 2',
  phase2DepositDeadline: 'date limite de dépôt de la phase 2',
  phase2AnnouncementAt: 'annonce des lauréats de la phase 2',
};

/** The same, with their article, to be written inside a sentence (« l’annonce », « la date limite »). */
export const CALENDAR_FIELD_NOUNS: Record<CalendarField, string> = {
  publishedAt: 'la publication de l’appel',
  phase1DepositDeadline: 'la date limite de dépôt de la phase 1',
  phase1AnnouncementAt: 'l’annonce des lauréats de la phase 1',
  phase2InvitationAt: 'l’annonce des invitations en phase 2',
  phase2DepositDeadline: 'la date limite de dépôt de la phase 2',
  phase2AnnouncementAt: 'l’annonce des lauréats de la phase 2',
};
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface CalendarIssue {
  field: CalendarField;
  message: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time of an instant in a time zone. */
export function wallClock(date: Date, timeZone = PARIS_TZ): WallClock {
  const get: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') get[p.type] = Number(p.value);
  }
  return { year: get.year, month: get.month, day: get.day, hour: get.hour % 24, minute: get.minute, second: get.second };
}

/** Offset of the zone from UTC at an instant, in milliseconds (Paris: +1 h in winter, +2 h in summer). */
export function zoneOffsetMs(date: Date, timeZone = PARIS_TZ): number {
  const w = wallClock(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks show the given wall time. The offset is taken 12 hours before and after
 * (a zone changes at most once in that span); a wall time that exists is matched exactly, its first occurrence
 * winning in the autumn overlap; a wall time skipped in spring (02:30 on the last Sunday of March) resolves with
 * the winter offset, i.e. to 03:30 summer time.
 */
export function zonedTimeToUtc(w: Omit<WallClock, 'second'> & { second?: number }, timeZone = PARIS_TZ): Date {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
  const halfDay = 12 * 3600 * 1000;
  const before = naive - zoneOffsetMs(new Date(naive - halfDay), timeZone);
  const after = naive - zoneOffsetMs(new Date(naive + halfDay), timeZone);
  const matches = [before, after]
    .filter((t) => {
      const back = wallClock(new Date(t), timeZone);
      return back.day === w.day && back.hour === w.hour && back.minute === w.minute;
    })
    .sort((a, b) => a - b);
  return new Date(matches[0] ?? before);
}

function parseDay(day: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) throw new RangeError(`Date attendue au format AAAA-MM-JJ : « ${day} »`);
  const [year, month, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, d));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== d) throw new RangeError(`Date inexistante : « ${day} »`);
  return { year, month, day: d };
}

/** '2021-06-23' → the instant 23 June 2021 23:59:59 in Paris (21:59:59Z in summer, 22:59:59Z in winter). */
export function parisEndOfDay(day: string): Date {
  return zonedTimeToUtc({ ...parseDay(day), hour: 23, minute: 59, second: 59 });
}

/** '2021-05-12' → 12 May 2021 00:00:00 in Paris. */
export function parisStartOfDay(day: string): Date {
  return zonedTimeToUtc({ ...parseDay(day), hour: 0, minute: 0, second: 0 });
}

/**
 * Monday 00:00 in Paris of the week that holds `now` (ISO weeks, as PostgreSQL's date_trunc('week', …) in Paris time):
 * where "rendered this week" starts.
 */
export function parisWeekStart(now: Date): Date {
  const w = wallClock(now);
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay(); // 0 = Sunday
  const monday = new Date(Date.UTC(w.year, w.month - 1, w.day - ((weekday + 6) % 7)));
  return zonedTimeToUtc({ year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate(), hour: 0, minute: 0 });
}

/** ('2021-11-30', '12:00') → that wall time in Paris. */
export function parisTime(day: string, time: string): Date {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!m) throw new RangeError(`Heure attendue au format HH:MM : « ${time} »`);
  return zonedTimeToUtc({ ...parseDay(day), hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0) });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** French display of an instant in Paris time: 'dd/mm/yyyy HH:MM'. */
export function formatParis(date: Date | string): string {
  const w = wallClock(toDate(date));
  return `${pad(w.day)}/${pad(w.month)}/${w.year} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** French display of the Paris day: 'dd/mm/yyyy'. */
export function formatParisDate(date: Date | string): string {
  const w = wallClock(toDate(date));
  return `${pad(w.day)}/${pad(w.month)}/${w.year}`;
}

function toDate(x: Date | string): Date {
  const d = x instanceof Date ? x : new Date(x);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Date invalide : « ${String(x)} »`);
  return d;
}

/** A strict ISO 8601 instant (date, time and offset); a bare date, free text or 31 June is refused. */
export function isIsoInstant(x: unknown): x is string {
  if (typeof x !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/.exec(x);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  // Date would roll 31 June over to 1 July: check the calendar day ourselves.
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  if (h > 23 || mi > 59 || se > 59 || Number(m[7] ?? 0) > 14 || Number(m[8] ?? 0) > 59) return false;
  return !Number.isNaN(new Date(x).getTime());
}

/**
 * Deposited after the deadline? Compared to the second: a deadline of 23:59:59 covers the whole of that second,
 * so a deposit at 23:59:59.500 is on time.
 */
export function isLate(depositedAt: Date | string, deadline: Date | string): boolean {
  return Math.floor(toDate(depositedAt).getTime() / 1000) > Math.floor(toDate(deadline).getTime() / 1000);
}

/** French messages for every problem of the calendar; an empty list means it is usable. */
export function validateCalendar(cal: Partial<Record<CalendarField, string | null>>): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  let previous: { field: CalendarField; at: number } | null = null;
  for (const field of CALENDAR_FIELDS) {
    const value = cal[field];
    if (value == null || value === '') {
      if (field !== 'phase2AnnouncementAt') {
        issues.push({ field, message: `${capitalised(CALENDAR_FIELD_NOUNS[field])} : la date est obligatoire.` });
      }
      continue;
    }
    const at = isIsoInstant(value) ? new Date(value).getTime() : NaN;
    if (Number.isNaN(at)) {
      issues.push({ field, message: `${capitalised(CALENDAR_FIELD_NOUNS[field])} : la date n’est pas valide.` });
      continue;
    }
    if (previous && at <= previous.at) {
      issues.push({
        field,
        message:
          `${capitalised(CALENDAR_FIELD_NOUNS[field])} (${formatParis(new Date(at))}) doit venir après ` +
          `${CALENDAR_FIELD_NOUNS[previous.field]} (${formatParis(new Date(previous.at))}).`,
      });
    }
    previous = { field, at };
  }
  return issues;
}

/**
 * The 2021 edition ("relance des PTCE"). Announcements are set at 10:00 Paris so that the decision emails go out in
 * office hours; the phase 2 announcement day was not known, 30 November 12:00 is a placeholder.
 */
export const CALENDAR_2021: Readonly<CampaignCalendar> = Object.freeze({
  publishedAt: parisStartOfDay('2021-05-12').toISOString(),
  phase1DepositDeadline: parisEndOfDay('2021-06-23').toISOString(),
  phase1AnnouncementAt: parisTime('2021-07-19', '10:00').toISOString(),
  phase2InvitationAt: parisTime('2021-07-26', '10:00').toISOString(),
  phase2DepositDeadline: parisEndOfDay('2021-09-30').toISOString(),
  phase2AnnouncementAt: parisTime('2021-11-30', '12:00').toISOString(),
});
