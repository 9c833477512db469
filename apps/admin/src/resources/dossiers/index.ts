import FolderIcon from '@mui/icons-material/Folder';
import type { ResourceProps } from 'react-admin';
import { DossierCreate } from './DossierCreate';
import { DossierEdit } from './DossierEdit';
import { DossierList } from './DossierList';
import { DossierShow } from './DossierShow';
import type { DossierRecord } from './types';

/**
 * `<Resource name="dossiers" {...dossiers} />` — every staff member, scoped by the API; instructeurs (and admins)
 * enter and correct content (src/access.ts). The dossier page's tabs: ./tabs/index.ts (DOSSIER_TABS).
 */
const dossiers = {
  list: DossierList,
  show: DossierShow,
  create: DossierCreate,
  edit: DossierEdit,
  icon: FolderIcon,
  options: { label: 'Dossiers' },
  recordRepresentation: (record: DossierRecord) => record.projectName,
} satisfies Omit<ResourceProps, 'name'>;

export default dossiers;
