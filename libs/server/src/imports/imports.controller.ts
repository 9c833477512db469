import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Param,
  PayloadTooLargeException,
  Post,
  Put,
  Query,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../common/app-error';
import { CurrentUser, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { toErrorBody } from '../common/http-exception.filter';
import { contentRange, parseListQuery } from '../common/list-query';
import { uuidPipe } from '../common/uuid.pipe';
import type { UploadedImportFile } from './file/file-importer.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { formatBytes } from './import-settings';
import { DsMappingDto, FileImportDto, StartDsImportDto } from './imports.dto';
import { IMPORT_LIST_SPEC, ImportRunsService } from './imports.service';

/** Multer's own errors (size limit, wrong field) in the API's format, with stable codes. */
@Catch()
export class UploadErrorFilter implements ExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    let err = exception;
    if (exception instanceof PayloadTooLargeException) {
      err = new AppError(400, 'FILE_TOO_LARGE', `Le fichier dépasse la taille maximale de ${formatBytes(this.config.imports.maxUploadBytes)}.`);
    } else if (
      exception instanceof HttpException &&
      exception.getStatus() === 400 &&
      !(exception.getResponse() as { code?: string })?.code
    ) {
      err = new AppError(400, 'INVALID_UPLOAD', 'Envoi invalide : joignez un seul fichier dans le champ « file » (formulaire multipart).');
    }
    const body = toErrorBody(err, req?.id ? String(req.id) : undefined);
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }
}

@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin', 'instructeur')
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportRunsService) {}

  /** Queues a DS import of the campaign's démarche for this phase; answers the run at once (202). */
  @Post('campaigns/:id/imports/ds')
  @HttpCode(202)
  startDs(@Param('id', uuidPipe) id: string, @Body() dto: StartDsImportDto, @CurrentUser() user: AuthUser) {
    return this.imports.startDs(user, id, dto.phase, dto.mode ?? 'incremental');
  }

  /**
   * Queues the import of a DS export (CSV or XLSX, multipart field `file`, plus `phase`) and answers the run at once
   * (202, status `queued`); follow it with `GET /api/imports/:id`. What is plainly wrong is refused here (400: format,
   * size, an XLSX that would inflate too much, a CSV without the expected columns); the rest is reported by the run.
   */
  @Post('campaigns/:id/imports/file')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'phase'],
      properties: { file: { type: 'string', format: 'binary' }, phase: { type: 'integer', enum: [1, 2] } },
    },
  })
  @UseFilters(UploadErrorFilter)
  @UseInterceptors(FileInterceptor('file'))
  importFile(
    @Param('id', uuidPipe) id: string,
    @Body() dto: FileImportDto,
    @UploadedFile() file: UploadedImportFile | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.imports.importFile(user, id, dto.phase, file);
  }

  @Get('imports')
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, IMPORT_LIST_SPEC);
    const { rows, total } = await this.imports.list(q);
    res.setHeader('Content-Range', contentRange('imports', q.offset, rows.length, total));
    return rows;
  }

  @Get('imports/:id')
  get(@Param('id', uuidPipe) id: string) {
    return this.imports.get(id);
  }

  /** Cancels a queued or running import (DS or file): the run answers with status `cancelled`. */
  @Post('imports/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', uuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.cancel(user, id);
  }

  /** The champ labels the importers read, per target (defaults: the AMI's headings, DOMAIN.md "The DS form"). */
  @Get('campaigns/:id/ds-mapping')
  getMapping(@Param('id', uuidPipe) id: string) {
    return this.imports.getMapping(id);
  }

  @Roles('admin')
  @Put('campaigns/:id/ds-mapping')
  putMapping(@Param('id', uuidPipe) id: string, @Body() dto: DsMappingDto) {
    return this.imports.putMapping(id, dto.fields);
  }
}
