import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Drawer, IconButton, Stack, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import ReplayIcon from '@mui/icons-material/Replay';
import CancelScheduleSendIcon from '@mui/icons-material/CancelScheduleSend';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LinkBase, useGetOne, useNotify, usePermissions } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../apiErrors';
import { InfoList } from '../InfoList';
import { ParisDate } from '../ParisDateField';
import { CHANNEL_LABELS, NOTIFICATION_MANAGER_ROLES, templateLabel } from './labels';
import { MailPreview } from './MailPreview';
import { NotificationStatusChip } from './NotificationStatusChip';
import type { NotificationRecord, RenderedMail } from './types';

/**
 * One notification in a side drawer: who, what, when, its delivery status and last error, the rendered mail
 * (`GET /api/notifications/:id/preview`), and for instructeurs and admins the « Renvoyer » / « Annuler l’envoi »
 * buttons, which call the server and wait for its answer (its French message on refusal).
 */
export const NotificationDrawer = ({
  notificationId,
  onClose,
  onChanged,
}: {
  notificationId: string | null;
  onClose: () => void;
  onChanged?: (row: NotificationRecord) => void;
}) => (
  <Drawer
    anchor="right"
    open={Boolean(notificationId)}
    onClose={onClose}
    slotProps={{ paper: { sx: { width: { xs: '100%', md: 640 }, p: 3 }, 'aria-labelledby': 'notification-drawer-title' } as object }}
  >
    {notificationId ? <DrawerContent id={notificationId} onClose={onClose} onChanged={onChanged} /> : null}
  </Drawer>
);

const DrawerContent = ({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged?: (row: NotificationRecord) => void }) => {
  const dp = useAppDataProvider();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { permissions } = usePermissions<string[]>();
  const manages = (Array.isArray(permissions) ? permissions : []).some((r) => NOTIFICATION_MANAGER_ROLES.includes(r));
  const { data: row, error, isPending, refetch } = useGetOne<NotificationRecord>('notifications', { id });
  const preview = useQuery({
    queryKey: ['notifications', id, 'preview'],
    queryFn: ({ signal }) => dp.call<RenderedMail>('GET', `/notifications/${id}/preview`, undefined, { signal }),
  });
  const [busy, setBusy] = useState<null | 'resend' | 'cancel'>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const act = async (kind: 'resend' | 'cancel') => {
    setBusy(kind);
    setFailure(null);
    try {
      const result = await dp.call<NotificationRecord>('POST', `/notifications/${id}/${kind}`);
      notify(kind === 'resend' ? 'Un nouvel envoi du courriel est planifié.' : 'L’envoi du courriel est annulé.', { type: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['notifications'] });
      await refetch();
      if (result) onChanged?.(result);
    } catch (e) {
      setFailure(apiFailure(e).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Box data-testid="notification-drawer">
      <Stack direction="row" alignItems="flex-start" spacing={1} sx={{ mb: 2 }}>
        <Typography id="notification-drawer-title" variant="h6" component="h2" sx={{ fontWeight: 700, flex: 1 }}>
          {row ? templateLabel(row.template, row.templateLabel) : 'Courriel'}
        </Typography>
        <IconButton onClick={onClose} aria-label="Fermer le détail du courriel">
          <CloseIcon />
        </IconButton>
      </Stack>
      {error ? <Alert severity="error">{apiFailure(error).message}</Alert> : null}
      {isPending ? (
        <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <CircularProgress size={20} aria-hidden="true" /> Chargement…
        </Box>
      ) : null}
      {row ? (
        <>
          <InfoList
            labelWidth={170}
            items={[
              { label: 'Statut', value: <NotificationStatusChip status={row.status} /> },
              { label: 'Destinataire', value: row.recipientName ? `${row.recipientName} <${row.recipient}>` : row.recipient },
              { label: 'Canal', value: CHANNEL_LABELS[row.channel] ?? row.channel },
              {
                label: 'Dossier',
                value: row.dossierId ? (
                  <LinkBase to={`/dossiers/${row.dossierId}/show`}>{row.projectName ?? 'Voir le dossier'}</LinkBase>
                ) : null,
              },
              { label: 'Prévu pour', value: <ParisDate value={row.scheduledFor} emptyText="Dès que possible" /> },
              { label: 'Envoyé le', value: row.sentAt ? <ParisDate value={row.sentAt} /> : null },
              { label: 'Tentatives', value: String(row.attempts) },
              { label: 'Dernière erreur', value: row.lastError },
              { label: 'Renvoi de', value: row.resendOf ? 'un envoi précédent' : null },
            ]}
          />
          {manages ? (
            <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" sx={{ my: 2 }}>
              <Button
                variant="contained"
                startIcon={busy === 'resend' ? <CircularProgress size={16} color="inherit" /> : <ReplayIcon />}
                disabled={busy !== null}
                onClick={() => void act('resend')}
              >
                Renvoyer
              </Button>
              <Button
                variant="outlined"
                startIcon={busy === 'cancel' ? <CircularProgress size={16} color="inherit" /> : <CancelScheduleSendIcon />}
                disabled={busy !== null}
                onClick={() => void act('cancel')}
              >
                Annuler l’envoi
              </Button>
            </Stack>
          ) : null}
          <div aria-live="assertive">
            {failure ? (
              <Alert severity="error" sx={{ mb: 2 }}>
                {failure}
              </Alert>
            ) : null}
          </div>
        </>
      ) : null}
      <Typography variant="h6" component="h2" sx={{ fontWeight: 700, mt: 2, mb: 1 }}>
        Aperçu
      </Typography>
      {preview.error ? <Alert severity="error">{apiFailure(preview.error).message}</Alert> : null}
      {preview.isPending ? (
        <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <CircularProgress size={20} aria-hidden="true" /> Chargement de l’aperçu…
        </Box>
      ) : null}
      {preview.data ? <MailPreview mail={preview.data} /> : null}
    </Box>
  );
};
