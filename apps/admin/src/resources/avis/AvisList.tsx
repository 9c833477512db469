import type React from 'react';
import { Box, Stack, Tab, Tabs, Typography, useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  LinkBase,
  List,
  ReferenceInput,
  SelectArrayInput,
  SelectInput,
  SimpleList,
  TopToolbar,
  useListContext,
  usePermissions,
} from 'react-admin';
import { DownloadButton } from '../../components/DownloadButton';
import { AVIS_STATUSES } from '@ptce/domain';
import { REVIEWER_ROLES } from '../../components/domainLabels';
import { AvisStatusChip } from '../../components/avis/AvisStatusChip';
import type { AvisRecord } from '../../components/avis/types';
import { regionLabel, roleLabel } from '../../labels';
import { avisPath, DueDate, isStaff } from './fields';

const STATUS_CHOICES = AVIS_STATUSES.map((s) => ({ id: s.code, name: s.label }));
const ROLE_CHOICES = REVIEWER_ROLES.map((r) => ({ id: r, name: roleLabel(r) }));

/** Quick filters (server filters `status` and `overdue` of GET /api/avis). */
const TABS = [
  { value: 'todo', label: 'À rédiger', filter: { status: ['a_rediger', 'brouillon'] } },
  { value: 'overdue', label: 'En retard', filter: { overdue: true } },
  { value: 'done', label: 'Rendus', filter: { status: ['rendu'] } },
  { value: 'all', label: 'Tous', filter: {} },
] as const;

const sameList = (a: unknown, b: readonly string[]) =>
  Array.isArray(a) && a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

function activeTab(filter: Record<string, unknown>): string | false {
  const { status, overdue } = filter;
  if (overdue === true || overdue === 'true') return status === undefined ? 'overdue' : false;
  if (overdue !== undefined) return false;
  if (status === undefined) return 'all';
  if (sameList(status, ['a_rediger', 'brouillon'])) return 'todo';
  if (sameList(status, ['rendu']) || status === 'rendu') return 'done';
  return false;
}

const QuickTabs = () => {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const value = activeTab(filterValues);
  return (
    <Tabs
      value={value}
      onChange={(_, next: string) => {
        const tab = TABS.find((t) => t.value === next);
        if (!tab) return;
        const { status: _s, overdue: _o, ...rest } = filterValues;
        setFilters({ ...rest, ...tab.filter }, displayedFilters);
      }}
      aria-label="Rubriques des avis"
      variant="scrollable"
      allowScrollButtonsMobile
      sx={{
        borderBottom: 1,
        borderColor: 'divider',
        mb: 1,
        '& .MuiTab-root.Mui-focusVisible': { outline: '2px solid #0a76f6', outlineOffset: '-2px' },
      }}
    >
      {TABS.map((t) => (
        <Tab key={t.value} value={t.value} label={t.label} sx={{ textTransform: 'none', fontWeight: 700 }} />
      ))}
    </Tabs>
  );
};

/** For the comité: the avis of the current filter and sort, one row per avis with every score (GET /api/avis/export). */
const AvisExportActions = () => {
  const { filterValues, sort } = useListContext();
  const query = new URLSearchParams({ filter: JSON.stringify(filterValues ?? {}), sort: JSON.stringify([sort.field, sort.order]) });
  const day = new Date().toISOString().slice(0, 10);
  return (
    <TopToolbar>
      <DownloadButton path={`/api/avis/export?format=xlsx&${query}`} filename={`avis-${day}.xlsx`} label="Exporter les avis (XLSX)" />
      <DownloadButton path={`/api/avis/export?format=csv&${query}`} filename={`avis-${day}.csv`} label="CSV" />
    </TopToolbar>
  );
};

