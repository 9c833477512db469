import { memo } from 'react';
import { Paper } from '@mui/material';
import type { AvisContent, AvisGrid } from '../../../components/avis/types';
import { CheckboxChoice, RadioChoice } from '../gridInputs';
import { pick, SectionTitle, type Edit, type FieldMessages } from './shared';

/** « Typologie »: the type of PTCE and its action logics (seed 002). */
export const TypologySection = memo(function TypologySection({
  grid,
  typology,
  messages,
  edit,
}: {
  grid: AvisGrid;
  typology: AvisContent['typology'];
  messages: FieldMessages;
  edit: Edit;
}) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby="avis-typology-title" sx={{ p: 2, mb: 2 }}>
      <SectionTitle id="avis-typology-title">Typologie</SectionTitle>
      <RadioChoice
        path="typology.type"
        legend="Type de PTCE"
        options={grid.typologies.map((t) => ({ value: t.code, label: t.label, description: t.description }))}
        value={typology.type}
        onChange={(x) => edit(['typology.type'], (c) => ({ ...c, typology: { ...c.typology, type: x } }), ['typology'])}
        error={pick(messages, 'typology.type', 'typology')}
      />
      <CheckboxChoice
        path="typology.actionLogics"
        legend={grid.actionLogicsCumulative ? 'Logiques d’action (plusieurs choix possibles)' : 'Logiques d’action'}
        options={grid.actionLogics.map((a) => ({ value: a.code, label: a.label, description: a.description }))}
        value={typology.actionLogics}
        onChange={(x) => edit(['typology.actionLogics'], (c) => ({ ...c, typology: { ...c.typology, actionLogics: x } }))}
        error={Object.entries(messages).find(([k]) => k.startsWith('typology.actionLogics'))?.[1]}
      />
    </Paper>
  );
});
