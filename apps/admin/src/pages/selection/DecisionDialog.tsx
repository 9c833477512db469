import { useState } from 'react';
import { Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useNotify } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { formatCents, parseEurosToCents } from '../../components/euros';
import { useBoard } from './BoardContext';
import { boardFailure, type BoardFailure } from './failures';
import { FailureAlert } from './FailureAlert';
import type { DecisionItem, Outcome } from './types';

const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);

/** « Retenir 12 dossiers ? » / « Ne pas retenir 3 dossiers ? » */
export const decisionQuestion = (outcome: Outcome, n: number) =>
  `${outcome === 'laureat' ? 'Retenir' : 'Ne pas retenir'} ${n} ${plural(n, 'dossier', 'dossiers')} ?`;

/**
 * The bulk decision: one outcome and one shared motif for the selected dossiers, confirmed with their count, sent in
 * one request (`POST …/decisions`, all or nothing) with each dossier's version; in phase 2 each lauréat carries the
 * amount typed on its row. The server decides; its refusal is shown here, naming the dossiers concerned.
 */
export const DecisionDialog = ({
  outcome,
  ids,
  onClose,
  onDone,
}: {
  outcome: Outcome | null;
  ids: string[];
  onClose: () => void;
  onDone: () => void;
}) => {
  const { campaignId, phase, itemsById, amounts, reload, setCurrentId } = useBoard();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const [motif, setMotif] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<BoardFailure | null>(null);
  const open = outcome !== null;
  const n = ids.length;

  const close = () => {
    if (busy) return;
    setFailure(null);
    setMotif('');
    onClose();
  };

  const submit = async () => {
    if (!outcome) return;
    setBusy(true);
    setFailure(null);
    const items: DecisionItem[] = ids.map((id) => {
      const item: DecisionItem = { dossierId: id, decision: outcome };
      if (motif.trim()) item.motif = motif.trim();
      const version = itemsById.get(id)?.version;
      if (typeof version === 'number') item.expectedVersion = version;
      if (phase === 2 && outcome === 'laureat') {
        const cents = parseEurosToCents(amounts[id] ?? '');
        if (typeof cents === 'number') item.amountCents = cents;
      }
      return item;
    });
    try {
      const res = await dp.call<{ applied: number }>('POST', `/campaigns/${campaignId}/phases/${phase}/decisions`, { items });
      const applied = res?.applied ?? n;
      notify(
        `${applied} ${plural(applied, 'décision enregistrée', 'décisions enregistrées')} (${outcome === 'laureat' ? 'lauréat' : 'non retenu'}).`,
        { type: 'success' },
      );
      setMotif('');
      await reload();
      onDone();
    } catch (e) {
      setFailure(boardFailure(e, ids, itemsById));
      await reload();
    } finally {
      setBusy(false);
    }
  };

  const title = outcome ? decisionQuestion(outcome, n) : '';
  return (
    <Dialog open={open} onClose={close} aria-labelledby="decision-dialog-title" fullWidth maxWidth="sm">
      <DialogTitle id="decision-dialog-title" component="h2">
        {title}
      </DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 1 }}>
          {outcome === 'laureat'
            ? 'Ces dossiers seront retenus à titre provisoire jusqu’à l’arrêt de la sélection ; aucun courriel ne part avant l’arrêt.'
            : 'Ces dossiers ne seront pas retenus, à titre provisoire jusqu’à l’arrêt de la sélection ; le motif sera communiqué aux porteurs après l’arrêt.'}
        </Typography>
        <Box
          component="ul"
          tabIndex={0}
          aria-label="Dossiers concernés"
          sx={{ maxHeight: 200, overflow: 'auto', m: 0, mb: 2, pl: 2.5, border: 1, borderColor: 'divider', py: 1 }}
        >
          {ids.map((id) => {
            const it = itemsById.get(id);
            const amount = phase === 2 && outcome === 'laureat' ? parseEurosToCents(amounts[id] ?? '') : null;
            return (
              <li key={id}>
                {it?.projectName ?? id}
                {typeof amount === 'number'
                  ? ` — ${formatCents(amount)}`
                  : phase === 2 && outcome === 'laureat'
                    ? ' — montant non saisi'
                    : ''}
              </li>
            );
          })}
        </Box>
        <TextField
          label={outcome === 'non_retenu' ? 'Motif commun (obligatoire)' : 'Motif commun (facultatif)'}
          helperText="Le même motif est enregistré pour chacun des dossiers."
          value={motif}
          onChange={(e) => setMotif(e.target.value)}
          multiline
          minRows={3}
          fullWidth
          required={outcome === 'non_retenu'}
          autoFocus
        />
        <FailureAlert
          failure={failure}
          onShow={(id) => {
            setCurrentId(id);
            close();
          }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          Annuler
        </Button>
        <Button
          variant="contained"
          onClick={() => void submit()}
          disabled={busy || n === 0}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : null}
        >
          {outcome === 'laureat'
            ? n === 1
              ? 'Retenir ce dossier'
              : `Retenir les ${n} dossiers`
            : n === 1
              ? 'Ne pas retenir ce dossier'
              : `Ne pas retenir les ${n} dossiers`}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
