import { COMPLEMENTS_DELAY_DAYS, defaultComplementsDueDay, withDefaultComplementsDueAt } from './complements';

describe('the default due date of a complements request (issue 14)', () => {
  it('is 15 Paris days later, across months, years and the clock change', () => {
    expect(COMPLEMENTS_DELAY_DAYS).toBe(15);
    expect(defaultComplementsDueDay(new Date('2021-06-20T10:00:00Z'))).toBe('2021-07-05');
    expect(defaultComplementsDueDay(new Date('2021-12-25T12:00:00Z'))).toBe('2022-01-09');
    expect(defaultComplementsDueDay(new Date('2021-03-20T12:00:00Z'))).toBe('2021-04-04');
  });

  it('counts from the Paris day, not the UTC one (23:30 UTC on 30 June is already 1 July in Paris)', () => {
    expect(defaultComplementsDueDay(new Date('2021-06-30T23:30:00Z'))).toBe('2021-07-16');
    expect(defaultComplementsDueDay(new Date('2021-06-30T23:30:00Z'), 0)).toBe('2021-07-01');
  });
});

describe('a complements request without a due date (issue 14, server side)', () => {
  const now = new Date('2021-06-30T23:30:00Z'); // 1 July in Paris
  it('gets the campaign’s delay from the Paris day when absent, null or blank', () => {
    expect(withDefaultComplementsDueAt({ message: 'Statuts' }, now, 10)).toEqual({ message: 'Statuts', dueAt: '2021-07-11' });
    expect(withDefaultComplementsDueAt(null, now, 10)).toEqual({ dueAt: '2021-07-11' });
    expect(withDefaultComplementsDueAt({ dueAt: null }, now, 3).dueAt).toBe('2021-07-04');
    expect(withDefaultComplementsDueAt({ dueAt: '  ' }, now, 3).dueAt).toBe('2021-07-04');
  });

  it('keeps a given due date, valid or not (the engine checks it)', () => {
    expect(withDefaultComplementsDueAt({ dueAt: '2031-01-02' }, now, 10).dueAt).toBe('2031-01-02');
    expect(withDefaultComplementsDueAt({ dueAt: 42 }, now, 10).dueAt).toBe(42);
  });
});
