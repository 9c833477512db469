import {
  AVIS_STATUSES,
  AVIS_STATUS_LABELS,
  allowedAvisActions,
  avisTransition,
  conflictsOf,
  dueDate,
  isAvisTransitionError,
  isOpenAvisStatus,
  pickByLoad,
} from './assignment';

const STRUCTURE = '12345678900011';
const SAME_COMPANY_OTHER_SITE = '12345678900029';
const MEMBER = '98765432100017';

describe('conflictsOf', () => {
  const dossier = { structureSiret: STRUCTURE, memberSirets: ['55566677700012', MEMBER] };

  it('detects the structure porteuse itself (same SIRET)', () => {
    expect(conflictsOf({ organisationSiret: STRUCTURE }, dossier)).toEqual({
      with: 'structure',
      match: 'siret',
      identifier: STRUCTURE,
      reason: 'Votre organisation (SIRET 12345678900011) est la structure porteuse du dossier.',
    });
  });

  it('detects another establishment of the same company (same SIREN), also when given with spaces', () => {
    expect(conflictsOf({ organisationSiret: '123 456 789 00029' }, dossier)).toEqual({
      with: 'structure',
      match: 'siren',
      identifier: STRUCTURE,
      reason: 'Votre organisation appartient à la même entreprise (SIREN 123456789) que la structure porteuse du dossier.',
    });
    expect(conflictsOf({ organisationSiret: SAME_COMPANY_OTHER_SITE }, dossier)?.match).toBe('siren');
    // a reviewer organisation known by its SIREN only
    expect(conflictsOf({ organisationSiret: '123456789' }, dossier)?.match).toBe('siren');
  });

  it('detects a declared member organisation, by SIRET then by SIREN', () => {
    expect(conflictsOf({ organisationSiret: MEMBER }, dossier)).toEqual({
      with: 'membre',
      match: 'siret',
      identifier: MEMBER,
      reason: 'Votre organisation (SIRET 98765432100017) est membre déclaré du PTCE.',
    });
    expect(conflictsOf({ organisationSiret: '98765432100025' }, dossier)).toEqual({
      with: 'membre',
      match: 'siren',
      identifier: MEMBER,
      reason: "Votre organisation appartient à la même entreprise (SIREN 987654321) qu'une organisation membre déclarée du PTCE.",
    });
  });

  it('answers null without a match or without usable identifiers', () => {
    expect(conflictsOf({ organisationSiret: '11122233300015' }, dossier)).toBeNull();
    expect(conflictsOf({ organisationSiret: null }, dossier)).toBeNull();
    expect(conflictsOf({}, dossier)).toBeNull();
    expect(conflictsOf({ organisationSiret: '' }, { structureSiret: '' })).toBeNull();
    expect(conflictsOf({ organisationSiret: '1234' }, { structureSiret: '1234' })).toBeNull();
    expect(conflictsOf({ organisationSiret: STRUCTURE }, {})).toBeNull();
    expect(conflictsOf({ organisationSiret: MEMBER }, { structureSiret: null, memberSirets: [null as never, 'abc'] })).toBeNull();
  });
});

describe('pickByLoad', () => {
  const candidates = [
    { id: 'c', openAvisCount: 2, name: 'C' },
    { id: 'a', openAvisCount: 1, name: 'A' },
    { id: 'd', openAvisCount: 0, name: 'D' },
    { id: 'b', openAvisCount: 1, name: 'B' },
    { id: 'e', openAvisCount: 5, name: 'E' },
  ];

  it('picks the least loaded, ties broken by id, keeping the candidate objects', () => {
    expect(pickByLoad(candidates, 3).map((c) => c.id)).toEqual(['d', 'a', 'b']);
    expect(pickByLoad(candidates, 1)[0]).toBe(candidates[2]);
  });

  it('skips excluded candidates', () => {
    expect(pickByLoad(candidates, 3, new Set(['d', 'a'])).map((c) => c.id)).toEqual(['b', 'c', 'e']);
  });

  it('answers fewer when there are not enough, none for n <= 0, and does not mutate its input', () => {
    const before = candidates.map((c) => c.id);
    expect(pickByLoad(candidates, 10)).toHaveLength(5);
    expect(pickByLoad(candidates, 0)).toEqual([]);
    expect(pickByLoad(candidates, -2)).toEqual([]);
    expect(pickByLoad([], 2)).toEqual([]);
    expect(candidates.map((c) => c.id)).toEqual(before);
  });

  it('is deterministic whatever the input order', () => {
    const reversed = [...candidates].reverse();
    expect(pickByLoad(reversed, 4).map((c) => c.id)).toEqual(pickByLoad(candidates, 4).map((c) => c.id));
  });
});

