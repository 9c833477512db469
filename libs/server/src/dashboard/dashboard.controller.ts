import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** The caller's figures for a campaign (default: the latest), scoped as the lists are; one section per role held. */
  @Get()
  @ApiQuery({ name: 'campaignId', required: false })
  get(@CurrentUser() user: AuthUser, @Query('campaignId') campaignId?: string) {
    return this.dashboard.forUser(user, campaignId);
  }
}
