import type { NotificationStatus } from '../notifications/templates';

export type NotificationChannel = 'email' | 'ds';

/** A notification (an e-mail or a DS message) as `GET /api/notifications` and its siblings send it. */
export interface NotificationDto {
  id: string;
  template: string;
  templateLabel: string;
  campaignId: string | null;
  dossierId: string | null;
  avisId: string | null;
  recipient: string;
  recipientName: string | null;
  subject: string | null;
  scheduledFor: string | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  sentAt: string | null;
  resendOf: string | null;
  channel: NotificationChannel;
  createdAt: string;
  updatedAt: string;
  projectName: string | null;
}
