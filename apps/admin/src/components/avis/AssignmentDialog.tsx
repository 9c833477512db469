import { useEffect, useId, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { REVIEWER_ROLES } from '../domainLabels';
import { regionLabel, roleLabel } from '../../labels';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure, type ApiFailure } from '../apiErrors';
import { parisInputsToIso } from '../parisTime';
import { StatusChip } from '../StatusChip';
import { focusVisibleSx } from './scoreColors';
import type { AssignmentCandidate, AvisRecord } from './types';

export interface AssignmentDialogProps {
  dossierId: string;
  open: boolean;
  onClose: () => void;
  /** Called with the created avis once the server accepted the assignment. */
  onAssigned: (avis: AvisRecord) => void;
  /** The role chosen when the dialog opens (from a missing required avis line); the user may change it. */
  initialRole?: string;
}

const CandidateLabel = ({ c }: { c: AssignmentCandidate }) => (
  <Box sx={{ py: 0.75 }}>
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="baseline">
      <Typography component="span" sx={{ fontWeight: 700 }}>
        {c.fullName}
      </Typography>
      <Typography component="span" variant="body2" color="text.secondary">
        {c.email}
      </Typography>
    </Stack>
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" sx={{ mt: 0.5 }}>
      <StatusChip tone={c.openAvisCount === 0 ? 'success' : 'blueFrance'} label={`Charge : ${c.openAvisCount} avis en cours`} />
      {c.regions.length ? (
        <Typography component="span" variant="body2">
          {c.regions.map(regionLabel).join(', ')}
        </Typography>
      ) : null}
      {!c.inRegion && c.regions.length ? <StatusChip tone="grey" label="Hors région du dossier" /> : null}
      {c.alreadyAssigned ? <StatusChip tone="grey" label="Déjà relecteur de ce dossier" /> : null}
      {c.declined ? <StatusChip tone="warning" label="A déjà décliné cet avis" /> : null}
    </Stack>
    {c.conflict ? (
      <Typography component="span" variant="body2" sx={{ display: 'block', mt: 0.5, color: 'error.main', fontWeight: 700 }}>
        Conflit d’intérêts : {c.conflict}
        {c.conflictOverridable ? ' (un motif écrit est exigé pour passer outre)' : ''}
      </Typography>
    ) : null}
  </Box>
);

/**
 * The instructeur assigns a reviewer by hand: pick a role, then a candidate from
 * `GET /api/dossiers/:id/assignment-candidates?role=…` (load = open avis, conflict reason); a candidate in conflict
 * needs a written override reason. `POST /api/dossiers/:id/assignments {reviewerId, role, dueAt?, overrideReason?}`:
 * the server decides (409 CONFLICT_OF_INTEREST is shown as is).
 */
