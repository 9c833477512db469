import { Button, Stack, Typography } from '@mui/material';

/** « Vous ne pouvez pas rédiger cet avis ? »: « Décliner » and « Déclarer un conflit d’intérêts », when offered. */
export const ReleaseBar = ({
  canDecline,
  canConflict,
  busy,
  onOpen,
}: {
  canDecline: boolean;
  canConflict: boolean;
  busy: boolean;
  onOpen: (kind: 'decline' | 'conflict') => void;
}) =>
  canDecline || canConflict ? (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      flexWrap="wrap"
      alignItems="center"
      sx={{ mb: 2, p: 1.5, bgcolor: 'background.paper', border: 1, borderColor: 'divider' }}
    >
      <Typography variant="body2" sx={{ mr: 1 }}>
        Vous ne pouvez pas rédiger cet avis ?
      </Typography>
      {canDecline ? (
        <Button size="small" variant="outlined" onClick={() => onOpen('decline')} disabled={busy}>
          Décliner
        </Button>
      ) : null}
      {canConflict ? (
        <Button size="small" variant="outlined" color="error" onClick={() => onOpen('conflict')} disabled={busy}>
          Déclarer un conflit d’intérêts
        </Button>
      ) : null}
    </Stack>
  ) : null;
