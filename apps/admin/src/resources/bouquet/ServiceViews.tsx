import {
  Create,
  CreateButton,
  DataTable,
  Edit,
  List,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  TopToolbar,
  required,
} from 'react-admin';

export interface ServiceRecord {
  id: string;
  campaignId: string;
  title: string;
  provider: string;
  description: string;
  capacity: number | null;
  allocated: number;
}

const Col = DataTable.Col<ServiceRecord>;

const filters = [
  <ReferenceInput key="campaignId" source="campaignId" reference="campaigns" sort={{ field: 'publishedAt', order: 'DESC' }} alwaysOn>
    <SelectInput label="Campagne" optionText="name" />
  </ReferenceInput>,
  <TextInput key="q" source="q" label="Recherche" alwaysOn resettable />,
];

/**
 * The campaign's « bouquet de services spécifique émergence » (seed 001: published with the phase-1 lauréats):
 * title, provider, description, capacity, and how many lauréats each already serves.
 */
export const ServiceList = () => (
  <List<ServiceRecord>
    title="Bouquet de services"
    filters={filters}
    sort={{ field: 'title', order: 'ASC' }}
    actions={
      <TopToolbar>
        <CreateButton label="Ajouter un service" />
      </TopToolbar>
    }
    empty={false}
  >
    <DataTable<ServiceRecord> rowClick="edit" bulkActionButtons={false}>
      <Col source="title" label="Service" />
      <Col source="provider" label="Prestataire" />
      <Col source="campaignId" label="Campagne" disableSort>
        <ReferenceField source="campaignId" reference="campaigns" link={false} />
      </Col>
      <Col source="capacity" label="Capacité" align="right" render={(r) => (r.capacity === null ? 'Illimitée' : r.capacity)} />
      <Col source="allocated" label="Lauréats accompagnés" align="right" disableSort />
    </DataTable>
  </List>
);

const ServiceForm = ({ creating }: { creating?: boolean }) => (
  <SimpleForm>
    {creating && (
      <ReferenceInput source="campaignId" reference="campaigns" sort={{ field: 'publishedAt', order: 'DESC' }}>
        <SelectInput label="Campagne" optionText="name" validate={required('La campagne est obligatoire.')} />
      </ReferenceInput>
    )}
    <TextInput source="title" label="Titre du service" validate={required('Le titre du service est obligatoire.')} fullWidth />
    <TextInput source="provider" label="Prestataire" validate={required('Le prestataire est obligatoire.')} fullWidth />
    <TextInput source="description" label="Description" multiline minRows={3} fullWidth />
    <NumberInput source="capacity" label="Capacité (nombre de lauréats ; vide : illimitée)" min={1} step={1} />
  </SimpleForm>
);

export const ServiceCreate = () => (
  <Create title="Ajouter un service au bouquet" redirect="list">
    <ServiceForm creating />
  </Create>
);

export const ServiceEdit = () => (
  <Edit title="Modifier le service" mutationMode="pessimistic" redirect="list">
    <ServiceForm />
  </Edit>
);
