import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser } from '../common/auth.decorators';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { TransitionDto } from '../dossiers/dossiers.dto';
import { WorkflowService } from './workflow.service';

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers/:id/transitions')
export class DossierTransitionsController {
  constructor(private readonly workflow: WorkflowService) {}

  @Get()
  allowed(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.workflow.allowed(user, id);
  }

  @Post()
  @HttpCode(200)
  apply(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: TransitionDto, @Req() req: Request) {
    return this.workflow.transition(user, id, dto, requestIdOf(req));
  }
}
