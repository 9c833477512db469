import { Box, Button, Stack, Typography } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import SaveIcon from '@mui/icons-material/Save';
import type { SaveState } from '../useAvisDraft';

const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
const hhmm = (iso: string) => timeFormat.format(new Date(iso));

/** Text of the autosave status (read out politely by screen readers). */
function saveText(s: SaveState): string {
  switch (s.kind) {
    case 'idle':
      return 'Vos modifications sont enregistrées automatiquement.';
    case 'dirty':
      return 'Modifications en attente d’enregistrement…';
    case 'saving':
      return 'Enregistrement du brouillon…';
    case 'saved':
      return `Brouillon enregistré à ${hhmm(s.at)}`;
    case 'error':
      return `Le brouillon n’a pas été enregistré : ${s.failure.message}`;
    case 'conflict':
      return 'Brouillon non enregistré : l’avis a été modifié entre-temps.';
  }
}

/**
 * The action bar: the autosave status (live region) and « Enregistrer le brouillon » / « Rendre l’avis », each shown
 * when the server offers the action.
 */
export const FormToolbar = ({
  state,
  busy,
  canSave,
  canSubmit,
  onSave,
  onSubmit,
}: {
  state: SaveState;
  busy: boolean;
  canSave: boolean;
  canSubmit: boolean;
  onSave: () => void;
  onSubmit: () => void;
}) => {
  const conflict = state.kind === 'conflict';
  return (
    <>
      {/* Action bar: stays at the bottom of the window while the form scrolls. */}
      <Box
        sx={{
          position: 'sticky',
          bottom: 0,
          zIndex: 2,
          bgcolor: 'background.paper',
          borderTop: 2,
          borderColor: 'primary.main',
          boxShadow: '0 -4px 12px rgba(0,0,0,0.08)',
          px: 2,
          py: 1.25,
          // on a phone, one-handed: the buttons take the full width at thumb height, 48 px tall
          '& .MuiButton-root': { minHeight: { xs: 48, md: 'auto' }, flex: { xs: '1 1 0', md: '0 0 auto' } },
          '& .avis-actions': { width: { xs: '100%', md: 'auto' } },
        }}
      >
        <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" justifyContent="space-between">
          <Typography
            role="status"
            aria-live="polite"
            variant="body2"
            data-testid="autosave-status"
            data-state={state.kind}
            sx={{
              flex: '1 1 260px',
              fontWeight: 700,
              color: state.kind === 'error' || conflict ? 'error.main' : state.kind === 'saved' ? 'success.main' : 'text.secondary',
            }}
          >
            {saveText(state)}
          </Typography>
          <Stack
            className="avis-actions"
            direction="row"
            spacing={1}
            useFlexGap
            flexWrap="wrap"
            justifyContent="flex-end"
            sx={{ flex: '0 0 auto', ml: 'auto' }}
          >
            {canSave ? (
              <Button variant="outlined" startIcon={<SaveIcon />} onClick={onSave} disabled={busy || conflict || state.kind === 'saving'}>
                Enregistrer le brouillon
              </Button>
            ) : null}
            {canSubmit ? (
              <Button variant="contained" startIcon={<SendIcon />} onClick={onSubmit} disabled={busy || conflict}>
                Rendre l’avis
              </Button>
            ) : null}
          </Stack>
        </Stack>
      </Box>
    </>
  );
};
