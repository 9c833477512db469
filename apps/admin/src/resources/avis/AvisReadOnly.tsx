import { Box, Paper, Stack, Typography } from '@mui/material';
import { RecommendationChip } from '../../components/avis/AvisSynthesisMatrix';
import { scoreColor } from '../../components/avis/scoreColors';
import type { AvisEntryScore, AvisGrid, AvisRecord } from '../../components/avis/types';
import { SrOnly } from '../../components/avis/AvisSynthesisMatrix';
import { labelOf, scoreText } from '../../components/avis/useAvisGrid';

const Score = ({ grid, score }: { grid: AvisGrid; score: number | null | undefined }) => {
  const c = scoreColor(score);
  return (
    <Box
      component="span"
      sx={{ display: 'inline-block', px: 1, py: 0.25, bgcolor: c.bg, color: c.fg, fontWeight: 700, fontSize: '0.875rem' }}
      data-score={score ?? ''}
    >
      {typeof score === 'number' ? scoreText(grid, score) : 'Non noté'}
    </Box>
  );
};

const Text = ({ value }: { value: string | null | undefined }) =>
  value ? (
    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {value}
    </Typography>
  ) : (
    <Typography variant="body2" sx={{ fontStyle: 'italic' }}>
      Non renseigné
    </Typography>
  );

const Title = ({ children }: { children: string }) => (
  <Typography variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1.5, mt: 1 }}>
    {children}
  </Typography>
);

/** An avis shown read-only (rendered, or read by national staff), laid out like the grid it answers. */
export const AvisReadOnly = ({ avis, grid }: { avis: AvisRecord; grid: AvisGrid }) => (
  <Box>
    <Title>Grille d’analyse</Title>
    {grid.entries.map((entry, i) => {
      const v = avis.scores?.[entry.code] as (AvisEntryScore & { horizon?: string | null }) | undefined;
      const horizon = v?.horizon ?? null;
      return (
        <Paper
          key={entry.code}
          variant="outlined"
          component="section"
          aria-labelledby={`avis-ro-${entry.code}`}
          sx={{ p: 2, mb: 1.5 }}
          data-entry={entry.code}
        >
          <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" justifyContent="space-between" sx={{ mb: 0.5 }}>
            <Typography id={`avis-ro-${entry.code}`} component="h3" variant="subtitle1" sx={{ fontWeight: 700 }}>
              {i + 1}. {entry.label}
            </Typography>
            <Stack direction="row" spacing={1} alignItems="center">
              {horizon ? (
                <Box
                  component="span"
                  data-horizon={horizon}
                  sx={{ px: 1, py: 0.25, border: 1, borderColor: 'divider', fontSize: '0.8125rem', fontWeight: 700 }}
                >
                  <SrOnly>Réponse portant sur : </SrOnly>
                  {labelOf(grid.answerHorizons ?? [], horizon) || horizon}
                </Box>
              ) : null}
              <Score grid={grid} score={v?.score} />
            </Stack>
          </Stack>
          <Text value={v?.comment} />
        </Paper>
      );
    })}

    <Paper variant="outlined" component="section" aria-labelledby="avis-ro-maturity" sx={{ p: 2, mb: 1.5 }}>
      <Typography id="avis-ro-maturity" variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Maturité du PTCE
      </Typography>
      <Typography sx={{ mb: 1 }}>
        Niveau : <strong>{labelOf(grid.maturityLevels, avis.maturity?.level) || 'non renseigné'}</strong>
      </Typography>
      <Box
        component="dl"
        sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'minmax(0,1fr) auto' }, columnGap: 2, rowGap: 0.75, m: 0 }}
      >
        {grid.maturityMarkers.map((m) => (
          <Box key={m.code} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2">
              {m.label}
            </Typography>
            <Box component="dd" sx={{ m: 0 }}>
              <Score grid={grid} score={avis.maturity?.markers?.[m.code]} />
            </Box>
          </Box>
        ))}
      </Box>
    </Paper>

    <Paper variant="outlined" component="section" aria-labelledby="avis-ro-typology" sx={{ p: 2, mb: 1.5 }}>
      <Typography id="avis-ro-typology" variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Typologie
      </Typography>
      <Typography sx={{ mb: 0.5 }}>
        Type : <strong>{labelOf(grid.typologies, avis.typology?.type) || 'non renseigné'}</strong>
      </Typography>
      <Typography variant="body2">
        Logiques d’action :{' '}
        {avis.typology?.actionLogics?.length ? avis.typology.actionLogics.map((a) => labelOf(grid.actionLogics, a)).join(' ; ') : 'aucune'}
      </Typography>
    </Paper>

    <Paper variant="outlined" component="section" aria-labelledby="avis-ro-conclusion" sx={{ p: 2, mb: 1.5 }}>
      <Typography id="avis-ro-conclusion" variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Recommandation et synthèse
      </Typography>
      <Box sx={{ mb: 1 }}>
        {avis.recommendation ? (
          <RecommendationChip code={avis.recommendation} grid={grid} />
        ) : (
          <Typography variant="body2">Recommandation non renseignée</Typography>
        )}
      </Box>
      <Text value={avis.synthesis} />
    </Paper>
  </Box>
);
