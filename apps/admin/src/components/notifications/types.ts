/**
 * Shapes of the notification endpoints (contract shared with the notifications backend): `GET /api/notifications`,
 * `/summary`, `/:id/preview`, `GET /api/email-templates`, `GET /api/campaigns/:id/schedule`.
 */
export type { NotificationStatus } from '@ptce/domain/notifications/templates';
export type { NotificationChannel } from '@ptce/domain/contracts/notifications';
import type { NotificationStatus } from '@ptce/domain/notifications/templates';
/** One row of `GET /api/notifications` (the contract is in the domain lib, shared with the server). */
export type { NotificationDto as NotificationRecord } from '@ptce/domain/contracts/notifications';

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
