import { Controller, Get, Headers, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth.decorators';
import { Column, toCsv } from '../exports/tabular';
import { parsePhase } from '../selection/phase';
import { PublicLaureat, PublicService } from './public.service';

@ApiTags('public')
@Controller('public')
export class PublicController {
  constructor(private readonly publicLists: PublicService) {}

  /** The published lauréats of a phase, without login: JSON, or CSV with `?format=csv` or `Accept: text/csv`. */
  @Public()
  @Get('campaigns/:id/laureats')
  @ApiQuery({ name: 'phase', enum: [1, 2] })
  @ApiQuery({ name: 'format', enum: ['json', 'csv'], required: false })
  async laureats(
    @Param('id') id: string,
    @Query('phase') phaseRaw: string,
    @Query('format') format: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const phase = parsePhase(phaseRaw ?? 1); // without ?phase: the first phase's list
    const list = await this.publicLists.list(id, phase);
    res.setHeader('Cache-Control', 'public, max-age=60'); // a re-opening withdraws the list: keep caches short
    const wantsCsv = format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!wantsCsv) return list.laureats;
    const columns: Column<PublicLaureat>[] = [
      { header: 'Projet', value: (r) => r.projectName },
      { header: 'Structure porteuse', value: (r) => r.structureName },
      { header: 'Code région', value: (r) => r.region },
      { header: 'Région', value: (r) => r.regionLabel },
    ];
    if (phase === 2) columns.push({ header: 'Montant attribué (€)', kind: 'euros', value: (r) => r.amountCents ?? null });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="laureats-phase-${phase}.csv"`);
    return new StreamableFile(toCsv(columns, list.laureats));
  }
}
