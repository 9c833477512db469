import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { contentRange, parseListQuery } from '../common/list-query';
import { attachment, Column, parisDateTime, toCsv } from '../exports/tabular';
import { AUDIT_LIST_SPEC, AUDIT_TYPE_LABELS, AUDIT_TYPES, auditContext, AuditEventDto, AuditService } from './audit.service';

const EXPORT_MAX = 100_000;

const CSV_COLUMNS: Column<AuditEventDto>[] = [
  { header: 'N°', value: (e) => e.id },
  { header: 'Date (Paris)', value: (e) => parisDateTime(e.at as Date) },
  { header: 'Événement', value: (e) => String(e.typeLabel) },
  { header: 'Code', value: (e) => String(e.type) },
  { header: 'Résultat', value: (e) => (e.outcome === 'success' ? 'réussi' : 'échec') },
  { header: 'Auteur', value: (e) => (e.actorEmail as string | null) ?? '' },
  { header: 'Compte concerné', value: (e) => (e.targetEmail as string | null) ?? '' },
  { header: 'Ressource', value: (e) => (e.resource as string | null) ?? '' },
  { header: 'Adresse IP', value: (e) => (e.ip as string | null) ?? '' },
  { header: 'Navigateur', value: (e) => (e.userAgent as string | null) ?? '' },
  { header: 'Requête', value: (e) => (e.requestId as string | null) ?? '' },
  { header: 'Détails', value: (e) => JSON.stringify(e.data ?? {}) },
];

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** react-admin list; filters `type` (one or a list), `outcome`, `actorId`, `targetUserId`, `userId`, `ip`, `q`, `since`, `until`. */
  @Get()
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, AUDIT_LIST_SPEC);
    const { rows, total } = await this.audit.list(q);
    res.setHeader('Content-Range', contentRange('audit-events', q.offset, rows.length, total));
    return rows;
  }

  /** The event types with their French labels (for the filter). */
  @Get('types')
  types() {
    return AUDIT_TYPES.map((code) => ({ id: code, code, label: AUDIT_TYPE_LABELS[code] }));
  }

  /** CSV (French Excel: BOM, semicolons, Paris time) of the list's filter; the export is itself audited. */
  @ApiQuery({ name: 'filter', required: false })
  @Get('export')
  async export(
    @Query() query: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const q = parseListQuery({ filter: query.filter }, AUDIT_LIST_SPEC);
    const rows = await this.audit.all(q.filter, EXPORT_MAX);
    await this.audit.record(auditContext(req), {
      type: 'audit.exported',
      actor: user,
      data: { filter: { ...q.filter }, rows: rows.length },
    });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', attachment(`journal-audit-${new Date().toISOString().slice(0, 10)}.csv`));
    res.send(toCsv(CSV_COLUMNS, rows));
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.audit.get(id);
  }
}
