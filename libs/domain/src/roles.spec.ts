import { ASSIGNED_ROLES, REGIONAL_ROLES, ROLES, ROLE_LABELS, STAFF_ROLES, isReviewerRole, isRole } from './roles';

describe('roles', () => {
  it('lists the seven staff roles with French labels', () => {
    expect([...ROLES]).toEqual(['admin', 'instructeur', 'correspondant_ess', 'cress', 'compagnon', 'expert', 'cabinet']);
    expect(STAFF_ROLES).toEqual(ROLES);
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
    expect(ROLE_LABELS.correspondant_ess).toBe('Correspondant ESS de l’État en région');
    expect(ROLE_LABELS.cabinet).toBe('Cabinet du ministre');
  });

  it('splits reviewers into regional and assigned', () => {
    expect([...REGIONAL_ROLES]).toEqual(['correspondant_ess', 'cress']);
    expect([...ASSIGNED_ROLES]).toEqual(['compagnon', 'expert']);
    expect(isReviewerRole('cress')).toBe(true);
    expect(isReviewerRole('instructeur')).toBe(false);
    expect(isRole('system')).toBe(false);
    expect(isRole('cabinet')).toBe(true);
  });
});
