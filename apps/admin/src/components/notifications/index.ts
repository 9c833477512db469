/**
 * Notification components used outside the `notifications` resource: the campaign's mail timeline, the dossier's
 * « Courriels » tab, the send progress indicator, the preview drawer.
 */
export { CampaignTimeline } from './CampaignTimeline';
export { DossierNotificationsTab } from './DossierNotificationsTab';
export { NotificationDrawer } from './NotificationDrawer';
export { NotificationStatusChip } from './NotificationStatusChip';
export { MailPreview } from './MailPreview';
export { SendProgress, useNotificationSummary } from './SendProgress';
export * from './labels';
export type * from './types';
