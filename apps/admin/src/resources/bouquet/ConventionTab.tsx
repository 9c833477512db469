import { useEffect, useId, useState } from 'react';
import { Alert, Box, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useNotify, usePermissions, useRecordContext } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../../components/apiErrors';
import { formatCents } from '../../components/euros';

interface Instalment {
  label: string;
  amountCents: number;
  plannedAt: string;
  paidAt: string | null;
}
interface Indicator {
  label: string;
  unit: string | null;
  target: number | null;
  reported: number | null;
}
interface Convention {
  amountCents: number;
  durationMonths: number;
  signedAt: string | null;
  instalments: Instalment[];
  indicators: Indicator[];
  version: number;
  paidCents: number;
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.replace(',', '.')));

/**
 * « Convention » tab of a phase-2 lauréat (seed 001: "un soutien financier spécifique de l'Etat"): amount, duration
 * (2 years by default), payment schedule with planned and paid dates, the dossier's indicators with target and
 * reported values (`GET/PUT /api/dossiers/:id/convention`). The instructeur establishes it and records payments and
 * reported values.
 */
export const ConventionTab = () => {
  const record = useRecordContext<{ id: string; phase: number; state: string }>();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const { permissions } = usePermissions<string[]>();
  const canEdit = Array.isArray(permissions) && (permissions.includes('instructeur') || permissions.includes('admin'));
  const titleId = useId();
  const query = useQuery({
    queryKey: ['convention', record?.id],
    queryFn: async ({ signal }) => {
      try {
        return await dp.call<Convention>('GET', `/dossiers/${record!.id}/convention`, undefined, { signal });
      } catch (e) {
        if (apiFailure(e).status === 404) return null;
        throw e;
      }
    },
    enabled: Boolean(record?.id),
  });
  const [draft, setDraft] = useState<Convention | null>(null);
  useEffect(() => setDraft(query.data ?? null), [query.data]);
  if (!record) return null;
  if (record.phase !== 2 || record.state !== 'laureat')
    return <Typography>Une convention est établie pour les lauréats de la phase 2.</Typography>;
  if (query.isPending) return <Typography>Chargement de la convention…</Typography>;
  if (query.isError) return <Alert severity="error">{apiFailure(query.error).message}</Alert>;

  const put = async (body: Record<string, unknown>) => {
    try {
      await dp.call('PUT', `/dossiers/${record.id}/convention`, body);
      notify('Convention enregistrée.', { type: 'success' });
      await query.refetch();
    } catch (e) {
      notify(apiFailure(e).message, { type: 'error' });
    }
  };

  if (!query.data || !draft)
    return (
      <Box>
        <Typography sx={{ mb: 2 }}>Aucune convention pour ce lauréat.</Typography>
        {canEdit && (
          <Button variant="contained" onClick={() => put({})}>
            Établir la convention (montant décidé, 24 mois, indicateurs du dossier)
          </Button>
        )}
      </Box>
    );

  const c = draft;
  return (
    <Box component="section" aria-labelledby={titleId} data-testid="convention-tab">
      <Typography id={titleId} component="h2" variant="h6" gutterBottom>
        Convention
      </Typography>
      <Typography>
        Montant : {formatCents(c.amountCents)} · durée : {c.durationMonths} mois · versé : {formatCents(query.data.paidCents)}
      </Typography>
      <Typography component="h3" variant="subtitle1" sx={{ mt: 2 }}>
        Échéancier
      </Typography>
      <Table size="small" aria-label="Échéancier">
        <TableHead>
          <TableRow>
            <TableCell>Versement</TableCell>
            <TableCell align="right">Montant</TableCell>
            <TableCell>Prévu le</TableCell>
            <TableCell>Versé le</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {c.instalments.map((i, k) => (
            <TableRow key={k}>
              <TableCell>{i.label}</TableCell>
              <TableCell align="right">{formatCents(i.amountCents)}</TableCell>
              <TableCell>{i.plannedAt}</TableCell>
              <TableCell>
                <TextField
                  size="small"
                  type="date"
                  label={`Versé le (${i.label})`}
                  slotProps={{ inputLabel: { shrink: true } }}
                  value={i.paidAt ?? ''}
                  disabled={!canEdit}
                  onChange={(e) =>
                    setDraft({ ...c, instalments: c.instalments.map((x, j) => (j === k ? { ...x, paidAt: e.target.value || null } : x)) })
                  }
                />
              </TableCell>
            </TableRow>
          ))}
          {c.instalments.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>Aucun versement prévu.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Typography component="h3" variant="subtitle1" sx={{ mt: 2 }}>
        Indicateurs de suivi
      </Typography>
      <Table size="small" aria-label="Indicateurs de suivi">
        <TableHead>
          <TableRow>
            <TableCell>Indicateur</TableCell>
            <TableCell>Cible</TableCell>
            <TableCell>Valeur constatée</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {c.indicators.map((i, k) => (
            <TableRow key={k}>
              <TableCell>{i.label}</TableCell>
              {(['target', 'reported'] as const).map((field) => (
                <TableCell key={field}>
                  <TextField
                    size="small"
                    label={`${field === 'target' ? 'Cible' : 'Constaté'} : ${i.label}`}
                    value={i[field] ?? ''}
                    disabled={!canEdit}
                    onChange={(e) =>
                      setDraft({ ...c, indicators: c.indicators.map((x, j) => (j === k ? { ...x, [field]: num(e.target.value) } : x)) })
                    }
                  />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {canEdit && (
        <Stack direction="row" sx={{ mt: 2 }}>
          <Button
            variant="contained"
            onClick={() => put({ instalments: c.instalments, indicators: c.indicators, expectedVersion: query.data!.version })}
          >
            Enregistrer le suivi de la convention
          </Button>
        </Stack>
      )}
    </Box>
  );
};
