import { useId, useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import CancelIcon from '@mui/icons-material/Cancel';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import {
  Button,
  Confirm,
  LinkBase,
  ListButton,
  ReferenceField,
  Show,
  TextField,
  TopToolbar,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { ImportProgress } from './ImportProgress';
import { RoleGate } from './RoleGate';
import { apiMessage, formatDuration, formatInstant, isActive, KIND_LABELS, type ImportIssue, type ImportRecord } from './types';

const ImportTitle = () => {
  const record = useRecordContext<ImportRecord>();
  return <>Import{record ? ` du ${formatInstant(record.createdAt)}` : ''}</>;
};

const DossiersLink = () => {
  const record = useRecordContext<ImportRecord>();
  if (!record) return null;
  const filter = encodeURIComponent(
    JSON.stringify({ campaignId: record.campaignId, phase: record.phase, source: record.kind === 'ds' ? 'ds' : 'fichier' }),
  );
  return (
    <Button component={LinkBase} to={`/dossiers?filter=${filter}`} label="Dossiers importés">
      <FolderOpenIcon />
    </Button>
  );
};

/** Stops a queued or running import (`POST /api/imports/:id/cancel`); what was already written stays. */
const CancelImportButton = () => {
  const record = useRecordContext<ImportRecord>();
  const provider = useAppDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record || !isActive(record)) return null;
  const confirm = async () => {
    setBusy(true);
    try {
      await provider.call('POST', `/imports/${record.id}/cancel`);
      notify('Import annulé : les dossiers déjà traités restent importés.', { type: 'info' });
    } catch (error) {
      notify(apiMessage(error, 'L’import n’a pas pu être annulé.'), { type: 'error' });
    } finally {
      setBusy(false);
      setOpen(false);
      refresh();
    }
  };
  return (
    <>
      <Button label="Annuler l’import" onClick={() => setOpen(true)} disabled={busy} color="error">
        <CancelIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title="Annuler cet import ?"
        content="Le traitement s’arrête à la prochaine ligne (ou au prochain dossier). Les dossiers déjà importés sont conservés."
        confirm="Annuler l’import"
        cancel="Continuer l’import"
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

const ShowActions = () => (
  <TopToolbar>
    <CancelImportButton />
    <DossiersLink />
    <ListButton label="Tous les imports" />
  </TopToolbar>
);

const Counter = ({ label, value, tone }: { label: string; value: number; tone?: 'error' | 'success' }) => (
  <Box sx={{ minWidth: 110, px: 2, py: 1, border: 1, borderColor: 'divider', borderRadius: 1 }}>
    <Typography variant="h5" component="p" sx={{ fontWeight: 700, color: tone ? `${tone}.main` : undefined }}>
      {value}
    </Typography>
    <Typography variant="body2" component="p">
      {label}
    </Typography>
  </Box>
);

const Info = ({ term, children }: { term: string; children: ReactNode }) => (
  <>
    <Typography component="dt" sx={{ fontWeight: 700 }}>
      {term}
    </Typography>
    <Typography component="dd" sx={{ m: 0 }}>
      {children}
    </Typography>
  </>
);

const ErrorsTable = ({ errors, kind }: { errors: ImportIssue[]; kind: ImportRecord['kind'] }) => {
  const uid = useId();
  const [q, setQ] = useState('');
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle ? errors.filter((e) => `${e.dsNumber ?? ''} ${e.line ?? ''} ${e.reason}`.toLowerCase().includes(needle)) : errors;
  }, [errors, q]);
  if (!errors.length) return <Alert severity="success">Aucun problème signalé.</Alert>;
  return (
    <Box>
      <MuiTextField
        size="small"
        label="Filtrer les problèmes"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        sx={{ mb: 1, minWidth: 320 }}
      />
      <TableContainer sx={{ maxHeight: 480 }}>
        <Table size="small" stickyHeader aria-labelledby={`${uid}-title`}>
          <caption id={`${uid}-title`} style={{ captionSide: 'top', textAlign: 'left', padding: 0 }}>
            {shown.length} problème(s){shown.length !== errors.length ? ` sur ${errors.length}` : ''}
          </caption>
          <TableHead>
            <TableRow>
              {kind === 'file' ? (
                <TableCell component="th" scope="col">
                  Ligne
                </TableCell>
              ) : null}
              <TableCell component="th" scope="col">
                N° de dossier DS
              </TableCell>
              <TableCell component="th" scope="col">
                Motif
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((e, i) => (
              <TableRow key={`${e.dsNumber ?? ''}-${e.line ?? ''}-${i}`}>
                {kind === 'file' ? <TableCell>{e.line ?? '—'}</TableCell> : null}
                <TableCell>{e.dsNumber ?? '—'}</TableCell>
                <TableCell>{e.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
};

const ImportReport = () => {
  const record = useRecordContext<ImportRecord>();
  if (!record) return null;
  return (
    <Stack spacing={2}>
      <Card>
        <CardContent>
          <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0, mb: 2 }}>
            <Info term="Campagne">
              <ReferenceField source="campaignId" reference="campaigns" link="show">
                <TextField source="name" />
              </ReferenceField>
            </Info>
            <Info term="Phase">{`Phase ${record.phase}`}</Info>
            <Info term="Source">
              {KIND_LABELS[record.kind]}
              {record.kind === 'ds' ? ` — démarche n° ${record.dsDemarche ?? '?'}` : record.filename ? ` — ${record.filename}` : ''}
            </Info>
            {record.kind === 'ds' ? (
              <Info term="Étendue">
                {record.mode === 'full'
                  ? 'Tous les dossiers de la démarche'
                  : record.updatedSince
                    ? `Dossiers modifiés depuis le ${formatInstant(record.updatedSince)}`
                    : 'Tous les dossiers (premier import)'}
              </Info>
            ) : null}
            <Info term="Début">{formatInstant(record.startedAt)}</Info>
            <Info term="Fin">{formatInstant(record.finishedAt)}</Info>
            <Info term="Durée">{formatDuration(record.startedAt, record.finishedAt)}</Info>
          </Box>
          <ImportProgress record={record} />
          {record.failure ? (
            <Alert severity="error" sx={{ mt: 2 }}>
              {record.failure}
            </Alert>
          ) : null}
          {record.status === 'cancelled' ? (
            <Alert severity="warning" sx={{ mt: 2 }}>
              Import annulé le {formatInstant(record.cancelledAt ?? record.finishedAt)} : les dossiers traités avant l’annulation restent
              importés, les suivants ne l’ont pas été.
            </Alert>
          ) : null}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Bilan
          </Typography>
          <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
            <Counter label="créés" value={record.created} tone="success" />
            <Counter label="mis à jour" value={record.updated} />
            <Counter label="inchangés" value={record.unchanged} />
            <Counter label="ignorés" value={record.skipped} tone={record.skipped ? 'error' : undefined} />
            {record.kind === 'ds' ? <Counter label="classés sans suite (retirés sur DS)" value={record.deleted} /> : null}
            <Counter label="problèmes signalés" value={record.errorCount} tone={record.errorCount ? 'error' : undefined} />
          </Stack>
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Problèmes
          </Typography>
          <Typography variant="body2" sx={{ mb: 1 }}>
            Un dossier ignoré n’est pas importé (motif ci-dessous) ; les autres problèmes (pièce refusée, valeur illisible) accompagnent un
            dossier importé.
          </Typography>
          <ErrorsTable errors={record.errors ?? []} kind={record.kind} />
        </CardContent>
      </Card>
    </Stack>
  );
};

/** One import: live progress (refreshed every second while it runs) and its report. */
export const ImportShow = () => (
  <RoleGate>
    <Show<ImportRecord>
      title={<ImportTitle />}
      actions={<ShowActions />}
      component="div"
      queryOptions={{ refetchInterval: (query) => (isActive(query.state.data) ? 1000 : false) }}
    >
      <ImportReport />
    </Show>
  </RoleGate>
);
