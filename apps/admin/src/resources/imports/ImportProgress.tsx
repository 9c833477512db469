import { Box, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { isActive, STATUS_COLORS, STATUS_LABELS, type ImportRecord, type ImportStatus } from './types';

export const StatusChip = ({ status }: { status: ImportStatus }) => (
  <Chip size="small" label={STATUS_LABELS[status] ?? status} color={STATUS_COLORS[status] ?? 'default'} />
);

/**
 * The live progress of a run: determinate when the number of dossiers is known (a file, or a finished run),
 * otherwise a moving bar with the count so far (DS does not tell the total before the last page).
 */
export const ImportProgress = ({ record }: { record: ImportRecord }) => {
  const active = isActive(record);
  const total = record.total ?? (active ? null : record.processed);
  const percent = total ? Math.min(100, Math.round((record.processed / total) * 100)) : record.status === 'done' ? 100 : 0;
  let text: string;
  if (record.status === 'queued') text = 'En attente d’un processus de traitement…';
  else if (record.status === 'running')
    text = total
      ? `${record.processed} dossier(s) traité(s) sur ${total}`
      : `${record.processed} dossier(s) traité(s)${record.kind === 'ds' ? ` — ${record.pagesDone} page(s) de 100 lue(s)` : ''}`;
  else if (record.status === 'done') text = `Terminé : ${record.processed} dossier(s) traité(s)`;
  else if (record.status === 'cancelled') text = `Annulé après ${record.processed} dossier(s) : ceux-ci restent importés`;
  else text = `Interrompu après ${record.processed} dossier(s)`;

  return (
    <Box>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        <StatusChip status={record.status} />
        <Typography id={`import-progress-${record.id}`} aria-live="polite">
          {text}
        </Typography>
      </Stack>
      <LinearProgress
        aria-labelledby={`import-progress-${record.id}`}
        variant={active && !total ? 'indeterminate' : 'determinate'}
        value={record.status === 'queued' ? 0 : percent}
        color={record.status === 'failed' ? 'error' : record.status === 'done' ? 'success' : 'primary'}
        sx={{ height: 10, borderRadius: 1 }}
      />
    </Box>
  );
};
