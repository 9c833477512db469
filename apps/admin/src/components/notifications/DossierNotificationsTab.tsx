import { useState } from 'react';
import { Alert, Box, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList, useRecordContext } from 'react-admin';
import { apiFailure } from '../apiErrors';
import { ParisDate } from '../ParisDateField';
import { templateLabel } from './labels';
import { NotificationDrawer } from './NotificationDrawer';
import { NotificationStatusChip } from './NotificationStatusChip';
import type { NotificationRecord } from './types';

/**
 * The dossier page's « Courriels » tab: every mail planned or sent about the dossier (`GET /api/notifications?
 * filter={dossierId}`), newest planned date first; a row opens the preview drawer.
 */
export const DossierNotificationsTab = ({ record: recordProp }: { record?: { id: string } }) => {
  const contextRecord = useRecordContext<{ id: string }>();
  const record = recordProp ?? contextRecord;
  const [openId, setOpenId] = useState<string | null>(null);
  const { data, error, isPending } = useGetList<NotificationRecord>(
    'notifications',
    { filter: { dossierId: record?.id }, pagination: { page: 1, perPage: 100 }, sort: { field: 'scheduledFor', order: 'DESC' } },
    { enabled: Boolean(record?.id) },
  );
  if (!record) return null;
  return (
    <Box data-testid="dossier-notifications-tab">
      <Typography variant="h6" component="h2" sx={{ fontWeight: 700, mb: 0.5 }}>
        Courriels du dossier
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary', mb: 2 }}>
        Les courriels planifiés et envoyés au sujet de ce dossier, heure de Paris. Choisissez une ligne pour voir le courriel.
      </Typography>
      {error ? <Alert severity="error">{apiFailure(error).message}</Alert> : null}
      {isPending ? (
        <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <CircularProgress size={20} aria-hidden="true" /> Chargement des courriels…
        </Box>
      ) : null}
      {data && data.length === 0 ? <Typography sx={{ fontStyle: 'italic' }}>Aucun courriel pour ce dossier.</Typography> : null}
      {data && data.length > 0 ? (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Courriels du dossier">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  Prévu pour
                </TableCell>
                <TableCell component="th" scope="col">
                  Courriel
                </TableCell>
                <TableCell component="th" scope="col">
                  Destinataire
                </TableCell>
                <TableCell component="th" scope="col">
                  Statut
                </TableCell>
                <TableCell component="th" scope="col">
                  Envoyé le
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((n) => (
                <TableRow
                  key={n.id}
                  hover
                  tabIndex={0}
                  data-id={n.id}
                  onClick={() => setOpenId(n.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setOpenId(n.id);
                    }
                  }}
                  sx={{ cursor: 'pointer', '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } }}
                >
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <ParisDate value={n.scheduledFor} format="short" emptyText="Dès que possible" />
                  </TableCell>
                  <TableCell>{templateLabel(n.template, n.templateLabel)}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    {n.recipientName ? `${n.recipientName} (${n.recipient})` : n.recipient}
                  </TableCell>
                  <TableCell>
                    <NotificationStatusChip status={n.status} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <ParisDate value={n.sentAt} format="short" />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : null}
      <NotificationDrawer notificationId={openId} onClose={() => setOpenId(null)} />
    </Box>
  );
};
