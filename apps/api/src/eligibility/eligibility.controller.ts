import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { EligibilityUpdateDto } from './eligibility.dto';
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
