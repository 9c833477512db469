import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError } from '../common/app-error';
import { Roles } from '../common/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { attachment } from '../exports/tabular';
import { parsePhase } from '../selection/phase';
import { StatsService } from './stats.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('campaigns/:id/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** The bilan of a phase (JSON), or `format=xlsx` for the workbook. */
  @Roles('instructeur', 'admin', 'cabinet')
  @Get()
  @ApiQuery({ name: 'phase', enum: ['1', '2'] })
  @ApiQuery({ name: 'format', enum: ['json', 'xlsx'], required: false })
  async get(
    @Param('id', uuidPipe) id: string,
    @Query('phase') phase: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (format !== undefined && format !== 'json' && format !== 'xlsx') {
      throw AppError.validation({ format: 'Format inconnu : json ou xlsx.' });
    }
    const stats = await this.stats.compute(id, parsePhase(phase));
    if (format !== 'xlsx') return stats;
    const out = await this.stats.xlsx(stats);
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', attachment(out.filename));
    return new StreamableFile(out.content);
  }
}
