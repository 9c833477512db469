import PolicyIcon from '@mui/icons-material/Policy';
import type { ResourceProps } from 'react-admin';
import { AuditList } from './AuditList';
import type { AuditEventRecord } from './types';

/** `<Resource name="audit-events" {...audit} />` — admins only (src/access.ts). */
const audit = {
  list: AuditList,
  icon: PolicyIcon,
  options: { label: 'Journal d’audit' },
  recordRepresentation: (record: AuditEventRecord) => `${record.typeLabel} (${record.at})`,
} satisfies Omit<ResourceProps, 'name'>;

export default audit;
