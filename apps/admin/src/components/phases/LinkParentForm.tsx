import { useEffect, useId, useState } from 'react';
import { Alert, AlertTitle, Autocomplete, Box, Button, CircularProgress, TextField, Typography } from '@mui/material';
import { useIsFetching, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useRefresh } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure, isVersionConflict, type ApiFailure } from '../apiErrors';
import { formatSiret } from '../frenchFormat';
import type { DossierRecord } from '../../resources/dossiers/types';

type Candidate = Pick<DossierRecord, 'id' | 'projectName' | 'dsNumber' | 'structure' | 'state'>;

const optionLabel = (c: Candidate) =>
  `${c.projectName} — ${c.structure?.name ?? ''}${c.structure?.siret ? ` (SIRET ${formatSiret(c.structure.siret)})` : ''}${
    c.dsNumber ? ` — DS n° ${c.dsNumber}` : ''
  }`;

/** The typed text, settled for 300 ms (one search request per pause, not per key). */
function useSettled(value: string, ms = 300) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return settled;
}

/**
 * A phase-2 dossier the import could not link by SIRET ("non rattaché"): the alert, then the search of the phase-1
 * dossier of the same campaign (by name or SIRET, `GET /api/dossiers?filter={campaignId, phase: 1, q}`) and the
 * confirmation, `POST /api/dossiers/:id/parent {parentDossierId, expectedVersion}`: the server checks and journals it.
 */
export const LinkParentForm = ({ dossier, canLink }: { dossier: DossierRecord; canLink: boolean }) => {
  const dp = useAppDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [input, setInput] = useState('');
  const [picked, setPicked] = useState<Candidate | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const q = useSettled(input.trim());
  // the dossier being re-read (after a reload): its version is not known yet, the confirmation waits for it
  const reloading = useIsFetching({ queryKey: ['dossiers', 'getOne'] }) > 0;
  const search = useQuery({
    queryKey: ['phase1-candidates', dossier.campaignId, q],
    queryFn: async ({ signal }) => {
      const res = await dp.getList<Candidate & { id: string }>('dossiers', {
        filter: { campaignId: dossier.campaignId, phase: 1, ...(q ? { q } : {}) },
        pagination: { page: 1, perPage: 20 },
        sort: { field: 'projectName', order: 'ASC' },
        signal,
      });
      return res.data;
    },
    enabled: canLink,
  });

  const confirm = async () => {
    if (!picked) return;
    setSaving(true);
    setError(null);
    try {
      await dp.call('POST', `/dossiers/${dossier.id}/parent`, { parentDossierId: picked.id, expectedVersion: dossier.version });
      notify(`Dossier rattaché au dossier de phase 1 « ${picked.projectName} ».`, { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['dossiers'] });
      refresh();
    } catch (e) {
      setError(apiFailure(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box data-testid="phase-link">
      <Alert severity="warning" sx={{ mb: 2 }} data-testid="unlinked-alert">
        <AlertTitle>Non rattaché</AlertTitle>
        Ce dossier de phase 2 n’a pas été rattaché à un dossier de phase 1 (aucun dossier de phase 1 de cette campagne n’a le même SIRET).{' '}
        {canLink ? 'Choisissez ci-dessous le dossier de phase 1 de la structure.' : 'Un instructeur peut le rattacher.'}
      </Alert>
      {canLink ? (
        <Box
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
          sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
        >
          <Autocomplete<Candidate>
            id={inputId}
            sx={{ flex: '1 1 420px', maxWidth: 720 }}
            options={search.data ?? []}
            value={picked}
            onChange={(_, v) => {
              setPicked(v);
              setError(null);
            }}
            inputValue={input}
            onInputChange={(_, v) => setInput(v)}
            filterOptions={(x) => x}
            getOptionLabel={optionLabel}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            loading={search.isFetching}
            loadingText="Recherche…"
            noOptionsText={search.isError ? apiFailure(search.error).message : 'Aucun dossier de phase 1 trouvé dans cette campagne.'}
            renderInput={(params) => (
              <TextField
                {...params}
                label="Dossier de phase 1 (nom du projet, de la structure ou SIRET)"
                error={Boolean(error)}
                InputProps={{
                  ...params.InputProps,
                  endAdornment: (
                    <>
                      {search.isFetching ? <CircularProgress size={18} aria-hidden="true" /> : null}
                      {params.InputProps.endAdornment}
                    </>
                  ),
                }}
              />
            )}
          />
          <Button type="submit" variant="contained" disabled={!picked || saving || reloading} sx={{ mt: 1 }}>
            {saving ? 'Rattachement…' : 'Rattacher à ce dossier de phase 1'}
          </Button>
        </Box>
      ) : null}
      {error ? (
        <Alert severity="error" role="alert" sx={{ mt: 2 }} data-testid="link-error">
          {error.message}
          {error.fields.parentDossierId ? ` ${error.fields.parentDossierId}` : ''}
          {isVersionConflict(error) ? (
            <Button
              size="small"
              sx={{ ml: 1 }}
              onClick={() => {
                setError(null);
                refresh();
              }}
            >
              Recharger le dossier
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {canLink ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Le rattachement est enregistré au journal du dossier.
        </Typography>
      ) : null}
    </Box>
  );
};
