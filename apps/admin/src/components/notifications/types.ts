/**
 * Shapes of the notification endpoints (contract shared with the notifications backend): `GET /api/notifications`,
 * `/summary`, `/:id/preview`, `GET /api/email-templates`, `GET /api/campaigns/:id/schedule`.
 */
export type NotificationStatus = 'planned' | 'queued' | 'sent' | 'failed' | 'cancelled';
export type NotificationChannel = 'email' | 'ds';

export interface NotificationRecord {
  id: string;
  template: string;
  templateLabel: string | null;
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

export type StatusCounts = Record<NotificationStatus, number>;

/** `GET /api/notifications/:id/preview` and `POST /api/email-templates/:code/preview`. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** `GET /api/campaigns/:id/schedule` */
export interface CampaignSchedule {
  campaignId: string;
  items: {
    at: string;
    calendarField: string | null;
    template: string;
    templateLabel: string | null;
    recipients: number;
    byStatus: StatusCounts;
  }[];
}

/** `GET /api/email-templates[/:code]` */
export interface EmailTemplateRecord {
  id: string;
  code: string;
  label: string;
  description: string | null;
  audience: string | null;
  subject: string;
  html: string;
  text: string;
  variables: string[];
  dsDuplicate: boolean;
  updatedAt: string | null;
}
