import { Box, Button, Chip, Tooltip } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import {
  DataTable,
  DateInput,
  FunctionField,
  List,
  SelectInput,
  TextInput,
  TopToolbar,
  useListContext,
  useRecordContext,
} from 'react-admin';
import { useDownload } from '../../components/download';
import { auditDetailLines } from './auditDetails';
import { AUDIT_TYPE_CHOICES, type AuditEventRecord } from './types';

const auditFilters = [
  <SelectInput key="type" source="type" label="Événement" choices={AUDIT_TYPE_CHOICES} alwaysOn emptyText="Tous les événements" />,
  <TextInput key="q" source="q" label="Recherche" helperText="Adresse électronique ou ressource" alwaysOn resettable />,
  <SelectInput
    key="outcome"
    source="outcome"
    label="Résultat"
    choices={[
      { id: 'success', name: 'Réussi' },
      { id: 'failure', name: 'Échec' },
    ]}
    emptyText="Tous"
  />,
  <DateInput key="since" source="since" label="Depuis le" />,
  <DateInput key="until" source="until" label="Jusqu’au" />,
  <TextInput key="ip" source="ip" label="Adresse IP" />,
];

/** CSV of the current filter (French Excel), fetched with the session's token; the export is itself audited. */
const ExportCsvButton = () => {
  const { filterValues } = useListContext();
  const { busy, download: downloadFile } = useDownload();
  const download = () => {
    const query = new URLSearchParams({ filter: JSON.stringify(filterValues ?? {}) });
    const filename = `journal-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return downloadFile(`/api/audit-events/export?${query}`, filename, { accept: 'text/csv', failure: 'Export impossible.' });
  };
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={download} disabled={busy}>
      Exporter en CSV
    </Button>
  );
};

const OutcomeField = () => {
  const r = useRecordContext<AuditEventRecord>();
  if (!r) return null;
  return (
    <Chip
      size="small"
      label={r.outcome === 'success' ? 'Réussi' : 'Échec'}
      color={r.outcome === 'success' ? 'success' : 'error'}
      variant="outlined"
    />
  );
};

/** Readable « libellé : valeur » lines; the raw JSON stays one click away for support. */
const DetailsField = () => {
  const r = useRecordContext<AuditEventRecord>();
  if (!r) return null;
  const lines = auditDetailLines(r.data ?? {});
  const hasData = Boolean(r.data && Object.keys(r.data).length);
  return (
    <Tooltip title={r.userAgent ?? ''}>
      <Box sx={{ wordBreak: 'break-word', minWidth: 220 }} data-testid="audit-details">
        {r.resource ? <Box sx={{ fontWeight: 700 }}>{r.resource}</Box> : null}
        {lines.length ? (
          <Box component="dl" sx={{ m: 0, '& dt': { display: 'inline', fontWeight: 700 }, '& dd': { display: 'inline', m: 0 } }}>
            {lines.map((l, i) => (
              <div key={i}>
                <dt>{l.label} :</dt> <dd>{l.value}</dd>
              </div>
            ))}
          </Box>
        ) : null}
        {hasData ? (
          <details>
            <summary>Données brutes (JSON)</summary>
            <Box component="pre" sx={{ m: 0, fontSize: '0.75rem', whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(r.data, null, 2)}
            </Box>
          </details>
        ) : null}
      </Box>
    </Tooltip>
  );
};

const Col = DataTable.Col<AuditEventRecord>;

/** The audit log (admins): who did what, when, from where; append-only on the server. */
export const AuditList = () => (
  <List<AuditEventRecord>
    title="Journal d’audit"
    filters={auditFilters}
    sort={{ field: 'at', order: 'DESC' }}
    perPage={50}
    actions={
      <TopToolbar>
        <ExportCsvButton />
      </TopToolbar>
    }
    empty={false}
  >
    <DataTable<AuditEventRecord> rowClick={false} bulkActionButtons={false}>
      <Col
        source="at"
        label="Date"
        field={() => (
          <FunctionField<AuditEventRecord>
            render={(r) => new Date(r.at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' })}
          />
        )}
      />
      <Col source="type" label="Événement" field={() => <FunctionField<AuditEventRecord> render={(r) => r.typeLabel} />} />
      <Col source="outcome" label="Résultat" disableSort field={OutcomeField} />
      <Col source="actorEmail" label="Auteur" />
      <Col source="targetEmail" label="Compte concerné" />
      <Col source="ip" label="Adresse IP" disableSort />
      <Col source="data" label="Détails" disableSort field={DetailsField} />
    </DataTable>
  </List>
);
