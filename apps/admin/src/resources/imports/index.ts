import SyncAltIcon from '@mui/icons-material/SyncAlt';
import type { ResourceProps } from 'react-admin';
import { ImportCreate } from './ImportCreate';
import { ImportList } from './ImportList';
import { ImportShow } from './ImportShow';
import { formatInstant, type ImportRecord } from './types';

/**
 * `<Resource name="imports" {...imports} />` — for admins and instructeurs (the screens check it; the API refuses
 * everybody else). Lists the imports, starts one (DS or export file), follows one live.
 */
const imports = {
  list: ImportList,
  show: ImportShow,
  create: ImportCreate,
  icon: SyncAltIcon,
  options: { label: 'Imports' },
  recordRepresentation: (record: ImportRecord) => `Import du ${formatInstant(record.createdAt)}`,
} satisfies Omit<ResourceProps, 'name'>;

export default imports;
