import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { contentRange, parseListQuery } from '../common/list-query';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { AvisReasonDto, SaveAvisDto, SubmitAvisDto } from './avis.dto';
import { AVIS_LIST_SPEC, AvisService } from './avis.service';
import { AvisExportService } from './avis-export.service';
import { attachment } from '../exports/tabular';

/**
 * The avis: scoped lists and reads; the assigned reviewer's draft, render, decline and conflict; the instructeur's
 * re-opening and removal. An avis the caller may not see is a 404; one they see but may not write is a 403.
 */
@ApiTags('avis')
@ApiBearerAuth()
@Controller('avis')
export class AvisController {
  constructor(
    private readonly avis: AvisService,
    private readonly exporter: AvisExportService,
  ) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, AVIS_LIST_SPEC);
    const { rows, total } = await this.avis.list(user, q);
    res.setHeader('Content-Range', contentRange('avis', q.offset, rows.length, total));
    return rows;
  }

  /** The list's filter and sort as CSV or XLSX, one row per avis with every score (declared before `:id`). */
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
    return this.avis.get(user, id);
  }

  /** Saves the draft (autosave). */
  @Put(':id')
  save(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: SaveAvisDto) {
    return this.avis.saveDraft(user, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  submit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: SubmitAvisDto, @Req() req: Request) {
    return this.avis.submit(user, id, dto, requestIdOf(req));
  }

  @Post(':id/decline')
  @HttpCode(200)
  decline(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AvisReasonDto, @Req() req: Request) {
    return this.avis.release(user, id, 'decline', dto, requestIdOf(req));
  }

  @Post(':id/conflict')
  @HttpCode(200)
  conflict(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AvisReasonDto, @Req() req: Request) {
    return this.avis.release(user, id, 'conflict', dto, requestIdOf(req));
  }

  @Roles('instructeur', 'admin')
  @Post(':id/reopen')
  @HttpCode(200)
  reopen(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AvisReasonDto, @Req() req: Request) {
    return this.avis.reopen(user, id, dto, requestIdOf(req));
  }

  @Roles('instructeur', 'admin')
  @Post(':id/unassign')
  @HttpCode(200)
  unassign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AvisReasonDto, @Req() req: Request) {
    return this.avis.unassign(user, id, dto.reason, requestIdOf(req));
  }

  @Roles('instructeur', 'admin')
  @Delete(':id')
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() req: Request) {
    return this.avis.unassign(user, id, null, requestIdOf(req));
  }
}
