import { useEffect, useId, useMemo, useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  CircularProgress,
  FormControl,
  FormControlLabel,
  FormLabel,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { useAppDataProvider } from '../../../providers/dataProvider';
import { apiFailure, isVersionConflict, type ApiFailure } from '../../../components/apiErrors';
import { StatusChip, type Tone } from '../../../components/StatusChip';
import { ParisDate } from '../../../components/ParisDateField';
import type { AutoResult, DossierRecord, EligibilityView } from '../types';

const AUTO: Record<AutoResult, { label: string; tone: Tone }> = {
  ok: { label: 'Satisfait', tone: 'success' },
  ko: { label: 'Non satisfait', tone: 'error' },
  a_verifier: { label: 'À vérifier', tone: 'warning' },
};

const FINAL: Record<'ok' | 'ko', { label: string; tone: Tone }> = {
  ok: { label: 'Satisfait', tone: 'success' },
  ko: { label: 'Non satisfait', tone: 'error' },
};

type Item = EligibilityView['items'][number];
type Draft = { status: '' | 'ok' | 'ko'; reason: string };

/** What the form shows for a criterion: the instructeur's saved decision (ok / ko and its justification). */
function draftOf(item: Item): Draft {
  const saved = item.decision;
  if (!saved) return { status: '', reason: '' };
  const status = saved.status === 'ok' || saved.status === 'ko' ? saved.status : (item.final ?? '');
  return { status, reason: saved.reason ?? '' };
}

export const eligibilityKey = (id: string, version: number | undefined) => ['dossiers', id, 'eligibility', version];

/**
 * The eligibility checklist (GET /api/dossiers/:id/eligibility): per criterion, the automatic pre-check and its
 * reason, then the instructeur's decision « Satisfait » / « Non satisfait » with a written justification. Saved with
 * PUT {decisions, expectedVersion}; the server says which decision needs a justification (details
 * `decisions.<code>`), shown under that criterion.
 */
export const EligibilityTab = () => {
  const record = useRecordContext<DossierRecord>();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions<string[]>();
  const canDecide = Array.isArray(permissions) && permissions.includes('instructeur');
  const uid = useId();

  const { data, isPending, error } = useQuery({
    queryKey: eligibilityKey(String(record?.id), record?.version),
    queryFn: ({ signal }) => dp.call<EligibilityView>('GET', `/dossiers/${record!.id}/eligibility`, undefined, { signal }),
    enabled: !!record,
    // after a save the version changes: keep showing the list until the new one arrives (no flicker)
    placeholderData: (previous) => previous,
  });

  const initial = useMemo(() => Object.fromEntries((data?.items ?? []).map((i) => [i.code, draftOf(i)])) as Record<string, Draft>, [data]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  useEffect(() => setDrafts(initial), [initial]);

  if (!record) return null;
  if (isPending) {
    return (
      <Stack direction="row" spacing={1} alignItems="center" role="status">
        <CircularProgress size={20} aria-hidden="true" />
        <Typography>Chargement de la vérification d’éligibilité…</Typography>
      </Stack>
    );
  }
  if (error) return <Alert severity="error">{apiFailure(error).message}</Alert>;

  const dirty = data.items.filter((i) => {
    const d = drafts[i.code] ?? initial[i.code];
    return d.status !== initial[i.code].status || d.reason.trim() !== initial[i.code].reason.trim();
  });
  const undecided = data.items.filter((i) => i.final === null).length;

  const update = (code: string, patch: Partial<Draft>) =>
    setDrafts((all) => ({ ...all, [code]: { ...(all[code] ?? initial[code]), ...patch } }));

  const save = async () => {
    if (saving) return;
    if (dirty.length === 0) {
      notify('Aucune modification à enregistrer.', { type: 'info' });
      return;
    }
    const decisions: Record<string, { status: 'ok' | 'ko'; reason: string | null } | null> = {};
    for (const item of dirty) {
      const d = drafts[item.code];
      decisions[item.code] = d.status ? { status: d.status, reason: d.reason.trim() || null } : null;
    }
    setSaving(true);
    setFailure(null);
    try {
      await dp.call('PUT', `/dossiers/${record.id}/eligibility`, { decisions, expectedVersion: record.version });
      notify('Décisions d’éligibilité enregistrées.', { type: 'success' });
      refresh();
    } catch (e) {
      setFailure(apiFailure(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box>
      <Typography variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
        Vérification de l’éligibilité
      </Typography>
      {data.allPassed ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          Tous les critères sont tranchés et satisfaits.
        </Alert>
      ) : data.allResolved ? (
        <Alert severity="warning" sx={{ mb: 2 }}>
          Tous les critères sont tranchés ; au moins un n’est pas satisfait.
        </Alert>
      ) : (
        <Alert severity="info" sx={{ mb: 2 }}>
          {undecided === 1 ? 'Un critère reste à trancher.' : `${undecided} critères restent à trancher.`} La vérification automatique
          propose un résultat pour chacun ; confirmez-le ou écartez-vous-en en le justifiant par écrit.
        </Alert>
      )}

      <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {data.items.map((item) => {
          const d = drafts[item.code] ?? initial[item.code];
          const serverError = failure?.fields[`decisions.${item.code}`] ?? null;
          const headingId = `${uid}-${item.code}-title`;
          const reasonId = `${uid}-${item.code}-reason`;
          return (
            <Paper
              component="li"
              key={item.code}
              variant="outlined"
              data-criterion={item.code}
              aria-labelledby={headingId}
              sx={{ p: 2, mb: 2, listStyle: 'none', '&::marker': { content: 'none' } }}
            >
              <Typography id={headingId} variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
                {item.label}
              </Typography>
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} alignItems={{ xs: 'flex-start', sm: 'center' }} sx={{ mt: 1 }}>
                <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
                  Vérification automatique :
                </Typography>
                <StatusChip tone={AUTO[item.auto].tone} label={AUTO[item.auto].label} data-auto={item.auto} />
              </Stack>
              <Typography variant="body2" sx={{ mt: 0.5, color: 'text.secondary', overflowWrap: 'anywhere' }}>
                {item.reason}
              </Typography>

              {item.final || item.decision ? (
                <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" sx={{ mt: 1 }}>
                  <Typography variant="body2" component="span">
                    Décision enregistrée :
                  </Typography>
                  {item.final ? <StatusChip tone={FINAL[item.final].tone} label={FINAL[item.final].label} data-final={item.final} /> : null}
                  {item.overridden && item.final ? (
                    <StatusChip tone="purple" label="Écart au résultat automatique" variant="outlined" />
                  ) : null}
                  {item.decision?.at ? (
                    <Typography variant="body2" component="span" sx={{ color: 'text.secondary' }}>
                      {item.decision.byName ? `par ${item.decision.byName}, ` : ''}le <ParisDate value={item.decision.at} />
                    </Typography>
                  ) : null}
                </Stack>
              ) : null}
              {item.error ? (
                <Alert severity="warning" sx={{ mt: 1 }}>
                  {item.error}
                </Alert>
              ) : null}

              {canDecide ? (
                <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mt: 2 }} alignItems="flex-start">
                  <FormControl component="fieldset" sx={{ minWidth: 220 }}>
                    <FormLabel component="legend" sx={{ fontWeight: 700, color: 'text.primary' }}>
                      Décision de l’instructeur
                    </FormLabel>
                    <RadioGroup
                      name={`${uid}-${item.code}-status`}
                      value={d.status}
                      onChange={(e) => update(item.code, { status: e.target.value as Draft['status'] })}
                      aria-label={`Décision de l’instructeur : ${item.label}`}
                    >
                      <FormControlLabel value="ok" control={<Radio />} label="Satisfait" disabled={saving} />
                      <FormControlLabel value="ko" control={<Radio />} label="Non satisfait" disabled={saving} />
                      <FormControlLabel value="" control={<Radio />} label="Pas encore tranché" disabled={saving} />
                    </RadioGroup>
                  </FormControl>
                  <TextField
                    id={reasonId}
                    label="Justification"
                    value={d.reason}
                    onChange={(e) => update(item.code, { reason: e.target.value })}
                    multiline
                    minRows={3}
                    fullWidth
                    variant="filled"
                    disabled={saving}
                    error={!!serverError}
                    helperText={serverError ?? 'Obligatoire pour s’écarter du résultat automatique ou trancher un critère « à vérifier ».'}
                    slotProps={{
                      htmlInput: { 'aria-label': `Justification : ${item.label}` },
                      formHelperText: { role: serverError ? 'alert' : undefined } as object,
                    }}
                  />
                </Stack>
              ) : item.decision?.reason ? (
                <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }}>
                  Justification : {item.decision.reason}
                </Typography>
              ) : null}
            </Paper>
          );
        })}
      </Box>

      {data.proposedMotif ? (
        <Alert severity="warning" icon={false} sx={{ mb: 2 }}>
          <AlertTitle>Motif d’inéligibilité proposé</AlertTitle>
          <Box component="p" sx={{ whiteSpace: 'pre-wrap', m: 0 }}>
            {data.proposedMotif}
          </Box>
          <Typography variant="body2" sx={{ mt: 1 }}>
            Il préremplit le motif de l’action « Déclarer inéligible ».
          </Typography>
        </Alert>
      ) : null}

      {failure ? (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          <AlertTitle>Les décisions n’ont pas été enregistrées</AlertTitle>
          {failure.message}
          {isVersionConflict(failure) ? (
            <Box sx={{ mt: 1 }}>
              <Button variant="outlined" color="inherit" size="small" onClick={() => refresh()}>
                Recharger le dossier
              </Button>
            </Box>
          ) : null}
        </Alert>
      ) : null}

      {canDecide ? (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ xs: 'flex-start', sm: 'center' }}>
          <Button
            variant="contained"
            onClick={save}
            disabled={saving}
            startIcon={saving ? <CircularProgress size={16} color="inherit" aria-hidden="true" /> : undefined}
          >
            Enregistrer les décisions d’éligibilité
          </Button>
          <Typography variant="body2" role="status" sx={{ color: 'text.secondary' }}>
            {saving
              ? 'Enregistrement en cours…'
              : dirty.length === 0
                ? 'Aucune modification en cours.'
                : dirty.length === 1
                  ? 'Une décision modifiée, non enregistrée.'
                  : `${dirty.length} décisions modifiées, non enregistrées.`}
          </Typography>
        </Stack>
      ) : null}
    </Box>
  );
};
