/** `GET /api/campaigns/:id/stats?phase=N`: the bilan of a campaign's phase, as the server sends it and the UI reads it. */
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
    /** eligible / (eligible + ineligible), 4 decimals; null before any decision. */
    eligibilityRate: number | null;
    laureats: number;
    nonRetenus: number;
    /** Dossiers the reviewers' majority classes "historique" (seed 001: the AMI targets emerging PTCE). */
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
