import { memo } from 'react';
import { Paper } from '@mui/material';
import type { AvisGrid } from '../../../components/avis/types';
import { LongText, RadioChoice } from '../gridInputs';
import { plural } from '../../../components/frenchFormat';
import { SectionTitle, type Edit } from './shared';

/** « Recommandation et synthèse »: the recommendation and the synthesis (its length rules as served by the grid). */
export const RecommendationSection = memo(function ConclusionSection({
  grid,
  recommendation,
  synthesis,
  recommendationError,
  synthesisError,
  edit,
}: {
  grid: AvisGrid;
  recommendation: string | null;
  synthesis: string | null;
  recommendationError?: string;
  synthesisError?: string;
  edit: Edit;
}) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby="avis-conclusion-title" sx={{ p: 2, mb: 2 }}>
      <SectionTitle id="avis-conclusion-title">Recommandation et synthèse</SectionTitle>
      <RadioChoice
        path="recommendation"
        legend="Recommandation"
        row
        options={grid.recommendations.map((r) => ({ value: r.code, label: r.label }))}
        value={recommendation}
        onChange={(x) => edit(['recommendation'], (c) => ({ ...c, recommendation: x }))}
        error={recommendationError}
      />
      <LongText
        path="synthesis"
        label="Synthèse de l’avis"
        value={synthesis}
        onChange={(x) => edit(['synthesis'], (c) => ({ ...c, synthesis: x }))}
        error={synthesisError}
        helperText={`${plural((synthesis ?? '').trim().length, 'caractère')} (${grid.rules.synthesisMinLength} au moins, ${grid.rules.synthesisMaxLength} au plus).`}
        minRows={5}
      />
    </Paper>
  );
});