describe('dueDate (end of the Paris day, delayDays calendar days later)', () => {
  it.each([
    ['summer time', '2021-06-10T13:00:00Z', 15, '2021-06-25T21:59:59.000Z'],
    ['winter time', '2021-01-05T09:00:00Z', 7, '2021-01-12T22:59:59.000Z'],
    ['across the October change', '2021-10-20T10:00:00Z', 11, '2021-10-31T22:59:59.000Z'],
    ['across the March change', '2021-03-20T12:00:00Z', 10, '2021-03-30T21:59:59.000Z'],
    ['late UTC evening already next day in Paris', '2021-06-10T22:30:00Z', 0, '2021-06-11T21:59:59.000Z'],
    ['across a month end', '2021-06-23T08:00:00Z', 10, '2021-07-03T21:59:59.000Z'],
  ])('%s', (_name, assigned, days, expected) => {
    expect(dueDate(new Date(assigned), days).toISOString()).toBe(expected);
  });

  it('rejects an invalid date or delay', () => {
    expect(() => dueDate(new Date('nope'), 3)).toThrow(RangeError);
    expect(() => dueDate(new Date(), -1)).toThrow(RangeError);
    expect(() => dueDate(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('avis statuses and transitions', () => {
  it('labels the six statuses in French', () => {
    expect(AVIS_STATUSES.map((s) => s.code)).toEqual(['a_rediger', 'brouillon', 'rendu', 'decline', 'conflit', 'annule']);
    expect(AVIS_STATUS_LABELS).toEqual({
      a_rediger: 'À rédiger',
      brouillon: 'Brouillon',
      rendu: 'Rendu',
      decline: 'Décliné',
      conflit: "Conflit d'intérêts déclaré",
      annule: 'Annulé',
    });
    expect(['a_rediger', 'brouillon', 'rendu', 'decline', 'conflit', 'annule'].map(isOpenAvisStatus)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it.each([
    ['a_rediger', 'save', 'brouillon'],
    ['brouillon', 'save', 'brouillon'],
    ['a_rediger', 'submit', 'rendu'],
    ['brouillon', 'submit', 'rendu'],
    ['a_rediger', 'decline', 'decline'],
    ['brouillon', 'decline', 'decline'],
    ['a_rediger', 'conflict', 'conflit'],
    ['brouillon', 'conflict', 'conflit'],
    ['rendu', 'reopen', 'brouillon'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(avisTransition(from, action)).toBe(to);
  });

  it.each([
    ['rendu', 'save'],
    ['rendu', 'submit'],
    ['rendu', 'decline'],
    ['rendu', 'conflict'],
    ['a_rediger', 'reopen'],
    ['brouillon', 'reopen'],
    ['decline', 'save'],
    ['decline', 'reopen'],
    ['conflit', 'submit'],
    ['conflit', 'reopen'],
  ])('refuses %s --%s-->', (from, action) => {
    const r = avisTransition(from, action);
    expect(isAvisTransitionError(r)).toBe(true);
  });

  it('explains a refusal in French', () => {
    expect(avisTransition('rendu', 'submit')).toEqual({
      code: 'AVIS_NOT_ALLOWED',
      message: "Action « rendre l'avis » impossible : l'avis est au statut « Rendu ».",
    });
    expect(avisTransition('conflit', 'save')).toEqual({
      code: 'AVIS_NOT_ALLOWED',
      message: "Action « enregistrer le brouillon » impossible : l'avis est au statut « Conflit d'intérêts déclaré ».",
    });
    expect(avisTransition('perdu', 'save')).toEqual({ code: 'AVIS_NOT_ALLOWED', message: "Statut d'avis inconnu « perdu »." });
    expect(avisTransition('brouillon', 'publish')).toEqual({
      code: 'AVIS_NOT_ALLOWED',
      message: 'Action inconnue « publish » sur un avis.',
    });
    expect(isAvisTransitionError('rendu')).toBe(false);
  });

  it('lists the allowed actions per status', () => {
    expect(allowedAvisActions('a_rediger')).toEqual(['save', 'submit', 'decline', 'conflict']);
    expect(allowedAvisActions('brouillon')).toEqual(['save', 'submit', 'decline', 'conflict']);
    expect(allowedAvisActions('rendu')).toEqual(['reopen']);
    expect(allowedAvisActions('decline')).toEqual([]);
    expect(allowedAvisActions('conflit')).toEqual([]);
  });
});
