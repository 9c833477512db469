import { StatusChip } from '../StatusChip';
import { NOTIFICATION_STATUS_LABELS, NOTIFICATION_STATUS_TONES } from './labels';
import type { NotificationStatus } from './types';

/** The delivery status of a notification as a chip (the text carries the meaning, the colour helps). */
export const NotificationStatusChip = ({ status }: { status: NotificationStatus | string }) => (
  <StatusChip
    tone={NOTIFICATION_STATUS_TONES[status as NotificationStatus] ?? 'grey'}
    label={NOTIFICATION_STATUS_LABELS[status as NotificationStatus] ?? status}
    data-status={status}
  />
);