/** Filters for national staff (reviewers only get the quick tabs: their inbox is small). */
const staffFilters = [
  <SelectArrayInput key="status" source="status" label="Statut" choices={STATUS_CHOICES} alwaysOn sx={{ minWidth: 220 }} />,
  <SelectInput
    key="role"
    source="role"
    label="Rôle du relecteur"
    choices={ROLE_CHOICES}
    alwaysOn
    emptyText="Tous les rôles"
    sx={{ minWidth: 260 }}
  />,
  <ReferenceInput key="dossierId" source="dossierId" reference="dossiers" alwaysOn sort={{ field: 'projectName', order: 'ASC' }}>
    <AutocompleteInput
      label="Dossier"
      optionText="projectName"
      filterToQuery={(q: string) => ({ q })}
      sx={{ minWidth: 280 }}
      noOptionsText="Aucun dossier"
    />
  </ReferenceInput>,
];

const Col = DataTable.Col<AvisRecord>;

const ProjectCell = ({ record }: { record: AvisRecord }) => (
  <Box>
    <LinkBase to={avisPath(record)} onClick={(e: React.MouseEvent) => e.stopPropagation()} style={{ fontWeight: 700 }}>
      {record.dossier?.projectName ?? 'Dossier'}
    </LinkBase>
    <Typography variant="caption" component="span" sx={{ display: 'block', color: 'text.secondary' }}>
      {record.dossier?.structureName}
    </Typography>
  </Box>
);

const Empty = () => (
  <Typography sx={{ p: 2 }} role="status">
    Aucun avis dans cette rubrique.
  </Typography>
);

/**
 * « Mes avis »: a reviewer's inbox (always `mine: true`), or for national staff every avis with filters.
 * Quick tabs: À rédiger (à rédiger + brouillon), En retard, Rendus, Tous. The project name is a link (keyboard).
 */
export const AvisList = () => {
  const { permissions, isPending } = usePermissions<string[]>();
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  if (isPending) return null;
  const staff = isStaff(Array.isArray(permissions) ? permissions : []);
  return (
    <List<AvisRecord>
      title={staff ? 'Avis' : 'Mes avis'}
      resource="avis"
      filter={staff ? undefined : { mine: true }}
      filters={staff ? staffFilters : undefined}
      filterDefaultValues={staff ? {} : { status: ['a_rediger', 'brouillon'] }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={25}
      actions={staff ? <AvisExportActions /> : false}
      empty={false}
      storeKey={staff ? 'avis.staff' : 'avis.mine'}
    >
      <QuickTabs />
      {small ? (
        <SimpleList<AvisRecord>
          rowClick={(_id, _resource, record) => (record.actions?.includes('save') ? 'edit' : 'show')}
          primaryText={(r) => r.dossier?.projectName ?? 'Dossier'}
          secondaryText={(r) =>
            `${regionLabel(r.dossier?.region ?? '')} — ${roleLabel(r.role)}${staff && r.reviewerName ? ` — ${r.reviewerName}` : ''}`
          }
          tertiaryText={(r) => (
            <Stack component="span" direction="column" alignItems="flex-end" spacing={0.5}>
              <AvisStatusChip status={r.status} label={r.statusLabel} />
              <DueDate avis={r} />
            </Stack>
          )}
          empty={<Empty />}
        />
      ) : (
        <DataTable<AvisRecord>
          rowClick={(_id, _resource, record) => (record.actions?.includes('save') ? 'edit' : 'show')}
          bulkActionButtons={false}
          empty={<Empty />}
        >
          <Col source="projectName" label="Projet" render={(r) => <ProjectCell record={r} />} />
          <Col source="region" label="Région" disableSort render={(r) => regionLabel(r.dossier?.region ?? '')} />
          <Col source="role" label="Rôle" render={(r) => roleLabel(r.role)} />
          {staff ? <Col source="reviewerName" label="Relecteur" disableSort /> : null}
          <Col source="status" label="Statut" render={(r) => <AvisStatusChip status={r.status} label={r.statusLabel} />} />
          <Col source="dueAt" label="Échéance" render={(r) => <DueDate avis={r} />} />
        </DataTable>
      )}
    </List>
  );
};
