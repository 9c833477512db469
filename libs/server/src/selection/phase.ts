import { AppError } from '../common/app-error';

export type Phase = 1 | 2;

export function parsePhase(raw: unknown): Phase {
  const p = Number(raw);
  if (raw === undefined || raw === null || raw === '' || (p !== 1 && p !== 2)) {
    throw AppError.validation({ phase: 'La phase vaut 1 ou 2.' });
  }
  return p as Phase;
}

export const arreteColumn = (phase: Phase) => (phase === 1 ? 'phase1_arrete_at' : 'phase2_arrete_at');
export const publishedColumn = (phase: Phase) => (phase === 1 ? 'phase1_published_at' : 'phase2_published_at');
