import { makeSiret, REGIONS, type Role } from '@ptce/domain';

export interface DemoUser {
  email: string;
  fullName: string;
  roles: Role[];
  regions: string[];
  organisationSiret: string | null;
}

export const DEMO_PASSWORD = 'demo';

// Every region gets its regional reviewers (issue 15), so that every demo dossier can become instruit.
export const DEMO_REVIEWER_REGIONS: string[] = REGIONS.map((r) => r.code);

/**
 * The PTCE Compagnons: experienced ("historique") PTCE that mentor emerging ones (seed 001 presents the collective;
 * DOMAIN.md). Taken from seed 004's pôles témoins (Annexe 1), the reference poles of 2013; the person is fictitious,
 * the organisation SIRET fictitious but valid (the conflict detection compares it with the dossiers').
 */
export const DEMO_COMPAGNONS: { pole: string; region: string; first: string; last: string }[] = [
  { pole: 'Pôle Sud Archer', region: '84', first: 'Camille', last: 'Compagnon' },
  { pole: 'Les Ecosolies', region: '52', first: 'Dominique', last: 'Compagnonne' },
  { pole: 'Initiatives et Cité', region: '32', first: 'Jordan', last: 'Lefèvre' },
  { pole: 'Eoliennes en Pays de Vilaine', region: '53', first: 'Maëlle', last: 'Guégan' },
  { pole: 'Ecopôle – Les Ateliers', region: '76', first: 'Sacha', last: 'Bories' },
  { pole: 'Culture & coopération', region: '84', first: 'Noé', last: 'Perrin' },
];

const regionName = (code: string) => REGIONS.find((r) => r.code === code)?.name ?? code;

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
  ];
  DEMO_COMPAGNONS.forEach((c, i) =>
    users.push({
      email: i === 0 ? 'compagnon@demo.example.org' : `compagnon.${i + 1}@demo.example.org`,
      fullName: `${c.first} ${c.last} (${c.pole})`,
      roles: ['compagnon'],
      regions: [],
      organisationSiret: makeSiret(String(77_100_000 + i * 7), '0001'),
    }),
  );
  for (const r of DEMO_REVIEWER_REGIONS) {
    users.push(
      {
        email: `correspondant_ess.${r}@demo.example.org`,
        fullName: `Correspondant ESS ${regionName(r)}`,
        roles: ['correspondant_ess'],
        regions: [r],
        organisationSiret: null,
      },
      { email: `cress.${r}@demo.example.org`, fullName: `CRESS ${regionName(r)}`, roles: ['cress'], regions: [r], organisationSiret: null },
      {
        email: `expert.${r}@demo.example.org`,
        fullName: `Expert ${regionName(r)}`,
        roles: ['expert'],
        regions: [r],
        organisationSiret: null,
      },
    );
  }
  return users;
}
