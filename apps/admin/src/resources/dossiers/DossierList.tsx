import { Box, Stack, useMediaQuery, type Theme } from '@mui/material';
import {
  CreateButton,
  DataTable,
  ExportButton,
  List,
  NullableBooleanInput,
  ReferenceInput,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
} from 'react-admin';
import { ELIGIBILITIES, ELIGIBILITY_LABELS, DOSSIER_STATES, STATE_LABELS } from '../../components/domainLabels';
import { ParisDate } from '../../components/ParisDateField';
import { REGION_CHOICES, regionLabel } from '../../labels';
import { EligibilityChip, LateBadge, StateChip } from './fields';
import type { DossierRecord } from './types';

const STATE_CHOICES = DOSSIER_STATES.map((id) => ({ id, name: STATE_LABELS[id] }));
const ELIGIBILITY_CHOICES = ELIGIBILITIES.map((id) => ({ id, name: ELIGIBILITY_LABELS[id] }));
const PHASE_CHOICES = [
  { id: 1, name: 'Phase 1' },
  { id: 2, name: 'Phase 2' },
];

const dossierFilters = [
  <TextInput key="q" source="q" label="Recherche" helperText="Projet, structure ou n° DS" alwaysOn resettable />,
  <ReferenceInput key="campaignId" source="campaignId" reference="campaigns" sort={{ field: 'publishedAt', order: 'DESC' }} alwaysOn>
    <SelectInput label="Campagne" optionText="name" emptyText="Toutes les campagnes" />
  </ReferenceInput>,
  <SelectInput key="phase" source="phase" label="Phase" choices={PHASE_CHOICES} alwaysOn emptyText="Les deux phases" />,
  <SelectInput key="region" source="region" label="Région" choices={REGION_CHOICES} alwaysOn emptyText="Toutes les régions" />,
  <SelectInput key="state" source="state" label="État" choices={STATE_CHOICES} alwaysOn emptyText="Tous les états" />,
  <SelectInput key="eligibility" source="eligibility" label="Éligibilité" choices={ELIGIBILITY_CHOICES} alwaysOn emptyText="Toutes" />,
  <NullableBooleanInput
    key="lateDeposit"
    source="lateDeposit"
    label="Hors délai"
    alwaysOn
    nullLabel="Tous les dépôts"
    trueLabel="Hors délai"
    falseLabel="Dans les délais"
  />,
];

const ListActions = () => (
  <TopToolbar>
    <CreateButton label="Saisir un dossier" />
    <ExportButton />
  </TopToolbar>
);

const Col = DataTable.Col<DossierRecord>;

/** The dossiers the caller may see (the API scopes them: region, assignment, conflicts), paginated by the server. */
export const DossierList = () => {
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return (
    <List<DossierRecord>
      title="Dossiers"
      filters={dossierFilters}
      sort={{ field: 'depositedAt', order: 'DESC' }}
      perPage={25}
      actions={<ListActions />}
      empty={false}
      // a narrow screen scrolls the table, not the page
      sx={{ '& .RaList-content': { overflowX: 'auto' }, '& th.nowrap': { whiteSpace: 'nowrap' } }}
    >
      {small ? (
        <SimpleList<DossierRecord>
          linkType="show"
          primaryText={(r) => r.projectName}
          secondaryText={(r) => (
            <Box component="span" sx={{ display: 'flex', flexDirection: 'column', gap: 0.5, mt: 0.5 }}>
              <span>
                {r.structure?.name} — {regionLabel(r.region)} — phase {r.phase}
                {r.dsNumber ? ` — DS n° ${r.dsNumber}` : ''}
              </span>
              <Box component="span" sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                <StateChip state={r.state} />
                <EligibilityChip eligibility={r.eligibility} />
                <LateBadge late={r.lateDeposit} />
              </Box>
            </Box>
          )}
        />
      ) : (
        <DataTable<DossierRecord>
          rowClick="show"
          bulkActionButtons={false}
          // tighter cells below 1536 px: the eight columns fit beside the menu on a 1024 px screen
          sx={{ '& .MuiTableCell-root': { px: { md: 1, xl: 2 } } }}
        >
          <Col source="dsNumber" label="N° DS" headerClassName="nowrap" render={(r) => (r.dsNumber ? r.dsNumber : '—')} />
          <Col
            source="projectName"
            label="Projet"
            render={(r) => (
              <>
                <Box component="span" sx={{ display: 'block', overflowWrap: 'anywhere' }}>
                  {r.projectName}
                </Box>
                <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
                  Phase {r.phase}
                </Box>
              </>
            )}
          />
          <Col source="structureName" label="Structure porteuse" render={(r) => r.structure?.name} />
          <Col source="region" label="Région" render={(r) => regionLabel(r.region)} />
          <Col source="state" label="État" render={(r) => <StateChip state={r.state} />} />
          <Col source="eligibility" label="Éligibilité" render={(r) => <EligibilityChip eligibility={r.eligibility} />} />
          <Col
            source="depositedAt"
            label="Dépôt"
            render={(r) => (
              <Stack direction="column" spacing={0.5} alignItems="flex-start">
                <ParisDate value={r.depositedAt} format="short" />
                <LateBadge late={r.lateDeposit} />
              </Stack>
            )}
          />
        </DataTable>
      )}
    </List>
  );
};
