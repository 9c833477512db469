import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { BulkResult, BulkTransitionDto, runBulk } from '../dossiers/bulk';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { WorkflowService } from './workflow.service';

/**
 * The dossier list's bulk actions on the workflow (open the instruction, declare eligible, ...): each selected dossier
 * goes through the same transition as one by one (row lock, engine, journal, outbox, effects) in its own transaction,
 * on its current version; a dossier where the action does not apply is reported, the others go on.
 */
@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers/bulk-transitions')
export class BulkTransitionsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: WorkflowService,
  ) {}

  /** → {applied, failed, results: [{id, ok: true, state, version} | {id, ok: false, code, message}]} */
  @Roles('instructeur', 'admin', 'cabinet')
  @Post()
  @HttpCode(200)
  apply(@CurrentUser() user: AuthUser, @Body() dto: BulkTransitionDto, @Req() req: Request): Promise<BulkResult> {
    const input = { motif: dto.motif ?? null, data: dto.data ?? null };
    return runBulk(dto.dossierIds, (id) =>
      this.db.transaction(async (tx) => {
        const applied = await this.workflow.transitionIn(tx, user, id, dto.action, input, undefined, requestIdOf(req));
        const d = applied[applied.length - 1].dossier;
        return { state: d.state, eligibility: d.eligibility, version: d.version };
      }),
    );
  }
}
