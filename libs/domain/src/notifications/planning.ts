/**
 * The planning rules of the e-mails, as plain functions of dates and states (no clock of their own: `now` is always
 * given, so that tests run them with a fake clock). Times are reasoned about in Europe/Paris: "3 days before the
 * due date" is 09:00 Paris time on that day, whatever the daylight-saving offset.
 */
import { PARIS_TZ, wallClock, zonedTimeToUtc } from '../calendar';
import { decisionStateOf, isDecisionTemplate, NotificationTemplate } from './templates';

const DAY_MS = 24 * 3600 * 1000;

/** The campaign dates the planner reads (instants). */
export interface PlanningCalendar {
  phase1AnnouncementAt: Date;
  phase2InvitationAt: Date;
  phase2DepositDeadline: Date;
  phase2AnnouncementAt: Date | null;
}

export type PlanningCalendarField = keyof PlanningCalendar;

/** How a calendar-driven row's date follows its campaign date: the instant itself, or a Paris day/time around it. */
export interface CalendarRule {
  field: PlanningCalendarField;
  /** Days before (negative) or after the date; 0 with `time` null means the date's own instant. */
  offsetDays: number;
  /** 'HH:MM' Paris time on the shifted day, or null to keep the date's own time of day. */
  time: string | null;
}

/** The Paris calendar day of an instant, shifted by `days`, at `time` ('HH:MM') Paris time. */
export function parisDayAt(base: Date, days: number, time: string): Date {
  const w = wallClock(base, PARIS_TZ);
  const shifted = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  const [h, m] = time.split(':').map(Number);
  return zonedTimeToUtc({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: h,
    minute: m,
  });
}

/** When a calendar-driven row is due under its rule, or null while the campaign date is not set. */
export function calendarInstant(rule: Omit<CalendarRule, 'field'>, base: Date | null): Date | null {
  if (!base) return null;
  if (rule.time === null) return new Date(base.getTime() + rule.offsetDays * DAY_MS);
  return parisDayAt(base, rule.offsetDays, rule.time);
}

/** The calendar date a phase's decisions are announced at. */
export function announcementField(phase: 1 | 2): PlanningCalendarField {
  return phase === 1 ? 'phase1AnnouncementAt' : 'phase2AnnouncementAt';
}

/** A decision e-mail follows the phase's announcement date exactly (never before it). */
export function decisionRule(phase: 1 | 2): CalendarRule {
  return { field: announcementField(phase), offsetDays: 0, time: null };
}

export const INVITATION_RULE: CalendarRule = { field: 'phase2InvitationAt', offsetDays: 0, time: null };

/** Reminders to deposit in phase 2: 14 and 3 days before the deadline, at 09:00 Paris. */
export const PHASE2_DEPOSIT_REMINDERS: readonly { key: string; rule: CalendarRule; daysLeft: number }[] = [
  { key: 'j-14', rule: { field: 'phase2DepositDeadline', offsetDays: -14, time: '09:00' }, daysLeft: 14 },
  { key: 'j-3', rule: { field: 'phase2DepositDeadline', offsetDays: -3, time: '09:00' }, daysLeft: 3 },
];

/** Decision e-mails of a phase wait for the cabinet's arrêt of that phase's selection. */
export function releasable(template: string, selectionArretee: boolean): boolean {
  return !isDecisionTemplate(template) || selectionArretee;
}

/**
 * The unique key of an e-mail: the same e-mail can never be planned twice, whatever retries or restarts happen.
 * Parts are the template, what it is about (dossier, phase, avis, window...) and the recipient (lower-cased).
 */
export function notificationKey(template: NotificationTemplate, parts: readonly (string | number)[], recipient: string): string {
  return [template, ...parts.map(String), recipient.trim().toLowerCase()].join('|');
}

/** Reminder of missing pieces: 09:00 Paris two days before the due date, if that is still after the request. */
export function complementsReminderAt(dueAt: Date, requestedAt: Date): Date | null {
  const at = parisDayAt(dueAt, -2, '09:00');
  return at.getTime() > requestedAt.getTime() ? at : null;
}

export interface ReminderWindow {
  key: string; // 'j-3', 'j0', 'retard-1', 'retard-2', ...
  start: Date;
  end: Date;
  overdue: boolean;
}

