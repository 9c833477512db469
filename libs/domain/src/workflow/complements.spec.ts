import { COMPLEMENTS_DELAY_DAYS, defaultComplementsDueDay } from './complements';

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
