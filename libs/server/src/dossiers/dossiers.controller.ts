import { Body, Controller, Get, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { DossierExportService } from '../exports/dossier-export.service';
import { attachment } from '../exports/tabular';
import { parseListQuery, setListHeaders } from '../common/list-query';
import { CreateDossierDto, UpdateDossierDto } from './dossiers.dto';
import { DOSSIER_LIST_SPEC, DossiersService } from './dossiers.service';

export const requestIdOf = (req: Request): string | null =>
  (req as unknown as { id?: unknown }).id ? String((req as unknown as { id: unknown }).id) : null;

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers')
export class DossiersController {
  constructor(
    private readonly dossiers: DossiersService,
    private readonly exporter: DossierExportService,
  ) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, DOSSIER_LIST_SPEC);
    const { rows, total, totalEstimated } = await this.dossiers.list(user, q);
    setListHeaders(res, 'dossiers', q.offset, rows.length, { total, estimated: totalEstimated });
    return rows;
  }

  /** The list's current filter and sort as CSV or XLSX (declared before `:id`, which would take "export" for an id). */
  @Roles('instructeur', 'cabinet', 'admin')
  @Get('export')
  async export(@CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const out = await this.exporter.export(user, query);
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Disposition', attachment(out.filename));
    return new StreamableFile(out.content);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.dossiers.get(user, id);
  }

  @Get(':id/attachments/:attachmentId/file')
  attachment(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('attachmentId') attachmentId: string) {
    return this.dossiers.attachmentFile(user, id, attachmentId);
  }

  @Get(':id/journal')
  journal(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.dossiers.journalOf(user, id);
  }

  @Roles('instructeur', 'admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateDossierDto, @Req() req: Request) {
    return this.dossiers.create(user, dto, requestIdOf(req));
  }

  @Roles('instructeur', 'admin')
  @Put(':id')
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateDossierDto, @Req() req: Request) {
    return this.dossiers.update(user, id, dto, requestIdOf(req));
  }
}
