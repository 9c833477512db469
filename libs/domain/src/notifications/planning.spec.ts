import {
  avisReminderWindow,
  avisRemindersToPlan,
  calendarInstant,
  complementsReminderAt,
  decisionRule,
  formatEuros,
  nextWeeklyDigestAt,
  notificationKey,
  parisDayAt,
  parisIsoWeek,
  PHASE2_DEPOSIT_REMINDERS,
  releasable,
  stillApplies,
} from './planning';
import { decisionTemplate, NOTIFICATION_TEMPLATES, TEMPLATE_INFO } from './templates';

const at = (iso: string) => new Date(iso);

describe('notification planning rules', () => {
  it('has a French label, an audience and variables for every template code', () => {
    for (const code of NOTIFICATION_TEMPLATES) {
      expect(TEMPLATE_INFO[code].code).toBe(code);
      expect(TEMPLATE_INFO[code].label.length).toBeGreaterThan(3);
      expect(TEMPLATE_INFO[code].variables.length).toBeGreaterThan(0);
    }
  });

  it('maps each final state of each phase to its decision e-mail', () => {
    expect(decisionTemplate(1, 'laureat')).toBe('decision_phase1_laureat');
    expect(decisionTemplate(1, 'non_retenu')).toBe('decision_phase1_non_retenu');
    expect(decisionTemplate(2, 'laureat')).toBe('decision_phase2_laureat');
    expect(decisionTemplate(2, 'non_retenu')).toBe('decision_phase2_non_retenu');
    expect(decisionTemplate(1, 'ineligible')).toBe('decision_ineligible');
    expect(decisionTemplate(2, 'sans_suite')).toBe('decision_sans_suite');
    expect(decisionTemplate(1, 'instruit')).toBeNull();
  });

  it('plans a decision at the announcement instant itself, and follows it when it moves', () => {
    const rule = decisionRule(1);
    expect(rule.field).toBe('phase1AnnouncementAt');
    expect(calendarInstant(rule, at('2021-07-19T08:00:00Z'))).toEqual(at('2021-07-19T08:00:00Z'));
    expect(calendarInstant(rule, at('2021-07-21T08:00:00Z'))).toEqual(at('2021-07-21T08:00:00Z'));
    expect(calendarInstant(decisionRule(2), null)).toBeNull();
  });

  it('holds decision e-mails until the selection is arrêtée, never other e-mails', () => {
    expect(releasable('decision_phase1_laureat', false)).toBe(false);
    expect(releasable('decision_sans_suite', false)).toBe(false);
    expect(releasable('decision_phase1_laureat', true)).toBe(true);
    expect(releasable('accuse_reception', false)).toBe(true);
  });

  it('builds one key per e-mail, recipient case-insensitive', () => {
    expect(notificationKey('decision_phase1_laureat', ['d1', 1], ' Jeanne@Example.org')).toBe(
      'decision_phase1_laureat|d1|1|jeanne@example.org',
    );
  });

  it('reminds of missing pieces at 09:00 Paris two days before the due date, unless that is already past', () => {
    const due = at('2026-03-31T21:59:59Z'); // 31 March 23:59:59 Paris (summer time)
    expect(complementsReminderAt(due, at('2026-03-01T10:00:00Z'))).toEqual(at('2026-03-29T07:00:00Z')); // 09:00 CEST
    expect(complementsReminderAt(due, at('2026-03-30T10:00:00Z'))).toBeNull();
  });

  it('computes Paris days across the daylight-saving change', () => {
    // 29 March 2026 is the change to summer time: 09:00 on 28 March is 08:00Z, on 29 March 07:00Z.
    expect(parisDayAt(at('2026-03-30T12:00:00Z'), -2, '09:00')).toEqual(at('2026-03-28T08:00:00Z'));
    expect(parisDayAt(at('2026-03-30T12:00:00Z'), -1, '09:00')).toEqual(at('2026-03-29T07:00:00Z'));
  });

  it('phase-2 deposit reminders fall 14 and 3 days before the deadline at 09:00 Paris', () => {
    const deadline = at('2021-09-30T21:59:59Z');
    expect(PHASE2_DEPOSIT_REMINDERS.map((r) => calendarInstant(r.rule, deadline)?.toISOString())).toEqual([
      '2021-09-16T07:00:00.000Z',
      '2021-09-27T07:00:00.000Z',
    ]);
  });

  describe('avis reminders (fake clock)', () => {
    const due = at('2026-12-15T22:59:59Z'); // 15 December 23:59:59 Paris
    const assignedAt = at('2026-11-24T10:00:00Z');

    it('windows: three days before, the due day, then each week of delay', () => {
      expect(avisReminderWindow(due, 0)).toMatchObject({ key: 'j-3', start: at('2026-12-12T08:00:00Z'), overdue: false });
      expect(avisReminderWindow(due, 1)).toMatchObject({ key: 'j0', start: at('2026-12-15T08:00:00Z'), overdue: false });
      expect(avisReminderWindow(due, 2)).toMatchObject({ key: 'retard-1', start: at('2026-12-22T08:00:00Z'), overdue: true });
      expect(avisReminderWindow(due, 3).start).toEqual(at('2026-12-29T08:00:00Z'));
    });

    it('before the first window: only the next reminder is planned, for later', () => {
      const plan = avisRemindersToPlan({ dueAt: due, assignedAt, remindedAt: null, now: at('2026-12-01T10:00:00Z') });
      expect(plan.map((w) => w.key)).toEqual(['j-3']);
    });

    it('inside a window: that reminder now and the next one ahead', () => {
      const plan = avisRemindersToPlan({ dueAt: due, assignedAt, remindedAt: null, now: at('2026-12-13T10:00:00Z') });
      expect(plan.map((w) => w.key)).toEqual(['j-3', 'j0']);
    });

    it('never twice in one window: a reminder sent in it skips it', () => {
      const plan = avisRemindersToPlan({ dueAt: due, assignedAt, remindedAt: at('2026-12-12T08:00:05Z'), now: at('2026-12-14T10:00:00Z') });
      expect(plan.map((w) => w.key)).toEqual(['j0']);
    });

    it('weekly while overdue, and only the current week after a long stop (no catch-up burst)', () => {
      const plan = avisRemindersToPlan({ dueAt: due, assignedAt, remindedAt: at('2026-12-15T08:00:00Z'), now: at('2027-01-06T10:00:00Z') });
      expect(plan.map((w) => w.key)).toEqual(['retard-3', 'retard-4']);
    });

    it('no reminder for a window that began before the assignment', () => {
      const late = at('2026-12-13T10:00:00Z');
      const plan = avisRemindersToPlan({ dueAt: due, assignedAt: late, remindedAt: null, now: at('2026-12-13T10:00:05Z') });
      expect(plan.map((w) => w.key)).toEqual(['j0']);
    });
  });

  it('cancels rows whose reason is gone', () => {
    expect(stillApplies('relance_complements', { dossierState: 'en_attente_complements' })).toBe(true);
    expect(stillApplies('relance_complements', { dossierState: 'en_instruction' })).toBe(false);
    expect(stillApplies('decision_phase1_laureat', { dossierState: 'laureat' })).toBe(true);
    expect(stillApplies('decision_phase1_laureat', { dossierState: 'en_instruction' })).toBe(false);
    expect(stillApplies('relance_avis', { avisOpen: false })).toBe(false);
    expect(stillApplies('relance_avis', { avisOpen: true, reminderWindowCurrent: false })).toBe(false);
    expect(stillApplies('relance_avis', { avisOpen: true, reminderWindowCurrent: true })).toBe(true);
    expect(stillApplies('relance_depot_phase2', { hasPhase2Dossier: true })).toBe(false);
    expect(stillApplies('accuse_reception', {})).toBe(true);
  });

  it('weekly digest: Monday 08:00 Paris, keyed by ISO week', () => {
    expect(nextWeeklyDigestAt(at('2026-12-02T06:30:00Z'))).toEqual(at('2026-12-07T07:00:00Z')); // Wed → Mon 08:00 CET
    expect(nextWeeklyDigestAt(at('2026-12-07T07:00:00Z'))).toEqual(at('2026-12-14T07:00:00Z'));
    expect(nextWeeklyDigestAt(at('2026-12-07T06:59:00Z'))).toEqual(at('2026-12-07T07:00:00Z'));
    expect(parisIsoWeek(at('2026-12-07T07:00:00Z'))).toBe('2026-W50');
    expect(parisIsoWeek(at('2021-01-03T12:00:00Z'))).toBe('2020-W53');
  });

  it('formats euros the French way', () => {
    expect(formatEuros(1_250_000)).toBe('12 500,00 €');
    expect(formatEuros(null)).toBeNull();
  });
});
