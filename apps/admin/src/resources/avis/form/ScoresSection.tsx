import { memo, useCallback } from 'react';
import { Box, Paper, Typography } from '@mui/material';
import type { AvisContent, AvisGrid } from '../../../components/avis/types';
import { EntryHelp, LongText, RadioChoice, type ChoiceOption } from '../gridInputs';
import { pick, SectionTitle, type AnswerHorizon, type Edit, type EntryAnswer, type FieldMessages } from './shared';

/**
 * One grid entry: its help (questions, examples, the AMI's criteria), its score, whether the answer is about what is
 * done or what is planned (« Réalisé » / « Prévu ») and its comment. Re-renders only when its data change.
 */
const EntryBlock = memo(function EntryBlock({
  index,
  entry,
  value,
  scoreOptions,
  horizonOptions,
  scoreError,
  horizonError,
  commentError,
  edit,
}: {
  index: number;
  entry: AvisGrid['entries'][number];
  value: EntryAnswer | undefined;
  scoreOptions: ChoiceOption[];
  horizonOptions: ChoiceOption[];
  scoreError?: string;
  horizonError?: string;
  commentError?: string;
  edit: Edit;
}) {
  const code = entry.code;
  const onScore = useCallback(
    (x: string) =>
      edit([`scores.${code}.score`], (c) => ({ ...c, scores: { ...c.scores, [code]: { ...c.scores[code], score: Number(x) } } }), [
        `scores.${code}`,
      ]),
    [code, edit],
  );
  const onHorizon = useCallback(
    (x: string) =>
      edit([`scores.${code}.horizon`], (c) => {
        const answer: EntryAnswer = { ...c.scores[code], horizon: x as AnswerHorizon };
        return { ...c, scores: { ...c.scores, [code]: answer } };
      }),
    [code, edit],
  );
  const onComment = useCallback(
    (x: string) => edit([`scores.${code}.comment`], (c) => ({ ...c, scores: { ...c.scores, [code]: { ...c.scores[code], comment: x } } })),
    [code, edit],
  );
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby={`avis-entry-${code}`}
      data-entry={code}
      sx={{ p: 2, mb: 2, borderLeft: 4, borderLeftColor: scoreError || commentError || horizonError ? 'error.main' : 'primary.main' }}
    >
      <Typography id={`avis-entry-${code}`} component="h3" variant="subtitle1" sx={{ fontWeight: 700, mb: 0.5 }}>
        {index + 1}. {entry.label}
      </Typography>
      <EntryHelp label={entry.label} questions={entry.questions} examples={entry.examples} amiCriteria={entry.amiCriteria ?? []} />
      <RadioChoice
        path={`scores.${code}.score`}
        legend="Note"
        srSuffix={entry.label}
        tiles
        options={scoreOptions}
        value={typeof value?.score === 'number' ? String(value.score) : null}
        onChange={onScore}
        error={scoreError}
      />
      {horizonOptions.length ? (
        <RadioChoice
          path={`scores.${code}.horizon`}
          legend="La réponse porte sur"
          srSuffix={entry.label}
          row
          options={horizonOptions}
          value={value?.horizon ?? null}
          onChange={onHorizon}
          error={horizonError}
        />
      ) : null}
      <LongText
        path={`scores.${code}.comment`}
        label="Commentaire"
        srSuffix={entry.label}
        value={value?.comment}
        onChange={onComment}
        error={commentError}
        minRows={2}
      />
    </Paper>
  );
});

/** « Grille d’analyse »: one block per entry of the served grid. */
export const ScoresSection = ({
  grid,
  scores,
  messages,
  scoreOptions,
  horizonOptions,
  edit,
}: {
  grid: AvisGrid;
  scores: AvisContent['scores'];
  messages: FieldMessages;
  scoreOptions: ChoiceOption[];
  horizonOptions: ChoiceOption[];
  edit: Edit;
}) => {
  const first = grid.scoreScale[0];
  const last = grid.scoreScale[grid.scoreScale.length - 1];
  return (
    <Box component="section" aria-labelledby="avis-grid-title">
      <SectionTitle id="avis-grid-title">Grille d’analyse</SectionTitle>
      <Typography variant="body2" sx={{ mb: 2 }}>
        Pour chaque entrée : une note
        {first && last ? `, de ${first.value} (${first.label.toLowerCase()}) à ${last.value} (${last.label.toLowerCase()})` : ''}, et un
        commentaire. Les questions à se poser, les exemples de la grille et les critères de l’AMI s’affichent sous chaque entrée.
        {horizonOptions.length
          ? ' Selon la maturité du projet, indiquez si votre réponse porte sur ce qui est réalisé ou sur ce qui est prévu.'
          : ''}
      </Typography>
      {grid.entries.map((entry, i) => (
        <EntryBlock
          key={entry.code}
          index={i}
          entry={entry}
          value={scores[entry.code]}
          scoreOptions={scoreOptions}
          horizonOptions={horizonOptions}
          scoreError={pick(messages, `scores.${entry.code}.score`, `scores.${entry.code}`)}
          horizonError={pick(messages, `scores.${entry.code}.horizon`)}
          commentError={pick(messages, `scores.${entry.code}.comment`)}
          edit={edit}
        />
      ))}
    </Box>
  );
};
