import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
// mailparser loaded on first use (issue 12, cold start).
const simpleParser = (input: import('mailparser').Source) => (require('mailparser') as typeof import('mailparser')).simpleParser(input);
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface CaughtMail {
  id: number;
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
  html: string | null;
  messageId: string | null;
  headers: Record<string, string>;
}

const KEEP = 1000;

/**
 * Development mail sink: with SMTP_URL unset, a real SMTP listener inside the API catches every mail so that a
 * newcomer sees them in the admin UI ("Courriels (développement)") without any setup.
 */
@Injectable()
export class DevMailSinkService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DevMailSink');
  private server: SMTPServer | null = null;
  private mails: CaughtMail[] = [];
  private nextId = 1;
  private boundPort: number | null = null;
  private waiters: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.smtpUrl === null;
  }

  get port(): number | null {
    return this.boundPort;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled || this.config.processRole !== 'api') return;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      banner: 'AMI PTCE dev mail sink',
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = session.envelope.rcptTo.map((r) => r.address);
            const headers: Record<string, string> = {};
            for (const [k, v] of parsed.headers) if (typeof v === 'string') headers[k] = v;
            this.mails.unshift({
              id: this.nextId++,
              from: parsed.from?.text ?? session.envelope.mailFrom?.toString() ?? '',
              to,
              subject: parsed.subject ?? '',
              date: (parsed.date ?? new Date()).toISOString(),
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              messageId: parsed.messageId ?? null,
              headers,
            });
            if (this.mails.length > KEEP) this.mails.length = KEEP;
            this.waiters.splice(0).forEach((w) => w());
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.mailSinkPort, '127.0.0.1', () => resolve());
    });
    // A client that drops its connection (a worker killed mid-message) is the client's affair: logged, never a crash
    // (smtp-server emits such errors on the server, and an 'error' without a listener would end the process).
    this.server.on('error', (err: Error) => this.logger.warn(`Récepteur de courriels : ${err.message}`));
    this.boundPort = (this.server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    this.logger.log(`Récepteur de courriels de développement à l’écoute sur smtp://127.0.0.1:${this.boundPort}`);
  }

  list(): CaughtMail[] {
    return this.mails;
  }

  /** Resolves when at least `count` mails have been caught (tests), or rejects after the timeout. */
  async waitFor(count: number, timeoutMs = 10000): Promise<CaughtMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.mails.length < count) {
      if (Date.now() > deadline) throw new Error(`Mail sink: ${this.mails.length}/${count} mails after ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return this.mails;
  }

  clear(): void {
    this.mails = [];
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }
}