export const AssignmentDialog = ({ dossierId, open, onClose, onAssigned, initialRole }: AssignmentDialogProps) => {
  const uid = useId();
  const dp = useAppDataProvider();
  const [role, setRole] = useState<string>('');
  const [reviewerId, setReviewerId] = useState<string>('');
  const [overrideReason, setOverrideReason] = useState('');
  const [dueDay, setDueDay] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const overrideRef = useRef<HTMLTextAreaElement | null>(null);

  useEffect(() => {
    if (open) {
      setRole(initialRole ?? '');
      setReviewerId('');
      setOverrideReason('');
      setDueDay('');
      setFailure(null);
      setBusy(false);
    }
  }, [open, initialRole]);

  const candidates = useQuery({
    queryKey: ['assignment-candidates', dossierId, role],
    queryFn: ({ signal }) =>
      dp.call<AssignmentCandidate[]>('GET', `/dossiers/${dossierId}/assignment-candidates?role=${encodeURIComponent(role)}`, undefined, {
        signal,
      }),
    enabled: open && role !== '',
    staleTime: 0,
  });

  const selected = candidates.data?.find((c) => c.id === reviewerId);
  const conflictRefused = failure?.code === 'CONFLICT_OF_INTEREST';
  const showOverride = Boolean(selected?.conflict && selected.conflictOverridable);

  useEffect(() => {
    if (conflictRefused && showOverride) overrideRef.current?.focus();
  }, [conflictRefused, showOverride]);

  const submit = async () => {
    setFailure(null);
    if (!role || !reviewerId) {
      setFailure({
        message: !role ? 'Choisissez le rôle de l’avis.' : 'Choisissez un relecteur dans la liste.',
        code: 'FORM',
        status: 0,
        fields: {},
      });
      return;
    }
    let dueAt: string | undefined;
    if (dueDay) {
      const iso = parisInputsToIso(dueDay, '23:59:59');
      if (!iso) {
        setFailure({ message: 'Date d’échéance invalide.', code: 'FORM', status: 0, fields: { dueAt: 'Date d’échéance invalide.' } });
        return;
      }
      dueAt = iso;
    }
    setBusy(true);
    try {
      const body: Record<string, unknown> = { reviewerId, role };
      if (dueAt) body.dueAt = dueAt;
      if (overrideReason.trim()) body.overrideReason = overrideReason.trim();
      const avis = await dp.call<AvisRecord>('POST', `/dossiers/${dossierId}/assignments`, body);
      onAssigned(avis);
    } catch (error) {
      setFailure(apiFailure(error));
      void candidates.refetch();
    } finally {
      setBusy(false);
    }
  };

  const failureField = (name: string) =>
    failure?.code === 'VALIDATION_FAILED' || failure?.code === 'FORM' ? failure.fields[name] : undefined;
  const list = candidates.data ?? [];
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} aria-labelledby={`${uid}-title`} fullWidth maxWidth="md">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id={`${uid}-title`} component="h2">
          Affecter un relecteur
        </DialogTitle>
        <DialogContent sx={focusVisibleSx}>
          <FormControl component="fieldset" sx={{ mb: 2 }}>
            <FormLabel component="legend" sx={{ fontWeight: 700, color: 'text.primary' }}>
              Rôle de l’avis
            </FormLabel>
            <RadioGroup
              row
              name={`${uid}-role`}
              value={role}
              onChange={(e) => {
                setRole(e.target.value);
                setReviewerId('');
                setOverrideReason('');
                setFailure(null);
              }}
            >
              {REVIEWER_ROLES.map((r) => (
                <FormControlLabel key={r} value={r} control={<Radio />} label={roleLabel(r)} />
              ))}
            </RadioGroup>
          </FormControl>

          {role ? (
            <FormControl component="fieldset" sx={{ display: 'block', mb: 2 }} aria-busy={candidates.isFetching}>
              <FormLabel component="legend" sx={{ fontWeight: 700, color: 'text.primary', mb: 0.5 }}>
                Relecteur ({roleLabel(role)})
              </FormLabel>
              {candidates.isPending ? (
                <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <CircularProgress size={18} aria-hidden="true" /> Recherche des relecteurs…
                </Box>
              ) : candidates.isError ? (
                <Alert severity="error">{apiFailure(candidates.error).message}</Alert>
              ) : list.length === 0 ? (
                <Alert severity="info">Aucun relecteur actif n’a ce rôle pour ce dossier.</Alert>
              ) : (
                <RadioGroup
                  name={`${uid}-reviewer`}
                  value={reviewerId}
                  onChange={(e) => {
                    setReviewerId(e.target.value);
                    setOverrideReason('');
                    setFailure(null);
                  }}
                  sx={{ border: 1, borderColor: 'divider', maxHeight: 360, overflowY: 'auto', flexWrap: 'nowrap' }}
                  data-testid="assignment-candidates"
                >
                  {list.map((c) => (
                    <FormControlLabel
                      key={c.id}
                      value={c.id}
                      disabled={c.alreadyAssigned || (Boolean(c.conflict) && !c.conflictOverridable)}
                      control={<Radio sx={{ alignSelf: 'flex-start', mt: 0.5 }} />}
                      label={<CandidateLabel c={c} />}
                      sx={{
                        mx: 0,
                        px: 1,
                        alignItems: 'flex-start',
                        borderBottom: 1,
                        borderColor: 'divider',
                        '&:last-of-type': { borderBottom: 0 },
                      }}
                    />
                  ))}
                </RadioGroup>
              )}
            </FormControl>
          ) : (
            <Typography variant="body2" sx={{ mb: 2 }}>
              Choisissez d’abord le rôle : la liste des relecteurs possibles, avec leur charge et leurs éventuels conflits d’intérêts,
              s’affiche alors.
            </Typography>
          )}

          {showOverride ? (
            <TextField
              id={`${uid}-override`}
              inputRef={overrideRef}
              label="Motif pour passer outre le conflit d’intérêts"
              required
              multiline
              minRows={2}
              fullWidth
              variant="filled"
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.target.value)}
              error={conflictRefused || Boolean(failureField('overrideReason'))}
              helperText={
                failureField('overrideReason') ??
                'Obligatoire pour un relecteur en conflit d’intérêts ; il est inscrit au journal du dossier.'
              }
              sx={{ mb: 2 }}
            />
          ) : null}

          <TextField
            id={`${uid}-due`}
            type="date"
            label="Échéance (facultatif)"
            variant="filled"
            value={dueDay}
            onChange={(e) => setDueDay(e.target.value)}
            error={Boolean(failureField('dueAt'))}
            helperText={failureField('dueAt') ?? 'Fin de journée, heure de Paris. Par défaut : le délai d’avis de la campagne.'}
            slotProps={{ inputLabel: { shrink: true } }}
            sx={{ width: { xs: '100%', sm: 320 } }}
          />

          {failure && !(failureField('dueAt') || failureField('overrideReason')) ? (
            <Alert severity="error" role="alert" sx={{ mt: 2 }} data-code={failure.code}>
              {failure.message}
              {Object.entries(failure.code === 'VALIDATION_FAILED' ? failure.fields : {})
                .filter(([k]) => k !== 'dueAt' && k !== 'overrideReason')
                .map(([k, m]) => (
                  <Box key={k} component="span" sx={{ display: 'block' }}>
                    {m}
                  </Box>
                ))}
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Annuler
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            Affecter
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
