import { CALENDAR_2021, makeSiret } from '@ptce/domain';
import type { TestApp } from './test-app';

let seq = 0;

export async function createCampaign(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO campaign (name, published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline, phase2_announcement_at, envelope_cents, avis_delay_days)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
    [
      overrides.name ?? `Campagne test ${++seq}`,
      CALENDAR_2021.publishedAt,
      overrides.phase1DepositDeadline ?? CALENDAR_2021.phase1DepositDeadline,
      CALENDAR_2021.phase1AnnouncementAt,
      CALENDAR_2021.phase2InvitationAt,
      CALENDAR_2021.phase2DepositDeadline,
      CALENDAR_2021.phase2AnnouncementAt,
      overrides.envelopeCents ?? 100_000_000,
      overrides.avisDelayDays ?? 21,
    ],
  );
  return row.id;
}

export const GOOD_SECTIONS = {
  descriptionStructure: 'Association créée en 2012, elle fédère une trentaine de structures de l’ESS du pays de Morlaix.',
  objectifs: 'Développer une filière locale de réemploi et créer des emplois durables pour les personnes éloignées de l’emploi.',
  acteurs: 'Trois associations d’insertion, deux SCOP, la communauté de communes, un lycée professionnel et l’université.',
  gouvernance:
    'La gouvernance est démocratique : une assemblée générale annuelle réunit tous les membres, répartis en quatre collèges (ESS, entreprises, collectivités, recherche et formation). Le conseil d’administration est élu par l’assemblée ; chaque collège dispose d’un vote pondéré et les décisions sont prises au consensus.',
  perimetre: 'Pays de Morlaix, territoire rural comprenant deux quartiers prioritaires.',
  financement: 'Budget annuel de 180 000 € : subventions (45 %), prestations (35 %), cotisations des membres (20 %).',
  actions: 'Court terme : recyclerie partagée. Moyen terme : atelier de réparation. Long terme : essaimage.',
  indicateurs: 'Nombre d’emplois créés, tonnes de déchets évitées, nombre de membres actifs.',
  impact: 'Quinze emplois créés en trois ans, dont huit en insertion ; 200 tonnes de déchets évitées par an.',
};

export function dossierBody(campaignId: string, overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    campaignId,
    phase: 1,
    projectName: `Pôle coopératif ${seq}`,
    region: '53',
    structure: {
      siret: makeSiret(String(10000000 + seq).slice(0, 8), '0001'),
      name: `Association Pôle ${seq}`,
      legalFormCode: '9220',
      esus: false,
    },
    referent: { name: 'Jeanne Exemple', email: `referent${seq}@example.org`, phone: '01 23 45 67 89' },
    sections: GOOD_SECTIONS,
    attachments: [{ kind: 'statuts', filename: 'statuts.pdf', contentType: 'application/pdf', byteSize: 1234 }],
    depositedAt: '2021-06-20T10:00:00+02:00',
    ...overrides,
  };
}

export async function createDossier(t: TestApp, auth: string, campaignId: string, overrides: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/dossiers').set('Authorization', auth).send(dossierBody(campaignId, overrides));
  if (res.status !== 201) throw new Error(`createDossier: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function transition(
  t: TestApp,
  auth: string,
  id: string,
  action: string,
  version: number,
  extra: Record<string, unknown> = {},
) {
  return t
    .http()
    .post(`/api/dossiers/${id}/transitions`)
    .set('Authorization', auth)
    .send({ action, expectedVersion: version, ...extra });
}
