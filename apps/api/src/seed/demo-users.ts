import type { Role } from '@ptce/domain';

export interface DemoUser {
  email: string;
  fullName: string;
  roles: Role[];
  regions: string[];
  organisationSiret: string | null;
}

export const DEMO_PASSWORD = 'demo';

// Regions that get demo reviewers: enough to show region scoping (53 Bretagne, 32 Hauts-de-France, ...).
export const DEMO_REVIEWER_REGIONS = ['53', '32', '11', '84', '75', '76'];

/** One account per role (regional ones per region), e-mails `<role>[.<region>]@demo.example.org`, password `demo`. */
export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { email: 'admin@demo.example.org', fullName: 'Alice Administratrice', roles: ['admin'], regions: [], organisationSiret: null },
    {
      email: 'instructeur@demo.example.org',
      fullName: 'Isabelle Instructrice',
      roles: ['instructeur'],
      regions: [],
      organisationSiret: null,
    },
    { email: 'cabinet@demo.example.org', fullName: 'Claude Cabinet', roles: ['cabinet'], regions: [], organisationSiret: null },
    { email: 'compagnon@demo.example.org', fullName: 'Camille Compagnon', roles: ['compagnon'], regions: [], organisationSiret: null },
    {
      email: 'compagnon.2@demo.example.org',
      fullName: 'Dominique Compagnonne',
      roles: ['compagnon'],
      regions: [],
      organisationSiret: null,
    },
  ];
  for (const r of DEMO_REVIEWER_REGIONS) {
    users.push(
      {
        email: `correspondant_ess.${r}@demo.example.org`,
        fullName: `Correspondant ESS région ${r}`,
        roles: ['correspondant_ess'],
        regions: [r],
        organisationSiret: null,
      },
      { email: `cress.${r}@demo.example.org`, fullName: `CRESS région ${r}`, roles: ['cress'], regions: [r], organisationSiret: null },
      { email: `expert.${r}@demo.example.org`, fullName: `Expert région ${r}`, roles: ['expert'], regions: [r], organisationSiret: null },
    );
  }
  return users;
}
