import { Box } from '@mui/material';
import { CreateButton, DataTable, List, ReferenceField, ReferenceInput, SelectInput, TextField, TopToolbar } from 'react-admin';
import { RoleGate } from './RoleGate';
import { StatusChip } from './ImportProgress';
import { formatInstant, isActive, KIND_LABELS, STATUS_LABELS, type ImportRecord } from './types';

const importFilters = [
  <ReferenceInput key="campaignId" source="campaignId" reference="campaigns" alwaysOn>
    <SelectInput label="Campagne" optionText="name" emptyText="Toutes les campagnes" />
  </ReferenceInput>,
  <SelectInput
    key="phase"
    source="phase"
    label="Phase"
    alwaysOn
    emptyText="Les deux phases"
    choices={[
      { id: 1, name: 'Phase 1' },
      { id: 2, name: 'Phase 2' },
    ]}
  />,
  <SelectInput
    key="kind"
    source="kind"
    label="Source"
    emptyText="Toutes"
    choices={Object.entries(KIND_LABELS).map(([id, name]) => ({ id, name }))}
  />,
  <SelectInput
    key="status"
    source="status"
    label="État"
    emptyText="Tous"
    choices={Object.entries(STATUS_LABELS).map(([id, name]) => ({ id, name }))}
  />,
];

const ListActions = () => (
  <TopToolbar>
    <CreateButton label="Nouvel import" />
  </TopToolbar>
);

const Col = DataTable.Col<ImportRecord>;

/** Past and running imports; the list refreshes itself while one runs. */
export const ImportList = () => (
  <RoleGate>
    <List<ImportRecord>
      title="Imports des dossiers"
      filters={importFilters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      actions={<ListActions />}
      empty={false}
      queryOptions={{ refetchInterval: (query) => ((query.state.data?.data ?? []).some(isActive) ? 2000 : false) }}
    >
      <DataTable<ImportRecord> rowClick="show" bulkActionButtons={false}>
        <Col source="createdAt" label="Lancé le" render={(r) => formatInstant(r.createdAt)} />
        <Col source="campaignId" label="Campagne" disableSort>
          <ReferenceField source="campaignId" reference="campaigns" link={false}>
            <TextField source="name" />
          </ReferenceField>
        </Col>
        <Col source="phase" label="Phase" render={(r) => `Phase ${r.phase}`} />
        <Col
          source="kind"
          label="Source"
          render={(r) =>
            r.kind === 'file' ? `Fichier ${r.filename ?? ''}` : `DS n° ${r.dsDemarche ?? '?'}${r.mode === 'full' ? ' (complet)' : ''}`
          }
        />
        <Col source="status" label="État" render={(r) => <StatusChip status={r.status} />} />
        <Col source="created" label="Créés" disableSort align="right" />
        <Col source="updated" label="Mis à jour" disableSort align="right" />
        <Col source="unchanged" label="Inchangés" disableSort align="right" />
        <Col source="skipped" label="Ignorés" disableSort align="right" />
        <Col
          source="errorCount"
          label="Problèmes"
          disableSort
          align="right"
          render={(r) => (
            <Box component="span" sx={{ color: r.errorCount ? 'error.main' : undefined, fontWeight: r.errorCount ? 700 : undefined }}>
              {r.errorCount}
            </Box>
          )}
        />
      </DataTable>
    </List>
  </RoleGate>
);
