import {
  CALENDAR_2021,
  formatParis,
  isIsoInstant,
  isLate,
  parisWeekStart,
  parisEndOfDay,
  parisStartOfDay,
  parisTime,
  validateCalendar,
  zoneOffsetMs,
  type CampaignCalendar,
} from './calendar';

describe('Paris time', () => {
  it('end of day uses the summer offset (UTC+2) in June', () => {
    expect(parisEndOfDay('2021-06-23').toISOString()).toBe('2021-06-23T21:59:59.000Z');
  });

  it('end of day uses the winter offset (UTC+1) in December', () => {
    expect(parisEndOfDay('2021-12-15').toISOString()).toBe('2021-12-15T22:59:59.000Z');
  });

  it('handles the DST change days themselves', () => {
    // 28 March 2021: 02:00 → 03:00; the end of that day is summer time.
    expect(parisEndOfDay('2021-03-28').toISOString()).toBe('2021-03-28T21:59:59.000Z');
    expect(parisStartOfDay('2021-03-28').toISOString()).toBe('2021-03-27T23:00:00.000Z');
    // 31 October 2021: 03:00 → 02:00; the start is summer time, the end winter time.
    expect(parisStartOfDay('2021-10-31').toISOString()).toBe('2021-10-30T22:00:00.000Z');
    expect(parisEndOfDay('2021-10-31').toISOString()).toBe('2021-10-31T22:59:59.000Z');
  });

  it('resolves a skipped spring time forward and an ambiguous autumn time to its first occurrence', () => {
    expect(parisTime('2021-03-28', '02:30').toISOString()).toBe('2021-03-28T01:30:00.000Z'); // 03:30 CEST
    expect(parisTime('2021-10-31', '02:30').toISOString()).toBe('2021-10-31T00:30:00.000Z'); // first 02:30 (CEST)
  });

  it('reports the offset', () => {
    expect(zoneOffsetMs(new Date('2021-07-01T00:00:00Z'))).toBe(2 * 3600_000);
    expect(zoneOffsetMs(new Date('2021-01-01T00:00:00Z'))).toBe(3600_000);
  });

  it('refuses malformed or impossible days', () => {
    expect(() => parisEndOfDay('23/06/2021')).toThrow(RangeError);
    expect(() => parisEndOfDay('2021-02-30')).toThrow(RangeError);
    expect(() => parisTime('2021-06-23', '25h')).toThrow(RangeError);
  });

  it('formats in French, in Paris time', () => {
    expect(formatParis(new Date('2021-06-23T21:59:59Z'))).toBe('23/06/2021 23:59');
    expect(formatParis('2021-12-31T23:30:00Z')).toBe('01/01/2022 00:30');
    expect(formatParis('2021-07-18T22:05:00Z')).toBe('19/07/2021 00:05');
  });
});

describe('isLate', () => {
  const deadline = parisEndOfDay('2021-06-23');
  it('is on time until the end of the last second', () => {
    expect(isLate('2021-06-23T21:59:59.999Z', deadline)).toBe(false);
    expect(isLate('2021-06-23T12:00:00+02:00', deadline)).toBe(false);
  });
  it('is late from the next second', () => {
    expect(isLate('2021-06-23T22:00:00Z', deadline)).toBe(true);
    expect(isLate(new Date('2021-06-24T00:00:30+02:00'), deadline.toISOString())).toBe(true);
  });
  it('throws on an invalid date rather than guessing', () => {
    expect(() => isLate('hier', deadline)).toThrow(RangeError);
  });
});

describe('CALENDAR_2021', () => {
  it('holds the 2021 dates in Paris time', () => {
    expect(formatParis(CALENDAR_2021.publishedAt)).toBe('12/05/2021 00:00');
    expect(CALENDAR_2021.phase1DepositDeadline).toBe('2021-06-23T21:59:59.000Z');
    expect(formatParis(CALENDAR_2021.phase1AnnouncementAt).slice(0, 10)).toBe('19/07/2021');
    expect(formatParis(CALENDAR_2021.phase2InvitationAt).slice(0, 10)).toBe('26/07/2021');
    expect(CALENDAR_2021.phase2DepositDeadline).toBe('2021-09-30T21:59:59.000Z');
    expect(CALENDAR_2021.phase2AnnouncementAt).toBe('2021-11-30T11:00:00.000Z');
  });
  it('is valid', () => {
    expect(validateCalendar(CALENDAR_2021)).toEqual([]);
  });
});

