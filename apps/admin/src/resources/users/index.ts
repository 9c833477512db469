import PeopleIcon from '@mui/icons-material/People';
import type { ResourceProps } from 'react-admin';
import { UserCreate } from './UserCreate';
import { UserEdit } from './UserEdit';
import { UserList } from './UserList';
import type { UserRecord } from './types';

/** `<Resource name="users" {...users} />` — visible to admins only (see src/access.ts). */
const users = {
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: PeopleIcon,
  options: { label: 'Utilisateurs' },
  recordRepresentation: (record: UserRecord) => record.fullName,
} satisfies Omit<ResourceProps, 'name'>;

export default users;
