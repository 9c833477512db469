import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useNotify, useRefresh } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure, isVersionConflict, type ApiFailure } from '../../components/apiErrors';
import { STATE_LABELS } from '../../components/domainLabels';
import type { AllowedTransitions, DossierRecord, EligibilityView } from './types';
import { COMPLEMENTS_DELAY_DAYS, defaultComplementsDueDay } from '@ptce/domain';

type ActionDef = AllowedTransitions['actions'][number];

/** Wording of the dialog per action (presentation only; the server checks everything). */
const INTRO: Record<string, string> = {
  ouvrir_instruction: 'Le dossier passera « En instruction ».',
  declarer_eligible: 'Le dossier sera déclaré éligible, au vu de la liste de vérification de l’éligibilité.',
  declarer_ineligible: 'Le dossier sera déclaré inéligible ; le motif figurera dans le courriel de décision adressé au porteur.',
  demander_complements: 'Un courriel demandant les compléments est adressé au porteur ; le dossier passera « En attente de compléments ».',
  enregistrer_complements: 'Les compléments sont reçus : le dossier repasse « En instruction ».',
  classer_sans_suite: 'Le dossier sera classé sans suite.',
  repasser_en_instruction: 'Le dossier sera rouvert et repassera « En instruction » ; cette réouverture est tracée au journal.',
  ne_pas_retenir: 'Le dossier ne sera pas retenu.',
  retenir: 'Le dossier sera retenu (lauréat).',
};

const FIELD_LABELS: Record<string, string> = {
  motif: 'Motif',
  message: 'Message au porteur',
  dueAt: 'Date limite de réponse',
  decision: 'Décision',
};

/**
 * Asks for the fields the action requires, posts {action, motif, data, expectedVersion} and WAITS for the server
 * (no optimistic update): progress while it works, its French error if it refuses (VERSION_CONFLICT: an invitation
 * to reload), the record refreshed when it accepts.
 */
