import { memo } from 'react';
import { Paper, Typography } from '@mui/material';
import type { AvisContent, AvisGrid } from '../../../components/avis/types';
import { RadioChoice, type ChoiceOption } from '../gridInputs';
import { pick, SectionTitle, type Edit, type FieldMessages } from './shared';

/** « Maturité du PTCE »: the level and the six markers (seed 002). */
export const MaturitySection = memo(function MaturitySection({
  grid,
  maturity,
  messages,
  scoreOptions,
  edit,
}: {
  grid: AvisGrid;
  maturity: AvisContent['maturity'];
  messages: FieldMessages;
  scoreOptions: ChoiceOption[];
  edit: Edit;
}) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby="avis-maturity-title" sx={{ p: 2, mb: 2 }}>
      <SectionTitle id="avis-maturity-title">Maturité du PTCE</SectionTitle>
      <RadioChoice
        path="maturity.level"
        legend="Niveau de maturité"
        options={grid.maturityLevels.map((m) => ({ value: m.code, label: m.label, description: m.description }))}
        value={maturity.level}
        onChange={(x) => edit(['maturity.level'], (c) => ({ ...c, maturity: { ...c.maturity, level: x } }), ['maturity'])}
        error={pick(messages, 'maturity.level', 'maturity')}
      />
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 700, mt: 2, mb: 1 }}>
        Marqueurs de maturité
      </Typography>
      {grid.maturityMarkers.map((m) => (
        <RadioChoice
          key={m.code}
          path={`maturity.markers.${m.code}`}
          legend={m.label}
          helperText={m.description}
          tiles
          options={scoreOptions}
          value={typeof maturity.markers[m.code] === 'number' ? String(maturity.markers[m.code]) : null}
          onChange={(x) =>
            edit([`maturity.markers.${m.code}`], (c) => ({
              ...c,
              maturity: { ...c.maturity, markers: { ...c.maturity.markers, [m.code]: Number(x) } },
            }))
          }
          error={pick(messages, `maturity.markers.${m.code}`)}
        />
      ))}
    </Paper>
  );
});
