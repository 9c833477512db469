import RateReviewIcon from '@mui/icons-material/RateReview';
import type { ResourceProps } from 'react-admin';
import { readSession } from '../../providers/session';
import type { AvisRecord } from '../../components/avis/types';
import { AvisList } from './AvisList';
import { AvisPage } from './AvisPage';
import { isStaff } from './fields';

/**
 * `<Resource name="avis" {...avis} />` — the reviewers' inbox « Mes avis » and the avis form (`/avis/:id`), the
 * read-only view (`/avis/:id/show`); national staff see every avis (« Avis »). Who sees what: src/access.ts and,
 * above all, the API (a reviewer only ever gets their own avis).
 */
const avis = {
  list: AvisList,
  edit: AvisPage,
  show: AvisPage,
  icon: RateReviewIcon,
  options: {
    // read at each render of the menu and the dashboard: « Mes avis » for a reviewer, « Avis » for national staff
    get label() {
      return isStaff(readSession()?.user.roles) ? 'Avis' : 'Mes avis';
    },
  },
  recordRepresentation: (record: AvisRecord) => record.dossier?.projectName ?? 'Avis',
} satisfies Omit<ResourceProps, 'name'>;

export default avis;
