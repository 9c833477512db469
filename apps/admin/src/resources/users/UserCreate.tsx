import { Create } from 'react-admin';
import { UserForm } from './UserForm';
import { toUserPayload } from './types';

export const UserCreate = () => (
  <Create
    title="Créer un utilisateur"
    redirect="list"
    transform={toUserPayload}
    record={{ roles: [], regions: [], active: true, organisationSiret: '' }}
  >
    <UserForm mode="create" />
  </Create>
);
