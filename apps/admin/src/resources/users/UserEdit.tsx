import { Edit, useRecordContext } from 'react-admin';
import { UserForm } from './UserForm';
import { toUserPayload, type UserRecord } from './types';

const UserTitle = () => {
  const record = useRecordContext<UserRecord>();
  return <>Utilisateur{record ? ` : ${record.fullName}` : ''}</>;
};

export const UserEdit = () => (
  <Edit<UserRecord> title={<UserTitle />} mutationMode="pessimistic" redirect="list" transform={toUserPayload}>
    <UserForm mode="edit" />
  </Edit>
);
