import { useQuery } from '@tanstack/react-query';
import { useAppDataProvider } from '../../providers/dataProvider';
import type { AvisGrid } from './types';

/**
 * The avis grid as the server serves it (`GET /api/avis-grid?phase=`): entries with their guiding questions and
 * examples, score scale, maturity, typology, recommendations, rules. Everything the avis screens show comes from
 * here, so a change of the grid on the server shows without a new build. Cached for the session.
 */
export function useAvisGrid(phase: 1 | 2 | undefined) {
  const dp = useAppDataProvider();
  return useQuery({
    queryKey: ['avis-grid', phase],
    queryFn: ({ signal }) => dp.call<AvisGrid>('GET', `/avis-grid?phase=${phase}`, undefined, { signal }),
    enabled: phase === 1 || phase === 2,
    staleTime: 60 * 60 * 1000,
  });
}

/** Label of a code in one of the grid's lists (`{code, label}`), the code itself when unknown. */
export function labelOf(list: readonly { code: string; label: string }[] | undefined, code: string | null | undefined): string {
  if (!code) return '';
  return list?.find((x) => x.code === code)?.label ?? code;
}

/** « 3 — Satisfaisant » from the grid's score scale. */
export function scoreText(grid: AvisGrid | undefined, score: number | null | undefined): string {
  if (score === null || score === undefined) return '';
  const label = grid?.scoreScale.find((s) => s.value === score)?.label;
  return label ? `${score} — ${label}` : String(score);
}
