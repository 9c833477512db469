import { Chip, Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { regionLabel, roleLabel } from '../../labels';
import type { UserRecord } from './types';

/** Roles as chips with their French labels. */
export const RolesField = () => {
  const record = useRecordContext<UserRecord>();
  if (!record?.roles?.length) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {record.roles.map((role) => (
        <Chip key={role} label={roleLabel(role)} size="small" color="secondary" />
      ))}
    </Stack>
  );
};

/** Region names (INSEE code in a tooltip). */
export const RegionsField = () => {
  const record = useRecordContext<UserRecord>();
  if (!record?.regions?.length) return null;
  return (
    <span>
      {record.regions.map((code, i) => (
        <span key={code} title={`Code INSEE ${code}`}>
          {i > 0 ? ', ' : ''}
          {regionLabel(code)}
        </span>
      ))}
    </span>
  );
};
