import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useNotify } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { useIsAdmin } from './RoleGate';
import { apiMessage, type DsMapping } from './types';

/**
 * Which DS champ label (or export column) feeds each field of the dossier, for one campaign. Labels are compared
 * without case, accents or punctuation. An empty optional field is not imported. Admins edit; instructeurs read.
 */
export const DsMappingEditor = ({ campaignId }: { campaignId: string }) => {
  const provider = useAppDataProvider();
  const notify = useNotify();
  const isAdmin = useIsAdmin();
  const [mapping, setMapping] = useState<DsMapping | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = (m: DsMapping) => {
    setMapping(m);
    setDraft(Object.fromEntries(Object.entries(m.fields).map(([k, v]) => [k, v ?? ''])));
    setErrors({});
  };

  useEffect(() => {
    let live = true;
    setMapping(null);
    setLoadError(null);
    provider
      .call<DsMapping>('GET', `/campaigns/${campaignId}/ds-mapping`)
      .then((m) => live && load(m))
      .catch((e) => live && setLoadError(apiMessage(e, 'La correspondance n’a pas pu être chargée.')));
    return () => {
      live = false;
    };
  }, [campaignId]);

  const save = async (fields: Record<string, string | null>) => {
    setSaving(true);
    try {
      load(await provider.call<DsMapping>('PUT', `/campaigns/${campaignId}/ds-mapping`, { fields }));
      notify('Correspondance enregistrée : elle s’applique aux prochains imports.', { type: 'success' });
    } catch (e) {
      const details = (e as { body?: { details?: Record<string, string> } }).body?.details ?? {};
      setErrors(Object.fromEntries(Object.entries(details).map(([k, v]) => [k.replace(/^fields\./, ''), v])));
      notify(apiMessage(e, 'La correspondance n’a pas pu être enregistrée.'), { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v.trim() || null])));
  };

  if (loadError) return <Alert severity="error">{loadError}</Alert>;
  if (!mapping) return <Typography>Chargement…</Typography>;

  return (
    <Box component="form" onSubmit={submit}>
      <Typography variant="body2" gutterBottom>
        {mapping.isDefault
          ? 'Correspondance par défaut : les intitulés du dossier de candidature de l’AMI.'
          : 'Correspondance modifiée pour cette campagne.'}{' '}
        Les libellés sont comparés sans tenir compte des majuscules, des accents ni de la ponctuation.
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              Champ du dossier
            </TableCell>
            <TableCell component="th" scope="col">
              Libellé sur DS (ou colonne de l’export)
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {mapping.targets.map((t) => (
            <TableRow key={t.key}>
              <TableCell component="th" scope="row" sx={{ fontWeight: 400 }}>
                {t.description}
                {t.required ? ' *' : ''}
              </TableCell>
              <TableCell>
                <TextField
                  size="small"
                  fullWidth
                  value={draft[t.key] ?? ''}
                  onChange={(e) => setDraft((d) => ({ ...d, [t.key]: e.target.value }))}
                  disabled={!isAdmin}
                  required={t.required}
                  error={!!errors[t.key]}
                  helperText={errors[t.key] ?? (draft[t.key] !== t.defaultLabel ? `Par défaut : « ${t.defaultLabel} »` : undefined)}
                  slotProps={{ htmlInput: { 'aria-label': `Libellé DS pour : ${t.description}` } }}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {isAdmin ? (
        <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
          <Button type="submit" variant="contained" disabled={saving}>
            Enregistrer la correspondance
          </Button>
          <Button variant="outlined" disabled={saving || mapping.isDefault} onClick={() => void save({})}>
            Revenir aux libellés par défaut
          </Button>
        </Stack>
      ) : (
        <Alert severity="info" sx={{ mt: 2 }}>
          Seul un administrateur peut modifier la correspondance.
        </Alert>
      )}
    </Box>
  );
};
