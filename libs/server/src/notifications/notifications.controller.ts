import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { contentRange, parseListQuery } from '../common/list-query';
import { uuidPipe } from '../common/uuid.pipe';
import { EmailTemplatesService } from './email-templates.service';
import { NOTIFICATION_LIST_SPEC, NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Roles('instructeur', 'admin', 'cabinet')
  @Get()
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, NOTIFICATION_LIST_SPEC);
    const { rows, total } = await this.notifications.list(q);
    res.setHeader('Content-Range', contentRange('notifications', q.offset, rows.length, total));
    return rows;
  }

  @Roles('instructeur', 'admin', 'cabinet')
  @Get('summary')
  summary(@Query('campaignId') campaignId: unknown) {
    return this.notifications.summary(campaignId);
  }

  @Roles('instructeur', 'admin', 'cabinet')
  @Get(':id')
  get(@Param('id', uuidPipe) id: string) {
    return this.notifications.get(id);
  }

  @Roles('instructeur', 'admin', 'cabinet')
  @Get(':id/preview')
  preview(@Param('id', uuidPipe) id: string) {
    return this.notifications.preview(id);
  }

  @Roles('instructeur', 'admin')
  @ApiOperation({ summary: 'Renvoie un courriel parti ou en échec : une nouvelle ligne (resendOf = id)' })
  @Post(':id/resend')
  resend(@CurrentUser() user: AuthUser, @Param('id', uuidPipe) id: string) {
    return this.notifications.resend(user, id);
  }

  @Roles('instructeur', 'admin')
  @ApiOperation({ summary: 'Annule un courriel planifié ou en échec (sinon 409 NOTIFICATION_NOT_CANCELLABLE)' })
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', uuidPipe) id: string) {
    return this.notifications.cancel(id);
  }
}

const TEMPLATE_BODY = {
  type: 'object' as const,
  required: ['subject', 'html', 'text'],
  properties: {
    subject: { type: 'string', description: 'Objet (Handlebars)' },
    html: { type: 'string', description: 'Corps HTML (Handlebars, échappé)' },
    text: { type: 'string', description: 'Texte brut (Handlebars)' },
  },
};

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('email-templates')
export class EmailTemplatesController {
  constructor(private readonly templates: EmailTemplatesService) {}

  @Roles('admin', 'instructeur')
  @Get()
  async list(@Res({ passthrough: true }) res: Response) {
    const rows = await this.templates.list();
    res.setHeader('Content-Range', contentRange('email-templates', 0, rows.length, rows.length));
    return rows;
  }

  @Roles('admin', 'instructeur')
  @Get(':code')
  get(@Param('code') code: string) {
    return this.templates.get(code);
  }

  @Roles('admin')
  @ApiOperation({ summary: 'Enregistre un modèle (refusé si une variable est inconnue : VALIDATION_FAILED, details.unknownVariables)' })
  @ApiBody({ schema: TEMPLATE_BODY })
  @Put(':code')
  update(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: unknown) {
    return this.templates.update(user, code, body);
  }

  @Roles('admin')
  @ApiOperation({ summary: 'Aperçu de textes non enregistrés, sur un dossier réel si dossierId est donné' })
  @ApiBody({ schema: { ...TEMPLATE_BODY, properties: { ...TEMPLATE_BODY.properties, dossierId: { type: 'string', format: 'uuid' } } } })
  @Post(':code/preview')
  @HttpCode(200)
  preview(@Param('code') code: string, @Body() body: unknown) {
    return this.templates.preview(code, body);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignScheduleController {
  constructor(private readonly notifications: NotificationsService) {}

  @Roles('instructeur', 'admin', 'cabinet')
  @ApiOperation({ summary: 'Calendrier des envois : par date et modèle, destinataires et statuts' })
  @Get(':id/schedule')
  schedule(@Param('id', uuidPipe) id: string) {
    return this.notifications.schedule(id);
  }
}
