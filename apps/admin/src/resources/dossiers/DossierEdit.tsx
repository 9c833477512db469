import { Edit, useRecordContext } from 'react-admin';
import { DossierForm } from './DossierForm';
import { toUpdatePayload } from './payload';
import type { DossierRecord } from './types';

const DossierTitle = () => {
  const record = useRecordContext<DossierRecord>();
  return <>Modifier le dossier{record ? ` : ${record.projectName}` : ''}</>;
};

/** Content fields only, with the version read (expectedVersion): a concurrent change is refused (VERSION_CONFLICT). */
export const DossierEdit = () => (
  <Edit<DossierRecord> title={<DossierTitle />} mutationMode="pessimistic" redirect="show" transform={toUpdatePayload}>
    <DossierForm mode="edit" />
  </Edit>
);