export const TransitionDialog = ({ record, action, onClose }: { record: DossierRecord; action: ActionDef; onClose: () => void }) => {
  const dp = useAppDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const uid = useId();
  const requires = action.requires ?? [];
  // a complements request proposes the campaign's rule (its delay in days, Paris day); the instructeur may change it
  const wantsDueAt = requires.includes('dueAt');
  const campaign = useQuery({
    queryKey: ['campaigns', record.campaignId, 'complementsDelayDays'],
    queryFn: ({ signal }) => dp.call<{ complementsDelayDays?: number }>('GET', `/campaigns/${record.campaignId}`, undefined, { signal }),
    enabled: wantsDueAt,
    retry: false,
    staleTime: 60_000,
  });
  const delayDays = campaign.data?.complementsDelayDays ?? COMPLEMENTS_DELAY_DAYS;
  const [values, setValues] = useState<Record<string, string>>({
    motif: '',
    message: '',
    dueAt: wantsDueAt ? defaultComplementsDueDay(new Date(), delayDays) : '',
    decision: '',
  });
  // the campaign's own delay once read, unless the instructeur already chose a date
  const proposedDueAt = wantsDueAt && campaign.data ? defaultComplementsDueDay(new Date(), delayDays) : null;
  const [dueAtTouched, setDueAtTouched] = useState(false);
  useEffect(() => {
    if (proposedDueAt && !dueAtTouched) setValues((v) => ({ ...v, dueAt: proposedDueAt }));
  }, [proposedDueAt, dueAtTouched]);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  // declarer_ineligible: the motif is prefilled with the one the server proposes from the failed criteria
  const wantsProposedMotif = action.action === 'declarer_ineligible' && requires.includes('motif');
  const proposed = useQuery({
    queryKey: ['dossiers', record.id, 'eligibility', record.version],
    queryFn: ({ signal }) => dp.call<EligibilityView>('GET', `/dossiers/${record.id}/eligibility`, undefined, { signal }),
    enabled: wantsProposedMotif,
    retry: false,
  });
  const proposedMotif = proposed.data?.proposedMotif ?? null;
  useEffect(() => {
    if (proposedMotif) setValues((v) => (v.motif ? v : { ...v, motif: proposedMotif }));
  }, [proposedMotif]);

  const set = (field: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const fieldError = (field: string): string | undefined => failure?.fields[field] ?? failure?.fields[`data.${field}`];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setFailure(null);
    const data: Record<string, string> = {};
    for (const f of requires) if (f !== 'motif') data[f] = values[f];
    try {
      await dp.call('POST', `/dossiers/${record.id}/transitions`, {
        action: action.action,
        ...(requires.includes('motif') ? { motif: values.motif } : {}),
        ...(Object.keys(data).length ? { data } : {}),
        expectedVersion: record.version,
      });
      notify(`Action « ${action.label} » enregistrée.`, { type: 'success' });
      onClose();
      refresh();
    } catch (error) {
      setFailure(apiFailure(error));
      setPending(false);
    }
  };

  const reload = () => {
    onClose();
    refresh();
  };

  const titleId = `${uid}-title`;
  const descId = `${uid}-desc`;
  const fieldIds = (f: string) => ({ id: `${uid}-${f}`, helper: `${uid}-${f}-helper` });

  return (
    <Dialog
      open
      onClose={pending ? undefined : onClose}
      disableEscapeKeyDown={pending}
      aria-labelledby={titleId}
      aria-describedby={descId}
      fullWidth
      maxWidth="sm"
    >
      <Box component="form" onSubmit={submit} noValidate aria-busy={pending}>
        <DialogTitle id={titleId}>{action.label}</DialogTitle>
        <DialogContent>
          <DialogContentText id={descId} sx={{ mb: 2 }}>
            {INTRO[action.action] ?? `Action sur le dossier « ${record.projectName} » (${STATE_LABELS[record.state] ?? record.state}).`}
          </DialogContentText>
          {requires.includes('motif') ? (
            <TextField
              id={fieldIds('motif').id}
              label={FIELD_LABELS.motif}
              value={values.motif}
              onChange={set('motif')}
              required
              multiline
              minRows={4}
              maxRows={14}
              fullWidth
              autoFocus
              variant="filled"
              disabled={pending}
              error={!!fieldError('motif')}
              helperText={
                fieldError('motif') ??
                (wantsProposedMotif && proposed.isPending
                  ? 'Chargement du motif proposé…'
                  : wantsProposedMotif && proposedMotif
                    ? 'Prérempli avec le motif proposé par la vérification d’éligibilité : relisez-le et complétez-le.'
                    : undefined)
              }
              sx={{ mb: 2 }}
            />
          ) : null}
          {requires.includes('message') ? (
            <TextField
              id={fieldIds('message').id}
              label={FIELD_LABELS.message}
              value={values.message}
              onChange={set('message')}
              required
              multiline
              minRows={4}
              fullWidth
              autoFocus={!requires.includes('motif')}
              variant="filled"
              disabled={pending}
              error={!!fieldError('message')}
              helperText={fieldError('message') ?? 'Les pièces ou informations attendues, telles que le porteur les lira.'}
              sx={{ mb: 2 }}
            />
          ) : null}
          {requires.includes('dueAt') ? (
            <TextField
              id={fieldIds('dueAt').id}
              type="date"
              label={FIELD_LABELS.dueAt}
              value={values.dueAt}
              onChange={(e) => {
                setDueAtTouched(true);
                set('dueAt')(e);
              }}
              required
              variant="filled"
              disabled={pending}
              error={!!fieldError('dueAt')}
              helperText={
                fieldError('dueAt') ??
                `Jusqu’à ce jour inclus, 23 h 59 heure de Paris (proposé : ${delayDays} jours, la règle de la campagne).`
              }
              slotProps={{ inputLabel: { shrink: true } }}
              sx={{ mb: 2, width: { xs: '100%', sm: 260 } }}
            />
          ) : null}
          {requires.includes('decision') ? (
            <TextField
              id={fieldIds('decision').id}
              label={FIELD_LABELS.decision}
              value={values.decision}
              onChange={set('decision')}
              required
              fullWidth
              variant="filled"
              disabled={pending}
              error={!!fieldError('decision')}
              helperText={fieldError('decision')}
              sx={{ mb: 2 }}
            />
          ) : null}
          {failure ? (
            <Alert severity="error" role="alert">
              <AlertTitle>L’action n’a pas été enregistrée</AlertTitle>
              {failure.message}
              {isVersionConflict(failure) ? (
                <Box sx={{ mt: 1 }}>
                  <Button variant="outlined" color="inherit" size="small" onClick={reload}>
                    Recharger le dossier
                  </Button>
                </Box>
              ) : null}
            </Alert>
          ) : null}
          {pending ? (
            <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 1 }}>
              <CircularProgress size={18} aria-hidden="true" />
              <span>Enregistrement en cours…</span>
            </Box>
          ) : null}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={pending}>
            Annuler
          </Button>
          <Button
            type="submit"
            variant="contained"
            disabled={pending}
            startIcon={pending ? <CircularProgress size={16} color="inherit" aria-hidden="true" /> : undefined}
          >
            {`Confirmer : ${action.label}`}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
};
