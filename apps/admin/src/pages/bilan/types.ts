/** GET /api/campaigns/:id/stats?phase=N (apps/api/src/stats/stats.service.ts). */
export interface CountRow {
  code: string;
  label: string;
  dossiers: number;
  laureats: number;
}

export interface CampaignStats {
  campaignId: string;
  campaignName: string;
  phase: 1 | 2;
  generatedAt: string;
  totals: {
    dossiers: number;
    lateDeposits: number;
    eligible: number;
    ineligible: number;
    eligibilityPending: number;
    eligibilityRate: number | null;
    laureats: number;
    nonRetenus: number;
    historique: number;
  };
  byState: { state: string; label: string; count: number }[];
  byRegion: {
    region: string;
    regionLabel: string;
    dossiers: number;
    eligible: number;
    laureats: number;
    amountRequestedCents: number;
    amountDecidedCents: number;
  }[];
  byLegalCategory: CountRow[];
  byMaturity: CountRow[];
  byTypology: CountRow[];
  characterisation: Record<string, CountRow[]>;
  memberKinds: CountRow[];
  avisTurnaround: {
    overall: { rendered: number; medianDays: number | null };
    byRole: { role: string; label: string; rendered: number; medianDays: number | null }[];
    byRegion: { region: string; regionLabel: string; rendered: number; medianDays: number | null }[];
  };
  money: { envelopeCents: number; requestedCents: number; decidedCents: number; leftCents: number };
}

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
