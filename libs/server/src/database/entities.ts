// Every TypeORM entity the API and the worker map. Listed explicitly: no glob, no synchronize.
import { AvisEntity } from '../avis/avis.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { DossierAttachmentEntity, DossierEntity, JournalEntryEntity } from '../dossiers/dossier.entity';
import { DossierDsRawEntity, ImportRunEntity } from '../imports/import-run.entity';
import { OutboxEventEntity } from '../notifications/outbox-event.entity';
import { EmailTemplateEntity, NotificationEntity } from '../notifications/notification.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [
  UserEntity,
  CampaignEntity,
  DossierEntity,
  DossierAttachmentEntity,
  JournalEntryEntity,
  OutboxEventEntity,
  AvisEntity,
  ImportRunEntity,
  DossierDsRawEntity,
  NotificationEntity,
  EmailTemplateEntity,
];
