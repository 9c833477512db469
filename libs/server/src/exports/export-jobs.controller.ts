import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { ExportJobRequest, ExportJobsService } from './export-jobs.service';
import { attachment } from './tabular';

/** Long exports: queued (202), followed (`done`/`total`), downloaded once ready. */
@ApiTags('exports')
@ApiBearerAuth()
@Roles('cabinet', 'instructeur', 'admin')
@Controller('exports')
export class ExportJobsController {
  constructor(private readonly jobs: ExportJobsService) {}

  @Post()
  @HttpCode(202)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { type: 'string', enum: ['dossiers', 'seance'] },
        format: { type: 'string', enum: ['csv', 'xlsx'] },
        filter: { type: 'string', description: 'dossiers : le filtre de la liste (JSON)' },
        sort: { type: 'string', description: 'dossiers : le tri de la liste (JSON)' },
        campaignId: { type: 'string', format: 'uuid', description: 'seance : la campagne' },
        phase: { type: 'integer', enum: [1, 2], description: 'seance : la phase' },
        ids: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'seance : des dossiers du tableau (par défaut tous)' },
      },
    },
  })
  create(@CurrentUser() user: AuthUser, @Body() body: ExportJobRequest) {
    return this.jobs.create(user, body);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.jobs.get(user, id);
  }

  @Get(':id/file')
  async file(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const f = await this.jobs.file(user, id);
    res.setHeader('Content-Type', f.contentType);
    res.setHeader('Content-Disposition', attachment(f.filename));
    return new StreamableFile(f.content);
  }
}
