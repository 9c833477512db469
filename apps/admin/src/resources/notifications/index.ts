import MailOutlineIcon from '@mui/icons-material/MailOutline';
import type { ResourceProps } from 'react-admin';
import type { NotificationRecord } from '../../components/notifications';
import { NotificationList } from './NotificationList';

/**
 * `<Resource name="notifications" {...notifications} />` — « Courriels »: what the platform planned and sent,
 * read by instructeurs, admins and the cabinet (src/access.ts); resend / cancel for instructeurs and admins.
 */
const notifications = {
  list: NotificationList,
  icon: MailOutlineIcon,
  options: { label: 'Courriels' },
  recordRepresentation: (record: NotificationRecord) => record.subject ?? record.template,
} satisfies Omit<ResourceProps, 'name'>;

export default notifications;
