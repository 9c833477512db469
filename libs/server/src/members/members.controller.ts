import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { MembersUpdateDto } from './members.dto';
import { MembersService } from './members.service';

/** The structured member list of a dossier (the PTCE's partnership). Reviewers see it within their scope. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('dossiers/:id/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Roles('instructeur', 'admin', 'cabinet', 'correspondant_ess', 'cress', 'compagnon', 'expert')
  @Get()
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.members.get(user, id);
  }

  @Roles('instructeur')
  @Put()
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: MembersUpdateDto, @Req() req: Request) {
    return this.members.update(user, id, dto, requestIdOf(req));
  }
}
