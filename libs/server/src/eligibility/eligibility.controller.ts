import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { BulkEligibilityDto, EligibilityUpdateDto } from './eligibility.dto';
import { EligibilityService } from './eligibility.service';

@ApiTags('eligibility')
@ApiBearerAuth()
@Roles('instructeur', 'admin', 'cabinet')
@Controller('dossiers/:id/eligibility')
export class EligibilityController {
  constructor(private readonly eligibility: EligibilityService) {}

  @Get()
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.eligibility.get(user, id);
  }

  @Roles('instructeur')
  @Put()
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: EligibilityUpdateDto, @Req() req: Request) {
    return this.eligibility.update(user, id, dto, requestIdOf(req));
  }
}

/** The dossier list's bulk confirmation of the criteria the pre-check found satisfied (one shared justification). */
@ApiTags('eligibility')
@ApiBearerAuth()
@Roles('instructeur')
@Controller('dossiers/bulk-eligibility')
export class BulkEligibilityController {
  constructor(private readonly eligibility: EligibilityService) {}

  /** {dossierIds, justification} → {applied, failed, results: [{id, ok, state, version, confirmed, allResolved, allPassed} | {id, ok: false, code, message}]} */
  @Post()
  @HttpCode(200)
  confirm(@CurrentUser() user: AuthUser, @Body() dto: BulkEligibilityDto, @Req() req: Request) {
    return this.eligibility.bulkConfirm(user, dto, requestIdOf(req));
  }
}
