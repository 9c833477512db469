/** Shapes of the selection endpoints (contract shared with the selection backend). Money in euro cents. */
export type Outcome = 'laureat' | 'non_retenu';

export interface SelectionItem {
  /** the dossier's id */
  id: string;
  rank: number;
  projectName: string;
  structureName: string;
  region: string;
  state: string;
  version: number;
  maturity: string | null;
  typology: string | null;
  meanScore: number | null;
  /** counts by recommendation code (the contract names `favorable_avec_reserves`; the avis grid `favorable_reserves`) */
  recommendations: Partial<Record<'favorable' | 'favorable_avec_reserves' | 'favorable_reserves' | 'defavorable', number>>;
  divergent: boolean;
  avisRendered: number;
  amountRequestedCents: number | null;
  decision: { outcome: Outcome; motif: string | null; amountCents: number | null } | null;
}

/** `GET /api/campaigns/:id/phases/:phase/selection` */
export interface SelectionBoardData {
  campaignId: string;
  phase: 1 | 2;
  arreteAt: string | null;
  publishedAt: string | null;
  envelopeCents: number | null;
  envelopeUsedCents: number | null;
  envelopeLeftCents: number | null;
  totals: { laureat: number; non_retenu: number; undecided: number };
  byRegion: { region: string; dossiers: number; laureats: number; amountCents: number | null }[];
  undecided: string[];
  items: SelectionItem[];
}

export interface DecisionItem {
  dossierId: string;
  decision: Outcome;
  motif?: string;
  amountCents?: number;
  expectedVersion?: number;
}

export const OUTCOME_LABELS: Record<Outcome, string> = { laureat: 'Lauréat', non_retenu: 'Non retenu' };

/** Roles offered each action (UI comfort only: the API checks every call). */
export const DECIDER_ROLES = ['cabinet'];
export const INVITER_ROLES = ['instructeur', 'admin'];
export const REOPEN_ROLES = ['admin'];
export const SELECTION_ROLES = ['cabinet', 'instructeur', 'admin'];

export const favorableWithReserves = (r: SelectionItem['recommendations']): number =>
  r?.favorable_avec_reserves ?? r?.favorable_reserves ?? 0;
