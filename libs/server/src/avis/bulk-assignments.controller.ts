import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, IntersectionType } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { BulkDossierIdsDto, BulkResult, runBulk } from '../dossiers/bulk';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { AssignmentService } from './assignment.service';
import { AssignAvisDto } from './avis.dto';

export class BulkAssignDto extends IntersectionType(BulkDossierIdsDto, AssignAvisDto) {}

/**
 * The dossier list's bulk assignment: one reviewer, one role, on every selected dossier, each through the same rules
 * as one by one (region, conflicts, already assigned, due date), each in its own transaction; refusals are reported.
 */
@ApiTags('avis')
@ApiBearerAuth()
@Roles('instructeur', 'admin')
@Controller('dossiers/bulk-assignments')
export class BulkAssignmentsController {
  constructor(private readonly assignment: AssignmentService) {}

  /** {dossierIds, reviewerId, role, dueAt?, overrideReason?} → {applied, failed, results: [{id, ok, state, version, avisId} | {id, ok: false, code, message}]} */
  @Post()
  @HttpCode(200)
  assign(@CurrentUser() user: AuthUser, @Body() dto: BulkAssignDto, @Req() req: Request): Promise<BulkResult> {
    const { dossierIds, ...one } = dto;
    return runBulk(dossierIds, async (id) => {
      const avis = await this.assignment.assign(user, id, one, requestIdOf(req));
      return { state: avis.dossier.state, version: avis.version, avisId: avis.id, dueAt: avis.dueAt };
    });
  }
}
