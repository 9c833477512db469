import { Module } from '@nestjs/common';
import { DsChannelService } from './ds-channel.service';
import { EmailTemplatesService } from './email-templates.service';
import { NotificationContentService } from './notification-content.service';
import { NotificationPlannerService } from './notification-planner.service';
import { NotificationSenderService } from './notification-sender.service';
import { CampaignScheduleController, EmailTemplatesController, NotificationsController } from './notifications.controller';
import { NotificationTemplateRepository } from './notification-template.repository';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * Notifications: the rows (source of truth), the templates, the planner (relay from the outbox, reminders, weekly
 * digest, calendar re-planning) and the sender. The API only reads and edits rows: it needs no Redis to record a
 * decision; the worker (apps/worker/src/notifications) runs the relay and the BullMQ queues.
 */
@Module({
  controllers: [NotificationsController, EmailTemplatesController, CampaignScheduleController],
  providers: [
    DsChannelService,
    NotificationContentService,
    NotificationPlannerService,
    NotificationSenderService,
    NotificationsService,
    EmailTemplatesService,
    NotificationsRepository,
    NotificationTemplateRepository,
  ],
  exports: [
    DsChannelService,
    NotificationContentService,
    NotificationPlannerService,
    NotificationSenderService,
    NotificationsService,
    NotificationsRepository,
  ],
})
export class NotificationsModule {}
