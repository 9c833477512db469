import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  headers?: Record<string, string>;
}

/** nodemailer is the only sender: to SMTP_URL, or to the development sink when it is unset. */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private transporter: Transporter | null = null;
  private sinkPort: number | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The sink binds its port at start (0 in tests): the mailer learns it from there. */
  useSinkPort(port: number): void {
    this.sinkPort = port;
    this.transporter?.close();
    this.transporter = null;
  }

  /**
   * A pooled SMTP transport: a few long-lived connections reused for every message (NOTIFY_SMTP_POOL, 5), so that
   * a burst of decision e-mails does not open one connection per message.
   */
  private transport(): Transporter {
    if (!this.transporter) {
      const url = this.config.smtpUrl ?? `smtp://127.0.0.1:${this.sinkPort ?? this.config.mailSinkPort}`;
      const maxConnections = Number(process.env.NOTIFY_SMTP_POOL) || 5;
      this.transporter = nodemailer.createTransport(
        { url, pool: true, maxConnections, maxMessages: Infinity } as never,
        {
          from: this.config.mailFrom,
        } as never,
      );
    }
    return this.transporter;
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const info = await this.transport().sendMail({ from: this.config.mailFrom, ...mail });
    return { messageId: info.messageId };
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
