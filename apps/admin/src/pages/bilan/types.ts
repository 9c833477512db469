/** GET /api/campaigns/:id/stats?phase=N: the contract is in the domain lib, shared with the server. */
export type { CampaignStats, CountRow } from '@ptce/domain/contracts/stats';

export const CHARACTERISATION_TITLES: Record<string, string> = {
  stage: 'État d’avancement',
  sector: 'Secteur d’activité',
  activityNature: 'Nature d’activité',
  servicesMobilises: 'Services mobilisés',
  setting: 'Implantation',
  perimeter: 'Périmètre d’intervention',
  fragileTerritory: 'Territoire',
  localAuthorities: 'Collectivités impliquées',
  memberKinds: 'Qualité des structures impliquées',
};
