import { useId } from 'react';
import { Alert, Box, CircularProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { LinkBase } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../apiErrors';
import { CALENDAR_FIELD_LABELS } from '../domainLabels';
import { ParisDate } from '../ParisDateField';
import { NOTIFICATION_STATUSES } from './labels';
import { NotificationStatusChip } from './NotificationStatusChip';
import { SendProgress } from './SendProgress';
import { templateLabel } from './labels';
import type { CampaignSchedule } from './types';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The campaign's mail timeline (`GET /api/campaigns/:id/schedule`): per date, which mail leaves, to how many
 * recipients, and where each batch stands (planned, sent, failed…), with the calendar step it follows. Read
 * again every 30 s (and every 3 s while a burst is being sent, through the progress indicator).
 */
export const CampaignTimeline = ({ campaignId }: { campaignId: string }) => {
  const uid = useId();
  const dp = useAppDataProvider();
  const { data, error, isPending } = useQuery({
    queryKey: ['campaigns', campaignId, 'schedule'],
    queryFn: ({ signal }) => dp.call<CampaignSchedule>('GET', `/campaigns/${campaignId}/schedule`, undefined, { signal }),
    // Read again on every visit (a calendar just saved re-plans its mails) and while the page stays open.
    refetchOnMount: 'always',
    staleTime: 0,
    refetchInterval: 30000,
  });
  const listFilter = (template: string) => `/notifications?filter=${encodeURIComponent(JSON.stringify({ campaignId, template }))}`;

  return (
    <Box component="section" aria-labelledby={`${uid}-t`} data-testid="campaign-timeline" sx={{ mb: 3 }}>
      <Typography id={`${uid}-t`} variant="h6" component="h2" sx={{ mb: 1.5, fontWeight: 700 }}>
        Courriels planifiés (heure de Paris)
      </Typography>
      <SendProgress campaignId={campaignId} title="État des envois de la campagne" />
      {error ? <Alert severity="error">{apiFailure(error).message}</Alert> : null}
      {isPending ? (
        <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <CircularProgress size={20} aria-hidden="true" /> Chargement du calendrier des envois…
        </Box>
      ) : null}
      {data && data.items.length === 0 ? (
        <Typography sx={{ fontStyle: 'italic' }}>Aucun courriel planifié pour cette campagne.</Typography>
      ) : null}
      {data && data.items.length > 0 ? (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, borderLeft: 2, borderColor: 'primary.main', ml: 1 }}>
          {data.items.map((item) => (
            <Box
              component="li"
              key={`${item.at}-${item.template}`}
              data-template={item.template}
              sx={{ position: 'relative', pl: 3, pb: 2.5, '&::marker': { content: 'none' } }}
            >
              <Box
                aria-hidden="true"
                sx={{
                  position: 'absolute',
                  left: -7,
                  top: 6,
                  width: 12,
                  height: 12,
                  borderRadius: '50%',
                  bgcolor: 'primary.main',
                  border: '2px solid white',
                }}
              />
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                <ParisDate value={item.at} emptyText="Dès que possible" />
                {item.calendarField
                  ? ` — ${capitalise((CALENDAR_FIELD_LABELS as Record<string, string>)[item.calendarField] ?? item.calendarField)}`
                  : ''}
              </Typography>
              <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
                <LinkBase to={listFilter(item.template)}>{templateLabel(item.template, item.templateLabel)}</LinkBase>
              </Typography>
              <Typography variant="body2" data-testid="timeline-recipients">
                {item.recipients} destinataire{item.recipients > 1 ? 's' : ''}
              </Typography>
              <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" sx={{ mt: 0.5 }}>
                {NOTIFICATION_STATUSES.filter((s) => (item.byStatus?.[s] ?? 0) > 0).map((s) => (
                  <Box key={s} component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
                    <NotificationStatusChip status={s} />
                    <Typography component="span" variant="body2">
                      {item.byStatus[s]}
                    </Typography>
                  </Box>
                ))}
              </Stack>
            </Box>
          ))}
        </Box>
      ) : null}
    </Box>
  );
};