/** The n-th reminder window of an avis (0: three days before, 1: the due day, 2+: each week of delay). */
export function avisReminderWindow(dueAt: Date, n: number): ReminderWindow {
  const startOf = (i: number): Date => (i === 0 ? parisDayAt(dueAt, -3, '09:00') : parisDayAt(dueAt, 7 * (i - 1), '09:00'));
  const key = n === 0 ? 'j-3' : n === 1 ? 'j0' : `retard-${n - 1}`;
  return { key, start: startOf(n), end: startOf(n + 1), overdue: n >= 2 };
}

/** The reminder window an instant falls in, or null before the first one. */
export function currentReminderWindow(dueAt: Date, now: Date): ReminderWindow | null {
  let n = 0;
  while (avisReminderWindow(dueAt, n).end.getTime() <= now.getTime()) n++;
  const w = avisReminderWindow(dueAt, n);
  return w.start.getTime() <= now.getTime() ? w : null;
}

/**
 * Which avis reminders to plan now: the window we are in (unless it began before the assignment, or a reminder
 * was already sent in it) and the next one ahead (so that the schedule shows it). Never two in one window: the
 * window's key is part of the e-mail's unique key, and `remindedAt` inside the window skips it too.
 */
export function avisRemindersToPlan(input: { dueAt: Date; assignedAt: Date; remindedAt: Date | null; now: Date }): ReminderWindow[] {
  const { dueAt, assignedAt, remindedAt, now } = input;
  const out: ReminderWindow[] = [];
  let n = 0;
  while (avisReminderWindow(dueAt, n).end.getTime() <= now.getTime()) n++;
  const current = avisReminderWindow(dueAt, n);
  if (current.start.getTime() <= now.getTime()) {
    const fresh = current.start.getTime() >= assignedAt.getTime();
    const already = remindedAt !== null && remindedAt.getTime() >= current.start.getTime();
    if (fresh && !already) out.push(current);
    out.push(avisReminderWindow(dueAt, n + 1));
  } else {
    out.push(current);
  }
  return out;
}

/** The facts a planned row is checked against before it goes: a row that no longer applies is cancelled. */
export interface ApplicabilityFacts {
  dossierState?: string | null;
  /** For avis e-mails: is (at least one of) the avis still to be written? */
  avisOpen?: boolean;
  /** For avis reminders: is the reminder's window the one we are in? */
  reminderWindowCurrent?: boolean;
  /** For phase-2 deposit reminders: has the invited porteur deposited a phase-2 dossier? */
  hasPhase2Dossier?: boolean;
}

export function stillApplies(template: NotificationTemplate, f: ApplicabilityFacts): boolean {
  const decided = decisionStateOf(template);
  if (decided) return f.dossierState === decided;
  switch (template) {
    case 'relance_complements':
      return f.dossierState === 'en_attente_complements';
    case 'avis_a_rediger':
      return f.avisOpen === true;
    case 'relance_avis':
      return f.avisOpen === true && f.reminderWindowCurrent !== false;
    case 'relance_depot_phase2':
      return f.hasPhase2Dossier !== true;
    default:
      return true;
  }
}

/** Assignments within the same clock hour share one e-mail per reviewer. */
export function hourBucket(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/** The ISO week (Paris time) an instant belongs to, e.g. '2026-W49': the weekly digest's unique key. */
export function parisIsoWeek(at: Date): string {
  const w = wallClock(at, PARIS_TZ);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  const dow = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The next Monday 08:00 Paris strictly after `now` (the weekly digest's cron, `0 8 * * 1` in Europe/Paris). */
export function nextWeeklyDigestAt(now: Date): Date {
  for (let i = 0; i <= 7; i++) {
    const candidate = parisDayAt(now, i, '08:00');
    const dow = wallClock(candidate, PARIS_TZ);
    const weekday = new Date(Date.UTC(dow.year, dow.month - 1, dow.day)).getUTCDay();
    if (weekday === 1 && candidate.getTime() > now.getTime()) return candidate;
  }
  return parisDayAt(now, 7, '08:00');
}

/** An amount in euro cents, the French way: 12 500,00 €. */
export function formatEuros(cents: number | null | undefined): string | null {
  if (cents === null || cents === undefined) return null;
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/\u202f|\u00a0/g, ' ');
}
