// The product's domain modules, one per area.
import { AvisModule } from './avis/avis.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DossiersModule } from './dossiers/dossiers.module';
import { EligibilityModule } from './eligibility/eligibility.module';
import { ImportsModule } from './imports/imports.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ExportsModule } from './exports/exports.module';
import { PublicModule } from './public/public.module';
import { SelectionModule } from './selection/selection.module';
import { WorkflowModule } from './workflow/workflow.module';
import { MembersModule } from './members/members.module';
import { StatsModule } from './stats/stats.module';
import { BouquetModule } from './bouquet/bouquet.module';

export const DOMAIN_MODULES = [CampaignsModule, DossiersModule, EligibilityModule, AvisModule, ImportsModule, NotificationsModule, SelectionModule, PublicModule, ExportsModule, WorkflowModule, DashboardModule, MembersModule, StatsModule, BouquetModule];
