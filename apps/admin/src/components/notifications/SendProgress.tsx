import { useId } from 'react';
import { Alert, Box, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../apiErrors';
import { NOTIFICATION_STATUSES, NOTIFICATION_STATUS_LABELS } from './labels';
import { NotificationStatusChip } from './NotificationStatusChip';
import type { StatusCounts } from './types';

/** `GET /api/notifications/summary[?campaignId=]`, re-read every 3 s while mail is being sent, every 30 s otherwise. */
export function useNotificationSummary(campaignId?: string | null) {
  const dp = useAppDataProvider();
  return useQuery({
    queryKey: ['notifications', 'summary', campaignId ?? null],
    queryFn: ({ signal }) =>
      dp.call<StatusCounts>(
        'GET',
        `/notifications/summary${campaignId ? `?campaignId=${encodeURIComponent(campaignId)}` : ''}`,
        undefined,
        { signal },
      ),
    refetchInterval: (query) => ((query.state.data?.queued ?? 0) > 0 ? 3000 : 30000),
  });
}

/**
 * The counts per status and, while a burst is being sent (`queued` > 0), a progress bar: sent out of what is
 * sent, failed or still queued. The numbers come from the server as they are.
 */
export const SendProgress = ({ campaignId, title = 'Envois' }: { campaignId?: string | null; title?: string }) => {
  const uid = useId();
  const { data, error, isPending } = useNotificationSummary(campaignId);
  if (error) return <Alert severity="error">{apiFailure(error).message}</Alert>;
  if (isPending || !data) return null;
  const inFlight = data.queued + data.sent + data.failed;
  const sending = data.queued > 0;
  const percent = inFlight ? Math.round((data.sent / inFlight) * 100) : 0;
  return (
    <Box component="section" aria-labelledby={`${uid}-t`} data-testid="send-progress" sx={{ mb: 2 }}>
      <Typography id={`${uid}-t`} component="h2" variant="subtitle1" sx={{ fontWeight: 700, mb: 0.5 }}>
        {title}
      </Typography>
      <Stack
        direction="row"
        spacing={1.5}
        useFlexGap
        flexWrap="wrap"
        alignItems="center"
        component="ul"
        sx={{ listStyle: 'none', p: 0, m: 0 }}
      >
        {NOTIFICATION_STATUSES.map((s) => (
          <Box component="li" key={s} sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
            <NotificationStatusChip status={s} />
            <Typography component="span" variant="body2" data-count={s}>
              <strong>{data[s]}</strong>
              <span className="fr-sr-only"> {NOTIFICATION_STATUS_LABELS[s].toLowerCase()}</span>
            </Typography>
          </Box>
        ))}
      </Stack>
      {sending ? (
        <Box sx={{ mt: 1.5, maxWidth: 640 }}>
          <Typography id={`${uid}-p`} variant="body2" aria-live="polite" sx={{ mb: 0.5 }}>
            Envoi en cours : {data.sent} envoyé(s) sur {inFlight}, {data.queued} en attente d’envoi
            {data.failed ? `, ${data.failed} en échec` : ''}.
          </Typography>
          <LinearProgress variant="determinate" value={percent} aria-labelledby={`${uid}-p`} sx={{ height: 10, borderRadius: 1 }} />
        </Box>
      ) : null}
    </Box>
  );
};
