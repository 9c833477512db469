import { useState, type MouseEvent } from 'react';
import { Badge, Box, Button, Collapse, Stack, useMediaQuery, type Theme } from '@mui/material';
import FilterListIcon from '@mui/icons-material/FilterList';
import {
  CreateButton,
  DataTable,
  ExportButton,
  FilterForm,
  LinkBase,
  List,
  Pagination,
  NullableBooleanInput,
  ReferenceInput,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useListContext,
  usePermissions,
} from 'react-admin';
import { canBulk, DossierBulkActions } from './BulkActions';
import { ELIGIBILITIES, ELIGIBILITY_LABELS, DOSSIER_STATES, STATE_LABELS } from '../../components/domainLabels';
import { ParisDate } from '../../components/ParisDateField';
import { REGION_CHOICES, regionLabel } from '../../labels';
import { EligibilityChip, LateBadge, StateChip } from './fields';
import type { DossierRecord } from './types';
import { UnlinkedChip } from '../../components/phases';

const STATE_CHOICES = DOSSIER_STATES.map((id) => ({ id, name: STATE_LABELS[id] }));
const ELIGIBILITY_CHOICES = ELIGIBILITIES.map((id) => ({ id, name: ELIGIBILITY_LABELS[id] }));
const PHASE_CHOICES = [
  { id: 1, name: 'Phase 1' },
  { id: 2, name: 'Phase 2' },
];

const dossierFilters = [
  <TextInput key="q" source="q" label="Recherche" helperText="Projet, structure, référent, n° DS, SIRET ou SIREN" alwaysOn resettable />,
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
  <NullableBooleanInput
    key="unlinked"
    source="unlinked"
    label="Non rattachés (phase 2)"
    alwaysOn
    nullLabel="Tous les dossiers"
    trueLabel="Non rattachés (phase 2)"
    falseLabel="Rattachés ou phase 1"
  />,
];

/** On a phone the filters fold behind one « Filtres » button (with the number of active ones). */
const PhoneFilters = () => {
  const { filterValues } = useListContext();
  const [open, setOpen] = useState(false);
  const active = Object.keys(filterValues ?? {}).filter((k) => k !== 'q').length;
  return (
    <Box sx={{ width: '100%' }}>
      <Button
        startIcon={
          <Box component="span" aria-hidden="true" sx={{ display: 'flex' }}>
            <Badge badgeContent={active} color="primary">
              <FilterListIcon />
            </Badge>
          </Box>
        }
        aria-expanded={open}
        aria-controls="dossier-filters"
        onClick={() => setOpen((o) => !o)}
      >
        Filtres{active ? ` (${active} actif${active > 1 ? 's' : ''})` : ''}
      </Button>
      <Collapse in={open} id="dossier-filters">
        <Box
          sx={{
            '& form': { flexDirection: 'column', alignItems: 'stretch' },
            '& .RaFilterFormInput-body, & .MuiFormControl-root': { width: '100%' },
          }}
        >
          <FilterForm filters={dossierFilters} />
        </Box>
      </Collapse>
    </Box>
  );
};

const ListActions = ({ small }: { small: boolean }) => (
  <TopToolbar sx={small ? { flexWrap: 'wrap', width: '100%', justifyContent: 'flex-start' } : undefined}>
    {small ? <PhoneFilters /> : null}
    <CreateButton label="Saisir un dossier" />
    <ExportButton label="Exporter la liste" />
  </TopToolbar>
);

/** Page sizes up to the API's bulk limit (200). */
const DossierPagination = () => <Pagination rowsPerPageOptions={[25, 50, 100, 200]} />;

const Col = DataTable.Col<DossierRecord>;

/** The dossiers the caller may see (the API scopes them: region, assignment, conflicts), paginated by the server. */
export const DossierList = () => {
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const { permissions } = usePermissions<string[]>();
  const bulk = canBulk(Array.isArray(permissions) ? permissions : []);
  return (
    <List<DossierRecord>
      title="Dossiers"
      filters={small ? undefined : dossierFilters}
      sort={{ field: 'depositedAt', order: 'DESC' }}
      perPage={25}
      pagination={<DossierPagination />}
      actions={<ListActions small={small} />}
      empty={false}
      // a narrow screen scrolls the table, not the page
      // the bulk actions bar sits above the table (in the flow), not over the two rows of filters where react-admin puts it
      sx={{
        '& .RaList-content': { overflowX: 'auto' },
        '& th.nowrap': { whiteSpace: 'nowrap' },
        '& .RaBulkActionsToolbar-toolbar:not(.RaBulkActionsToolbar-collapsed)': {
          position: 'relative',
          transform: 'none',
          flexWrap: 'wrap',
          height: 'auto',
        },
      }}
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
              {/* each chip says what it is: a colour and a word are not enough out of a table's columns */}
              <Box component="span" sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', alignItems: 'center' }}>
                <Box component="span" sx={{ fontWeight: 700 }}>
                  État :
                </Box>
                <StateChip state={r.state} />
                <Box component="span" sx={{ fontWeight: 700, ml: 1 }}>
                  Éligibilité :
                </Box>
                <EligibilityChip eligibility={r.eligibility} />
                <LateBadge late={r.lateDeposit} />
                <UnlinkedChip dossier={r} />
              </Box>
            </Box>
          )}
        />
      ) : (
        <DataTable<DossierRecord>
          rowClick="show"
          bulkActionButtons={bulk ? <DossierBulkActions /> : false}
          // tighter cells below 1536 px: the eight columns fit beside the menu on a 1024 px screen
          sx={{ '& .MuiTableCell-root': { px: { md: 1, xl: 2 } } }}
        >
          <Col source="dsNumber" label="N° DS" headerClassName="nowrap" render={(r) => (r.dsNumber ? r.dsNumber : '—')} />
          <Col
            source="projectName"
            label="Projet"
            render={(r) => (
              <>
                {/* a real link per row: Tab and screen readers reach every row (RGAA), the row click stays for the mouse */}
                <Box
                  component={LinkBase}
                  to={`/dossiers/${r.id}/show`}
                  onClick={(e: MouseEvent) => e.stopPropagation()}
                  sx={{ display: 'block', overflowWrap: 'anywhere', color: 'inherit', fontWeight: 700 }}
                >
                  {r.projectName}
                </Box>
                <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
                  Phase {r.phase}
                </Box>
                <UnlinkedChip dossier={r} />
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