describe('validateCalendar', () => {
  const base: CampaignCalendar = { ...CALENDAR_2021 };

  it('accepts a missing phase 2 announcement', () => {
    expect(validateCalendar({ ...base, phase2AnnouncementAt: null })).toEqual([]);
  });

  it('requires the other dates', () => {
    expect(validateCalendar({ ...base, publishedAt: '' })).toEqual([
      { field: 'publishedAt', message: 'La publication de l’appel : la date est obligatoire.' },
    ]);
  });

  it('refuses invalid dates', () => {
    const issues = validateCalendar({ ...base, phase1AnnouncementAt: '19 juillet' });
    expect(issues).toEqual([
      { field: 'phase1AnnouncementAt', message: 'L’annonce des lauréats de la phase 1 : la date n’est pas valide.' },
    ]);
  });

  it('refuses an announcement before its deadline', () => {
    const issues = validateCalendar({ ...base, phase1AnnouncementAt: parisTime('2021-06-20', '10:00').toISOString() });
    expect(issues).toEqual([
      {
        field: 'phase1AnnouncementAt',
        message:
          'L’annonce des lauréats de la phase 1 (20/06/2021 10:00) doit venir après la date limite de dépôt de la phase 1 (23/06/2021 23:59).',
      },
    ]);
  });

  it('refuses phase 2 before phase 1, and equal dates', () => {
    const issues = validateCalendar({
      ...base,
      phase2InvitationAt: base.phase1AnnouncementAt,
      phase2DepositDeadline: parisEndOfDay('2021-06-01').toISOString(),
    });
    expect(issues.map((i) => i.field)).toEqual(['phase2InvitationAt', 'phase2DepositDeadline']);
  });

  it('refuses a deadline before the publication', () => {
    const issues = validateCalendar({ ...base, phase1DepositDeadline: parisEndOfDay('2021-05-01').toISOString() });
    expect(issues.map((i) => i.field)).toEqual(['phase1DepositDeadline']);
  });

  it('refuses a phase 2 announcement before the phase 2 deadline', () => {
    const issues = validateCalendar({ ...base, phase2AnnouncementAt: parisTime('2021-09-30', '12:00').toISOString() });
    expect(issues.map((i) => i.field)).toEqual(['phase2AnnouncementAt']);
  });

  it('knows ISO instants', () => {
    expect(isIsoInstant('2021-06-23T21:59:59Z')).toBe(true);
    expect(isIsoInstant('2021-06-23T23:59:59+02:00')).toBe(true);
    expect(isIsoInstant('2021-06-23')).toBe(false);
    expect(isIsoInstant('2021-06-31T10:00:00Z')).toBe(false);
    expect(isIsoInstant('2021-06-30T24:00:00Z')).toBe(false);
    expect(isIsoInstant('2021-06-30T10:00:00')).toBe(false); // no offset: ambiguous
    expect(isIsoInstant('2021-06-30T10:00:00.123+0200')).toBe(true);
  });
});

describe('parisWeekStart', () => {
  it('is the Monday 00:00 in Paris of the week, across the hour changes and at its edges', () => {
    // Wednesday 1 December 2021, 10:00Z → Monday 29 November 00:00 Paris (winter: 28 Nov 23:00Z)
    expect(parisWeekStart(new Date('2021-12-01T10:00:00Z')).toISOString()).toBe('2021-11-28T23:00:00.000Z');
    // Sunday 23:30 Paris (summer) still belongs to the week that began on Monday 21 June
    expect(parisWeekStart(new Date('2021-06-27T21:30:00Z')).toISOString()).toBe('2021-06-20T22:00:00.000Z');
    // Monday 00:10 Paris is its own week's start day; Sunday 22:10Z in winter is already Monday in Paris
    expect(parisWeekStart(new Date('2021-11-28T23:10:00Z')).toISOString()).toBe('2021-11-28T23:00:00.000Z');
    // the week of the spring change: Monday 22 March 2021 (winter) to Sunday 28 (summer from 02:00)
    expect(parisWeekStart(new Date('2021-03-28T12:00:00Z')).toISOString()).toBe('2021-03-21T23:00:00.000Z');
  });
});
