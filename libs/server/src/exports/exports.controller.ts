import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { parsePhase } from '../selection/phase';
import { ExportsService } from './exports.service';
import { attachment } from './tabular';

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(private readonly exportsService: ExportsService) {}

  @Roles('cabinet', 'instructeur', 'admin')
  @Get('campaigns/:id/phases/:phase/selection/export')
  @ApiQuery({ name: 'format', enum: ['xlsx', 'csv'], required: false })
  async board(
    @Param('id', uuidPipe) id: string,
    @Param('phase') phase: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.exportsService.board(id, parsePhase(phase), format);
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Disposition', attachment(out.filename));
    return new StreamableFile(out.content);
  }

  /** Bulk "dossier de séance": one PDF with the summary of each chosen dossier (`ids`, comma separated; default all). */
  @Roles('cabinet', 'instructeur', 'admin')
  @Get('campaigns/:id/phases/:phase/selection/seance.pdf')
  @ApiQuery({ name: 'ids', required: false })
  async seance(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe) id: string,
    @Param('phase') phase: string,
    @Query('ids') ids: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.exportsService.seance(user, id, parsePhase(phase), ids);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', attachment(out.filename));
    return new StreamableFile(out.content);
  }

  /** The dossier for the comité de sélection: dossier, eligibility, every avis, the synthesis. */
  @Roles('cabinet', 'instructeur', 'admin')
  @Get('dossiers/:id/summary.pdf')
  async summary(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const out = await this.exportsService.dossierSummary(user, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', attachment(out.filename));
    return new StreamableFile(out.content);
  }
}
