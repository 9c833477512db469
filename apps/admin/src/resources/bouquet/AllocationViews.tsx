import { useState } from 'react';
import {
  Button as MuiButton,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  Stack,
  Typography,
} from '@mui/material';
import GroupAddIcon from '@mui/icons-material/GroupAdd';
import { useQuery } from '@tanstack/react-query';
import {
  DataTable,
  Edit,
  List,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  TopToolbar,
  useListContext,
  useNotify,
  useRefresh,
} from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../../components/apiErrors';

export interface AllocationRecord {
  id: string;
  serviceId: string;
  dossierId: string;
  campaignId: string;
  status: 'planned' | 'started' | 'done';
  statusLabel: string;
  note: string | null;
  serviceTitle: string;
  serviceProvider: string;
  projectName: string;
  structureName: string;
  region: string;
  allocatedAt: string;
  updatedAt: string;
}

export const STATUS_CHOICES = [
  { id: 'planned', name: 'Prévu' },
  { id: 'started', name: 'En cours' },
  { id: 'done', name: 'Réalisé' },
];

/** Bulk allocation: services of the chosen campaign × its phase-1 lauréats (`POST /api/service-allocations/bulk`). */
const AllocateDialog = ({ campaignId, onClose }: { campaignId: string; onClose: () => void }) => {
  const dp = useAppDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const [services, setServices] = useState<string[]>([]);
  const [dossiers, setDossiers] = useState<string[]>([]);
  const catalogue = useQuery({
    queryKey: ['services', campaignId],
    queryFn: () =>
      dp.getList<{ id: string; title: string; provider: string }>('services', {
        filter: { campaignId },
        sort: { field: 'title', order: 'ASC' },
        pagination: { page: 1, perPage: 200 },
      }),
  });
  const laureats = useQuery({
    queryKey: ['laureats', campaignId],
    queryFn: () =>
      dp.getList<{ id: string; projectName: string }>('dossiers', {
        filter: { campaignId, phase: 1, state: 'laureat' },
        sort: { field: 'projectName', order: 'ASC' },
        pagination: { page: 1, perPage: 500 },
      }),
  });
  const toggle = (list: string[], set: (l: string[]) => void, id: string) =>
    set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const submit = async () => {
    try {
      const r = await dp.call<{ created: number; skipped: number }>('POST', '/service-allocations/bulk', {
        serviceIds: services,
        dossierIds: dossiers,
      });
      notify(`${r.created} attribution(s) créée(s)${r.skipped ? `, ${r.skipped} déjà en place` : ''}.`, { type: 'success' });
      refresh();
      onClose();
    } catch (e) {
      notify(apiFailure(e).message, { type: 'error' });
    }
  };
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="allocate-title">
      <DialogTitle id="allocate-title">Attribuer des services aux lauréats de la phase 1</DialogTitle>
      <DialogContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={4}>
          <FormGroup aria-label="Services">
            <Typography variant="subtitle1">Services</Typography>
            {(catalogue.data?.data ?? []).map((s) => (
              <FormControlLabel
                key={s.id}
                control={<Checkbox checked={services.includes(s.id)} onChange={() => toggle(services, setServices, s.id)} />}
                label={`${s.title} (${s.provider})`}
              />
            ))}
          </FormGroup>
          <FormGroup aria-label="Lauréats">
            <Typography variant="subtitle1">Lauréats de la phase 1</Typography>
            {(laureats.data?.data ?? []).map((d) => (
              <FormControlLabel
                key={d.id}
                control={<Checkbox checked={dossiers.includes(d.id)} onChange={() => toggle(dossiers, setDossiers, d.id)} />}
                label={d.projectName}
              />
            ))}
            {laureats.data?.data.length === 0 && <Typography>Aucun lauréat pour l’instant.</Typography>}
          </FormGroup>
        </Stack>
      </DialogContent>
      <DialogActions>
        <MuiButton onClick={onClose}>Annuler</MuiButton>
        <MuiButton variant="contained" onClick={submit} disabled={!services.length || !dossiers.length}>
          Attribuer ({services.length} × {dossiers.length})
        </MuiButton>
      </DialogActions>
    </Dialog>
  );
};

const Actions = () => {
  const { filterValues } = useListContext();
  const [open, setOpen] = useState(false);
  const campaignId = typeof filterValues.campaignId === 'string' ? filterValues.campaignId : null;
  return (
    <TopToolbar>
      <MuiButton startIcon={<GroupAddIcon />} onClick={() => setOpen(true)} disabled={!campaignId}>
        Attribuer des services
      </MuiButton>
      {open && campaignId && <AllocateDialog campaignId={campaignId} onClose={() => setOpen(false)} />}
    </TopToolbar>
  );
};

const filters = [
  <ReferenceInput key="campaignId" source="campaignId" reference="campaigns" sort={{ field: 'publishedAt', order: 'DESC' }} alwaysOn>
    <SelectInput label="Campagne" optionText="name" />
  </ReferenceInput>,
  <SelectInput key="status" source="status" label="Suivi" choices={STATUS_CHOICES} alwaysOn />,
];

const Col = DataTable.Col<AllocationRecord>;

/** Follow-up of the services allocated to each lauréat: planned, started, done, with a note. */
export const AllocationList = () => (
  <List<AllocationRecord>
    title="Suivi du bouquet de services"
    filters={filters}
    sort={{ field: 'projectName', order: 'ASC' }}
    actions={<Actions />}
    empty={false}
  >
    <DataTable<AllocationRecord> rowClick="edit" bulkActionButtons={false}>
      <Col source="projectName" label="Lauréat" />
      <Col source="serviceTitle" label="Service" />
      <Col source="status" label="Suivi" render={(r) => r.statusLabel} />
      <Col source="note" label="Note" disableSort />
    </DataTable>
  </List>
);

export const AllocationEdit = () => (
  <Edit
    title="Suivi du service"
    mutationMode="pessimistic"
    redirect="list"
    transform={(d: AllocationRecord) => ({ status: d.status, note: d.note })}
  >
    <SimpleForm>
      <TextInput source="projectName" label="Lauréat" disabled fullWidth />
      <TextInput source="serviceTitle" label="Service" disabled fullWidth />
      <SelectInput source="status" label="Suivi" choices={STATUS_CHOICES} />
      <TextInput source="note" label="Note" multiline minRows={3} fullWidth />
    </SimpleForm>
  </Edit>
);
