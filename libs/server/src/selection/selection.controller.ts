import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { attachment } from '../exports/tabular';
import { parsePhase } from './phase';
import { DecisionsDto, InvitationsDto, ReopenDto } from './selection.dto';
import { SelectionService } from './selection.service';

@ApiTags('selection')
@ApiBearerAuth()
@Controller('campaigns/:id')
export class SelectionController {
  constructor(private readonly selection: SelectionService) {}

  /** The cabinet's board: the phase's instruit and decided dossiers ranked by the avis, totals, envelope. */
  @Roles('cabinet', 'instructeur', 'admin')
  @Get('phases/:phase/selection')
  board(@Param('id', uuidPipe) id: string, @Param('phase') phase: string) {
    return this.selection.board(id, parsePhase(phase));
  }

  /** Provisional decisions, all or nothing, each through the workflow engine. */
  @Roles('cabinet')
  @Post('phases/:phase/decisions')
  @HttpCode(200)
  decide(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe) id: string,
    @Param('phase') phase: string,
    @Body() dto: DecisionsDto,
    @Req() req: Request,
  ) {
    return this.selection.decide(user, id, parsePhase(phase), dto, requestIdOf(req));
  }

  @Roles('cabinet')
  @Post('phases/:phase/arret')
  @HttpCode(200)
  arret(@CurrentUser() user: AuthUser, @Param('id', uuidPipe) id: string, @Param('phase') phase: string, @Req() req: Request) {
    return this.selection.arret(user, id, parsePhase(phase), requestIdOf(req));
  }

  @Roles('admin')
  @Post('phases/:phase/arret/reopen')
  @HttpCode(200)
  reopen(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe) id: string,
    @Param('phase') phase: string,
    @Body() dto: ReopenDto,
    @Req() req: Request,
  ) {
    return this.selection.reopen(user, id, parsePhase(phase), dto.motif, requestIdOf(req));
  }

  /** The arrêté's annex (PDF), as produced at the arrêt. */
  @Roles('cabinet', 'instructeur', 'admin')
  @Get('phases/:phase/laureats.pdf')
  async annex(@Param('id', uuidPipe) id: string, @Param('phase') phase: string, @Res({ passthrough: true }) res: Response) {
    const doc = await this.selection.annex(id, parsePhase(phase));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', attachment(doc.filename));
    return new StreamableFile(doc.content);
  }

  @Roles('cabinet')
  @Post('phases/:phase/publication')
  @HttpCode(200)
  publish(@CurrentUser() user: AuthUser, @Param('id', uuidPipe) id: string, @Param('phase') phase: string, @Req() req: Request) {
    return this.selection.publish(user, id, parsePhase(phase), requestIdOf(req));
  }

  /** The selection's own journal (arrêts, re-openings, publications), for the audit. */
  @Roles('cabinet', 'instructeur', 'admin')
  @Get('selection-journal')
  journal(@Param('id', uuidPipe) id: string) {
    return this.selection.journalOf(id);
  }

  @Roles('instructeur', 'admin')
  @Post('phase2-invitations')
  @HttpCode(200)
  invite(@CurrentUser() user: AuthUser, @Param('id', uuidPipe) id: string, @Body() dto: InvitationsDto, @Req() req: Request) {
    return this.selection.invite(user, id, dto.dossierIds, requestIdOf(req));
  }
}
