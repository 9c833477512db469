import { useState } from 'react';
import { Alert, Box, Button, Link, Stack, TextField, Typography } from '@mui/material';
import GavelIcon from '@mui/icons-material/Gavel';
import PublicIcon from '@mui/icons-material/Public';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { DownloadButton } from '../../components/DownloadButton';
import { ExportJobButton } from '../../components/exports/ExportJobButton';
import { ParisDate } from '../../components/ParisDateField';
import { hasRole, useBoard } from './BoardContext';
import { boardFailure, type BoardFailure } from './failures';
import { FailureAlert } from './FailureAlert';
import { ConfirmDialog } from './ConfirmDialog';
import { DECIDER_ROLES, REOPEN_ROLES } from './types';

export const publicPageUrl = (campaignId: string, phase: number) => `/public/campaigns/${campaignId}/laureats?phase=${phase}`;

/**
 * The phase's lock and publication: « Arrêter la sélection » (confirmation; the server's SELECTION_INCOMPLETE lists
 * the undecided dossiers, each one a link to its row), the arrêté's annex (PDF), « Publier la liste des lauréats »,
 * the link to the public page, and for admins the audited re-opening with a motif. Every button waits for the server.
 */
export const SelectionActions = ({ focusRow }: { focusRow: (id: string) => void }) => {
  const { campaignId, phase, board, reload, roles } = useBoard();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<null | 'arret' | 'publication' | 'reopen'>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<BoardFailure | null>(null);
  const [motif, setMotif] = useState('');
  const decides = hasRole(roles, DECIDER_ROLES);
  const reopens = hasRole(roles, REOPEN_ROLES);
  const base = `/campaigns/${campaignId}/phases/${phase}`;

  const run = async (kind: 'arret' | 'publication' | 'reopen') => {
    setBusy(true);
    setFailure(null);
    try {
      if (kind === 'arret') {
        await dp.call('POST', `${base}/arret`);
        notify(`La sélection de la phase ${phase} est arrêtée.`, { type: 'success' });
      } else if (kind === 'publication') {
        await dp.call('POST', `${base}/publication`);
        notify('La liste des lauréats est publiée.', { type: 'success' });
      } else {
        await dp.call('POST', `${base}/arret/reopen`, { motif: motif.trim() });
        notify(`La sélection de la phase ${phase} est rouverte.`, { type: 'success' });
        setMotif('');
      }
      setDialog(null);
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      await reload();
    } catch (e) {
      setDialog(null);
      setFailure(boardFailure(e, [], undefined));
      await reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="section" aria-labelledby="selection-status-title" sx={{ mb: 2 }}>
      <Typography id="selection-status-title" component="h2" variant="h6" sx={{ fontWeight: 700, mb: 1 }}>
        Arrêt et publication
      </Typography>
      <Typography sx={{ mb: 1 }} data-testid="selection-status">
        {board.arreteAt ? (
          <>
            Sélection arrêtée le <ParisDate value={board.arreteAt} />.{' '}
            {board.publishedAt ? (
              <>
                Liste publiée le <ParisDate value={board.publishedAt} />.
              </>
            ) : (
              'Liste non publiée.'
            )}
          </>
        ) : (
          'Sélection non arrêtée : les décisions sont provisoires et aucun courriel de décision ne part.'
        )}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center">
        {decides && !board.arreteAt ? (
          <Button variant="contained" startIcon={<GavelIcon />} onClick={() => setDialog('arret')}>
            Arrêter la sélection
          </Button>
        ) : null}
        {decides && board.arreteAt && !board.publishedAt ? (
          <Button variant="contained" startIcon={<PublicIcon />} onClick={() => setDialog('publication')}>
            Publier la liste des lauréats
          </Button>
        ) : null}
        <ExportJobButton request={{ kind: 'seance', campaignId, phase }} label="Dossier de séance (PDF)" />
        {board.arreteAt ? (
          <DownloadButton
            path={`/api${base}/laureats.pdf`}
            filename={`laureats-phase-${phase}.pdf`}
            label="Liste des lauréats (annexe de l’arrêté, PDF)"
          />
        ) : null}
        {board.publishedAt ? (
          <Link
            href={publicPageUrl(campaignId, phase)}
            target="_blank"
            rel="noopener"
            title="Page publique des lauréats (nouvelle fenêtre)"
          >
            Page publique des lauréats
          </Link>
        ) : null}
        {reopens && board.arreteAt ? (
          <Button variant="outlined" startIcon={<LockOpenIcon />} onClick={() => setDialog('reopen')}>
            Rouvrir la sélection
          </Button>
        ) : null}
      </Stack>
      <FailureAlert failure={failure} onShow={focusRow} />

      <ConfirmDialog
        open={dialog === 'arret'}
        title={`Arrêter la sélection de la phase ${phase} ?`}
        confirmLabel="Arrêter la sélection"
        busy={busy}
        onClose={() => setDialog(null)}
        onConfirm={() => void run('arret')}
      >
        <Typography sx={{ mb: 1 }}>
          {board.totals.laureat} lauréat(s), {board.totals.non_retenu} non retenu(s), {board.totals.undecided} sans décision.
        </Typography>
        <Alert severity="warning">
          Après l’arrêt, les décisions ne peuvent plus être modifiées (sauf réouverture par un administrateur) et les courriels de décision
          partent à la date d’annonce des lauréats, ou aussitôt si cette date est déjà passée.
        </Alert>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'publication'}
        title="Publier la liste des lauréats ?"
        confirmLabel="Publier"
        busy={busy}
        onClose={() => setDialog(null)}
        onConfirm={() => void run('publication')}
      >
        <Typography>
          La liste des {board.totals.laureat} lauréat(s) (projet, structure, région{phase === 2 ? ', montant' : ''}) sera visible de tous,
          sans connexion.
        </Typography>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'reopen'}
        title={`Rouvrir la sélection de la phase ${phase} ?`}
        confirmLabel="Rouvrir la sélection"
        busy={busy}
        onClose={() => setDialog(null)}
        onConfirm={() => void run('reopen')}
      >
        <TextField
          label="Motif de la réouverture (obligatoire, journalisé)"
          value={motif}
          onChange={(e) => setMotif(e.target.value)}
          multiline
          minRows={3}
          fullWidth
          required
          autoFocus
          sx={{ mt: 1 }}
        />
      </ConfirmDialog>
    </Box>
  );
};
