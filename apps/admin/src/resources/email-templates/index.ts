import DraftsIcon from '@mui/icons-material/Drafts';
import type { ResourceProps } from 'react-admin';
import type { EmailTemplateRecord } from '../../components/notifications';
import { EmailTemplateEdit } from './EmailTemplateEdit';
import { EmailTemplateList } from './EmailTemplateList';

/** `<Resource name="email-templates" {...emailTemplates} />` — the mail templates and their editor, for admins. */
const emailTemplates = {
  list: EmailTemplateList,
  edit: EmailTemplateEdit,
  icon: DraftsIcon,
  options: { label: 'Modèles de courriels' },
  recordRepresentation: (record: EmailTemplateRecord) => record.label,
} satisfies Omit<ResourceProps, 'name'>;

export default emailTemplates;
