import { Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DevMailSinkService } from './dev-mail-sink.service';
import { DevMailsController } from './dev-mails.controller';
import { MailerService } from './mailer.service';

@Global()
@Module({
  controllers: [DevMailsController],
  providers: [DevMailSinkService, MailerService],
  exports: [MailerService, DevMailSinkService],
})
export class MailModule implements OnApplicationBootstrap {
  constructor(
    private readonly sink: DevMailSinkService,
    private readonly mailer: MailerService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.sink.port !== null) this.mailer.useSinkPort(this.sink.port);
  }
}
