import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { REVIEWER_ROLES } from '@ptce/domain';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { AssignmentService } from './assignment.service';
import { AssignAvisDto } from './avis.dto';

/** The instructeur assigns reviewers by hand: candidates with their load and conflicts, then the assignment. */
@ApiTags('avis')
@ApiBearerAuth()
@Roles('instructeur', 'admin')
@Controller('dossiers/:id')
export class AssignmentsController {
  constructor(private readonly assignment: AssignmentService) {}

  @Get('assignment-candidates')
  @ApiQuery({ name: 'role', enum: REVIEWER_ROLES })
  candidates(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query('role') role: unknown) {
    return this.assignment.candidates(user, id, role);
  }

  /** → 201 the created avis; 409 CONFLICT_OF_INTEREST unless `overrideReason` is given for a detected conflict. */
  @Post('assignments')
  assign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AssignAvisDto, @Req() req: Request) {
    return this.assignment.assign(user, id, dto, requestIdOf(req));
  }
}
