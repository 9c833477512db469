import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import VisibilityIcon from '@mui/icons-material/Visibility';
import ReplayIcon from '@mui/icons-material/Replay';
import PersonRemoveIcon from '@mui/icons-material/PersonRemove';
import { LinkBase, useNotify } from 'react-admin';
import { roleLabel } from '../../labels';
import { useAppDataProvider } from '../../providers/dataProvider';
import { ParisDate } from '../ParisDateField';
import { AvisStatusChip } from './AvisStatusChip';
import { RecommendationChip } from './AvisSynthesisMatrix';
import { ReasonDialog } from './ReasonDialog';
import type { AvisGrid, AvisRecord } from './types';

type Pending = { kind: 'reopen' | 'unassign'; avis: AvisRecord } | null;

export interface DossierAvisListProps {
  avis: AvisRecord[] | undefined;
  grid: AvisGrid | undefined;
  isPending?: boolean;
  error?: string | null;
  /** After a re-opening or a removal: the caller refreshes its data. */
  onChanged: () => void;
}

/**
 * The avis of a dossier (`GET /api/avis?filter={"dossierId":…}`), with the buttons the server allows on each one
 * (`actions`): re-open a rendered avis, remove an assignment not started yet. Both ask for a written reason.
 */
export const DossierAvisList = ({ avis, grid, isPending, error, onChanged }: DossierAvisListProps) => {
  const dp = useAppDataProvider();
  const notify = useNotify();
  const [pending, setPending] = useState<Pending>(null);

  if (error) return <Alert severity="error">{error}</Alert>;
  if (isPending || !avis) {
    return (
      <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <CircularProgress size={20} aria-hidden="true" /> Chargement des avis…
      </Box>
    );
  }

  const confirm = async (reason: string) => {
    if (!pending) return;
    const { kind, avis: a } = pending;
    if (kind === 'reopen') {
      await dp.call('POST', `/avis/${a.id}/reopen`, { reason, expectedVersion: a.version });
      notify(`L’avis de ${a.reviewerName ?? 'ce relecteur'} est rouvert : il peut de nouveau le modifier.`, { type: 'success' });
    } else {
      await dp.call('POST', `/avis/${a.id}/unassign`, { reason, expectedVersion: a.version });
      notify(`L’affectation de ${a.reviewerName ?? 'ce relecteur'} est retirée.`, { type: 'success' });
    }
    setPending(null);
    onChanged();
  };

  return (
    <>
      {avis.length === 0 ? (
        <Alert severity="info">Aucun avis n’est affecté à ce dossier.</Alert>
      ) : (
        <Box sx={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Avis du dossier">
          <Table size="small" data-testid="dossier-avis-list">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  Relecteur
                </TableCell>
                <TableCell component="th" scope="col">
                  Rôle
                </TableCell>
                <TableCell component="th" scope="col">
                  Statut
                </TableCell>
                <TableCell component="th" scope="col">
                  Échéance
                </TableCell>
                <TableCell component="th" scope="col">
                  Recommandation
                </TableCell>
                <TableCell component="th" scope="col">
                  Actions
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {avis.map((a) => (
                <TableRow key={a.id} data-avis-id={a.id}>
                  <TableCell component="th" scope="row" sx={{ fontWeight: 700 }}>
                    {a.reviewerName ?? '—'}
                    {a.required ? null : (
                      <Typography variant="caption" component="span" sx={{ display: 'block', fontWeight: 400 }}>
                        avis facultatif
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{roleLabel(a.role)}</TableCell>
                  <TableCell>
                    <AvisStatusChip status={a.status} label={a.statusLabel} />
                    {a.status === 'rendu' && a.renderedAt ? (
                      <Typography variant="caption" component="span" sx={{ display: 'block', mt: 0.5 }}>
                        le <ParisDate value={a.renderedAt} format="short" />
                      </Typography>
                    ) : null}
                    {a.declinedReason || a.conflictReason ? (
                      <Typography variant="caption" component="span" sx={{ display: 'block', mt: 0.5, maxWidth: 280 }}>
                        Motif : {a.declinedReason ?? a.conflictReason}
                      </Typography>
                    ) : null}
                  </TableCell>
                  <TableCell sx={a.overdue ? { color: 'error.main', fontWeight: 700 } : undefined}>
                    <ParisDate value={a.dueAt} format="date" />
                    {a.overdue ? (
                      <Box component="span" sx={{ display: 'block' }}>
                        En retard
                      </Box>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <RecommendationChip code={a.recommendation} grid={grid} />
                  </TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
                      <Button size="small" component={LinkBase} to={`/avis/${a.id}/show`} startIcon={<VisibilityIcon />}>
                        Consulter<span className="fr-sr-only"> l’avis de {a.reviewerName}</span>
                      </Button>
                      {a.actions.includes('reopen') ? (
                        <Button size="small" startIcon={<ReplayIcon />} onClick={() => setPending({ kind: 'reopen', avis: a })}>
                          Rouvrir<span className="fr-sr-only"> l’avis de {a.reviewerName}</span>
                        </Button>
                      ) : null}
                      {a.actions.includes('unassign') ? (
                        <Button
                          size="small"
                          color="error"
                          startIcon={<PersonRemoveIcon />}
                          onClick={() => setPending({ kind: 'unassign', avis: a })}
                        >
                          Retirer<span className="fr-sr-only"> l’affectation de {a.reviewerName}</span>
                        </Button>
                      ) : null}
                    </Stack>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <ReasonDialog
        open={pending?.kind === 'reopen'}
        title="Rouvrir l’avis"
        description={
          pending ? (
            <>
              L’avis rendu de <strong>{pending.avis.reviewerName}</strong> repasse en brouillon : le relecteur pourra le modifier puis le
              rendre à nouveau.
            </>
          ) : null
        }
        label="Motif de la réouverture"
        helperText="Communiqué au relecteur et inscrit au journal du dossier."
        confirmLabel="Rouvrir l’avis"
        onClose={() => setPending(null)}
        onConfirm={confirm}
      />
      <ReasonDialog
        open={pending?.kind === 'unassign'}
        title="Retirer l’affectation"
        description={
          pending ? (
            <>
              <strong>{pending.avis.reviewerName}</strong> ne rédigera plus d’avis sur ce dossier.
            </>
          ) : null
        }
        label="Motif du retrait"
        helperText="Inscrit au journal du dossier."
        confirmLabel="Retirer l’affectation"
        confirmColor="error"
        onClose={() => setPending(null)}
        onConfirm={confirm}
      />
    </>
  );
};
