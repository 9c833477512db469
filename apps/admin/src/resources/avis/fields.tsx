import { Box } from '@mui/material';
import { ParisDate } from '../../components/ParisDateField';
import type { AvisRecord } from '../../components/avis/types';

export { STAFF_ROLES, isStaff } from './roles';

/** Where an avis opens: the form when the server lets the caller write it, the read-only view otherwise. */
export const avisPath = (a: Pick<AvisRecord, 'id' | 'actions'>) => (a.actions?.includes('save') ? `/avis/${a.id}` : `/avis/${a.id}/show`);

/** The due date in Paris time; red, bold and said « en retard » when the server flags the avis overdue. */
export const DueDate = ({ avis }: { avis: Pick<AvisRecord, 'dueAt' | 'overdue'> }) => (
  <Box component="span" sx={avis.overdue ? { color: 'error.main', fontWeight: 700 } : undefined} data-overdue={avis.overdue || undefined}>
    <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
      <ParisDate value={avis.dueAt} format="short" emptyText="Sans échéance" />
    </Box>
    {avis.overdue ? (
      <Box component="span" sx={{ display: 'block' }}>
        En retard
      </Box>
    ) : null}
  </Box>
);
