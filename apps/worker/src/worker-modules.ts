// Queue processors of the domain areas (notifications, imports, reminders) register here.
import { ExportsQueueModule } from './exports/exports-queue.module';
import { ImportsQueueModule } from './imports/imports-queue.module';
import { NotificationsQueueModule } from './notifications/notifications-queue.module';
export const WORKER_MODULES = [ImportsQueueModule, NotificationsQueueModule, ExportsQueueModule];
