import EventNoteIcon from '@mui/icons-material/EventNote';
import type { ResourceProps } from 'react-admin';
import { CampaignCreate } from './CampaignCreate';
import { CampaignEdit } from './CampaignEdit';
import { CampaignList } from './CampaignList';
import { CampaignShow } from './CampaignShow';
import type { CampaignRecord } from './types';

/** `<Resource name="campaigns" {...campaigns} />` — read by all staff, written by admins (src/access.ts). */
const campaigns = {
  list: CampaignList,
  show: CampaignShow,
  create: CampaignCreate,
  edit: CampaignEdit,
  icon: EventNoteIcon,
  options: { label: 'Campagnes' },
  recordRepresentation: (record: CampaignRecord) => record.name,
} satisfies Omit<ResourceProps, 'name'>;

export default campaigns;
