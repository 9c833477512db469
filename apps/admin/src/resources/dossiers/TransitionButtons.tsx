import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useRecordContext } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../../components/apiErrors';
import { TransitionDialog } from './TransitionDialog';
import type { AllowedTransitions, DossierRecord } from './types';

/** Actions that move the dossier forward: drawn as the main buttons (presentation only). */
const PRIMARY = new Set(['ouvrir_instruction', 'declarer_eligible', 'enregistrer_complements', 'marquer_instruit', 'retenir']);

/** Query key of the allowed actions; includes the version so that any change of the dossier asks again. */
export const transitionsKey = (id: string, version: number | undefined) => ['dossiers', id, 'transitions', version];

/**
 * One button per action the SERVER allows now (GET /api/dossiers/:id/transitions): the browser never decides
 * what is possible. Each opens a dialog asking for the fields the action requires, then waits for the server.
 */
export const TransitionButtons = () => {
  const record = useRecordContext<DossierRecord>();
  const dp = useAppDataProvider();
  const [open, setOpen] = useState<AllowedTransitions['actions'][number] | null>(null);
  const { data, isPending, error, isPlaceholderData } = useQuery({
    queryKey: transitionsKey(String(record?.id), record?.version),
    queryFn: ({ signal }) => dp.call<AllowedTransitions>('GET', `/dossiers/${record!.id}/transitions`, undefined, { signal }),
    enabled: !!record,
    // the dossier changed: the old buttons stay visible but disabled until the server says what is allowed now
    placeholderData: (previous) => previous,
  });
  if (!record) return null;

  return (
    <Box component="section" aria-labelledby="dossier-actions-title" sx={{ mt: 2 }}>
      <Typography id="dossier-actions-title" variant="subtitle1" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Actions
      </Typography>
      {isPending ? (
        <Stack direction="row" spacing={1} alignItems="center" role="status">
          <CircularProgress size={18} aria-hidden="true" />
          <Typography variant="body2">Chargement des actions possibles…</Typography>
        </Stack>
      ) : error ? (
        <Alert severity="error">{apiFailure(error).message}</Alert>
      ) : data.actions.length === 0 ? (
        <Typography variant="body2" sx={{ fontStyle: 'italic' }}>
          Aucune action ne vous est ouverte sur ce dossier à ce stade.
        </Typography>
      ) : (
        <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
          {data.actions.map((a) => (
            <Button
              key={a.action}
              variant={PRIMARY.has(a.action) ? 'contained' : 'outlined'}
              onClick={() => setOpen(a)}
              disabled={isPlaceholderData}
              data-action={a.action}
              aria-haspopup="dialog"
            >
              {a.label}
            </Button>
          ))}
        </Stack>
      )}
      {open ? <TransitionDialog record={record} action={open} onClose={() => setOpen(null)} /> : null}
    </Box>
  );
};
