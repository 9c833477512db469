import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error';
import { Roles } from '../common/auth.decorators';
import { DevMailSinkService } from './dev-mail-sink.service';

@ApiTags('dev')
@ApiBearerAuth()
@Roles('admin', 'instructeur')
@Controller('dev/mails')
export class DevMailsController {
  constructor(private readonly sink: DevMailSinkService) {}

  @Get()
  list() {
    if (!this.sink.enabled) {
      throw new AppError(404, 'DEV_MAIL_SINK_DISABLED', 'Le récepteur de courriels de développement est désactivé (SMTP_URL est défini).');
    }
    return this.sink.list();
  }
}
