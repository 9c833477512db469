import {
  BooleanField,
  CreateButton,
  DataTable,
  ExportButton,
  List,
  NullableBooleanInput,
  SelectInput,
  TextInput,
  TopToolbar,
} from 'react-admin';
import { REGION_CHOICES, ROLE_CHOICES } from '../../labels';
import { RegionsField, RolesField } from './fields';
import type { UserRecord } from './types';

const userFilters = [
  <TextInput key="q" source="q" label="Recherche" helperText="Nom ou adresse électronique" alwaysOn resettable />,
  <SelectInput key="role" source="role" label="Rôle" choices={ROLE_CHOICES} alwaysOn emptyText="Tous les rôles" />,
  <SelectInput key="region" source="region" label="Région" choices={REGION_CHOICES} alwaysOn emptyText="Toutes les régions" />,
  <NullableBooleanInput
    key="active"
    source="active"
    label="Actif"
    alwaysOn
    nullLabel="Tous"
    trueLabel="Comptes actifs"
    falseLabel="Comptes désactivés"
  />,
];

const ListActions = () => (
  <TopToolbar>
    <CreateButton label="Créer un utilisateur" />
    <ExportButton />
  </TopToolbar>
);

const Col = DataTable.Col<UserRecord>;

export const UserList = () => (
  <List<UserRecord>
    title="Utilisateurs"
    filters={userFilters}
    sort={{ field: 'fullName', order: 'ASC' }}
    perPage={25}
    actions={<ListActions />}
    empty={false}
  >
    <DataTable<UserRecord> rowClick="edit" bulkActionButtons={false}>
      <Col source="fullName" label="Nom complet" />
      <Col source="email" label="Adresse électronique" />
      <Col source="roles" label="Rôles" disableSort field={RolesField} />
      <Col source="regions" label="Régions" disableSort field={RegionsField} />
      <Col source="organisationSiret" label="Organisation (SIRET)" />
      <Col source="active" label="Actif" field={BooleanField} />
    </DataTable>
  </List>
);
