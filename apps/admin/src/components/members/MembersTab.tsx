import { useEffect, useId, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  IconButton,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import { useQuery } from '@tanstack/react-query';
import { useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../apiErrors';
import { formatSiret } from '../frenchFormat';

interface Member {
  name: string;
  siret: string | null;
  kind: string;
  kindLabel?: string;
  source?: string;
}
interface MembersView {
  dossierId: string;
  version: number;
  members: Member[];
  counts: Record<string, number>;
  kinds: { code: string; label: string }[];
}

/**
 * « Membres » tab of the dossier page: the PTCE's partnership (seed 001: structures de l'ESS associées à des
 * entreprises et, le cas échéant, collectivités, recherche, formation; seed 003: institutions). Read by every staff
 * member who sees the dossier; the instructeur edits the list (`PUT /api/dossiers/:id/members`); member SIRETs feed
 * the conflict-of-interest detection and the kinds the eligibility criterion « composition du partenariat ».
 */
export const MembersTab = () => {
  const record = useRecordContext<{ id: string; version: number }>();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions<string[]>();
  const canEdit = Array.isArray(permissions) && permissions.includes('instructeur');
  const titleId = useId();
  const query = useQuery({
    queryKey: ['members', record?.id, record?.version],
    queryFn: ({ signal }) => dp.call<MembersView>('GET', `/dossiers/${record!.id}/members`, undefined, { signal }),
    enabled: Boolean(record?.id),
  });
  const [rows, setRows] = useState<Member[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => setRows(null), [query.data]);

  if (!record) return null;
  if (query.isPending) return <Typography>Chargement des membres…</Typography>;
  if (query.isError) return <Alert severity="error">{apiFailure(query.error).message}</Alert>;
  const view = query.data;
  const editing = rows !== null;
  const list = rows ?? view.members;
  const set = (i: number, patch: Partial<Member>) => setRows(list.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      await dp.call('PUT', `/dossiers/${record.id}/members`, {
        members: list.map((m) => ({ name: m.name, siret: m.siret?.trim() ? m.siret.trim() : null, kind: m.kind })),
        expectedVersion: view.version,
      });
      notify('Liste des membres enregistrée.', { type: 'success' });
      setRows(null);
      refresh();
    } catch (e) {
      const f = apiFailure(e);
      setErrors(f.fields);
      notify(f.message, { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box component="section" aria-labelledby={titleId} data-testid="members-tab">
      <Typography id={titleId} component="h2" variant="h6" gutterBottom>
        Membres du PTCE
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {view.kinds
          .filter((k) => view.counts[k.code])
          .map((k) => `${k.label} : ${view.counts[k.code]}`)
          .join(' · ') || 'Aucun membre déclaré.'}
      </Typography>
      <Table size="small" aria-labelledby={titleId}>
        <TableHead>
          <TableRow>
            <TableCell>Nom</TableCell>
            <TableCell>SIRET</TableCell>
            <TableCell>Nature</TableCell>
            {editing && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {list.map((m, i) =>
            editing ? (
              <TableRow key={i}>
                <TableCell>
                  <TextField
                    size="small"
                    fullWidth
                    label={`Nom du membre ${i + 1}`}
                    value={m.name}
                    onChange={(e) => set(i, { name: e.target.value })}
                    error={Boolean(errors[`members.${i}.name`])}
                    helperText={errors[`members.${i}.name`]}
                  />
                </TableCell>
                <TableCell>
                  <TextField
                    size="small"
                    label={`SIRET du membre ${i + 1}`}
                    value={m.siret ?? ''}
                    onChange={(e) => set(i, { siret: e.target.value })}
                    error={Boolean(errors[`members.${i}.siret`])}
                    helperText={errors[`members.${i}.siret`] ?? 'Facultatif'}
                  />
                </TableCell>
                <TableCell>
                  <TextField
                    select
                    size="small"
                    label={`Nature du membre ${i + 1}`}
                    value={m.kind}
                    onChange={(e) => set(i, { kind: e.target.value })}
                    sx={{ minWidth: 240 }}
                    error={Boolean(errors[`members.${i}.kind`])}
                    helperText={errors[`members.${i}.kind`]}
                  >
                    {view.kinds.map((k) => (
                      <MenuItem key={k.code} value={k.code}>
                        {k.label}
                      </MenuItem>
                    ))}
                  </TextField>
                </TableCell>
                <TableCell>
                  <IconButton aria-label={`Retirer le membre ${i + 1}`} onClick={() => setRows(list.filter((_, j) => j !== i))}>
                    <DeleteIcon />
                  </IconButton>
                </TableCell>
              </TableRow>
            ) : (
              <TableRow key={i}>
                <TableCell>{m.name}</TableCell>
                <TableCell>{m.siret ? formatSiret(m.siret) : '—'}</TableCell>
                <TableCell>{m.kindLabel ?? m.kind}</TableCell>
              </TableRow>
            ),
          )}
        </TableBody>
      </Table>
      {canEdit && (
        <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
          {editing ? (
            <>
              <Button startIcon={<AddIcon />} onClick={() => setRows([...list, { name: '', siret: null, kind: 'ess' }])}>
                Ajouter un membre
              </Button>
              <Button variant="contained" onClick={save} disabled={saving}>
                Enregistrer les membres
              </Button>
              <Button onClick={() => (setRows(null), setErrors({}))}>Annuler</Button>
            </>
          ) : (
            <Button variant="outlined" onClick={() => setRows([...view.members])}>
              Modifier la liste des membres
            </Button>
          )}
        </Stack>
      )}
    </Box>
  );
};
