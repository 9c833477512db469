import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailerService } from '../mail/mailer.service';
import { AuditContext, AuditService } from '../audit/audit.service';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';

export const RESET_LINK_MINUTES = 30;
export const INVITATION_LINK_HOURS = 72;
export const RESET_REQUESTED_MESSAGE =
  'Si un compte actif correspond à cette adresse, un lien pour choisir un nouveau mot de passe vient de lui être envoyé. Il est valable 30 minutes et ne sert qu’une fois.';

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * Single-use links: "mot de passe oublié" (30 minutes) and the invitation of a new user (72 hours). Only the hash of
 * the token is stored; using a link consumes it in the same statement that checks it.
 *
 * The e-mails go through nodemailer (MailerService) directly: they must leave at once, whatever the state of the
 * notification queue, and they are not about a dossier (the notification table plans dossier and campaign e-mails).
 */
@Injectable()
export class AccountLinksService {
  private readonly logger = new Logger('AccountLinks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: MailerService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly repo: AuthRepository,
  ) {}

  private async create(userId: string, purpose: 'reset' | 'invitation', createdBy: string | null): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const validity = purpose === 'reset' ? `${RESET_LINK_MINUTES} minutes` : `${INVITATION_LINK_HOURS} hours`;
    await this.db.transaction(async (m) => {
      // A new link replaces the previous unused ones of the same purpose.
      await this.repo.spendUnusedLinks(m, userId, purpose);
      await this.repo.insertLink(m, { userId, purpose, tokenHash: sha256(token), validity, createdBy });
    });
    return token;
  }

  private link(kind: 'reset' | 'invitation', token: string): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/#/login?${kind}=${encodeURIComponent(token)}`;
  }

  /** Always the same answer, and as fast: the e-mail (if any) is sent after the response. */
  async requestReset(email: string, ctx: AuditContext): Promise<{ message: string }> {
    const user = await this.repo.findActiveAccountByEmail(email);
    await this.audit.record(ctx, {
      type: 'auth.password_reset_requested',
      outcome: user ? 'success' : 'failure',
      target: { id: user?.id ?? null, email: user?.email ?? email.slice(0, 254) },
      data: { known: !!user },
    });
    // One live link at a time per account: a repeated request within 2 minutes sends nothing more (no mail bombing).
    const recent = user ? await this.repo.hasRecentResetLink(user.id) : false;
    if (user && !recent) {
      void (async () => {
        const token = await this.create(user.id, 'reset', null);
        await this.mailer.send({
          to: user.email,
          subject: 'AMI PTCE — choisir un nouveau mot de passe',
          text:
            `Bonjour ${user.full_name},\n\nUne demande de nouveau mot de passe a été faite pour votre compte du back-office AMI PTCE.\n` +
            `Pour choisir votre nouveau mot de passe, ouvrez ce lien (valable ${RESET_LINK_MINUTES} minutes, une seule fois) :\n\n` +
            `${this.link('reset', token)}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.\n`,
        });
      })().catch((err) => this.logger.error(`Envoi du lien de réinitialisation impossible : ${(err as Error).message}`));
    }
    return { message: RESET_REQUESTED_MESSAGE };
  }

  /** An admin invites a user (new, or without a password yet): the link lets them choose their password. */
  async invite(userId: string, actor: { id: string; email: string }, ctx: AuditContext): Promise<{ sentTo: string; expiresAt: string }> {
    const user = await this.repo.findAccount(userId);
    if (!user) throw AppError.notFound('Utilisateur introuvable.');
    if (!user.active) throw AppError.conflict('USER_INACTIVE', 'Ce compte est désactivé : réactivez-le avant de l’inviter.');
    const token = await this.create(user.id, 'invitation', actor.id);
    await this.mailer.send({
      to: user.email,
      subject: 'AMI PTCE — votre accès au back-office d’instruction',
      text:
        `Bonjour ${user.full_name},\n\nUn compte vous a été ouvert sur le back-office d’instruction de l’AMI PTCE (${actor.email}).\n` +
        `Pour choisir votre mot de passe, ouvrez ce lien (valable ${INVITATION_LINK_HOURS} heures, une seule fois) :\n\n` +
        `${this.link('invitation', token)}\n\nLes agents de l’État peuvent aussi se connecter avec ProConnect lorsqu’il est proposé.\n`,
    });
    await this.audit.record(ctx, {
      type: 'user.invited',
      actor,
      target: { id: user.id, email: user.email },
      data: { validHours: INVITATION_LINK_HOURS },
    });
    return { sentTo: user.email, expiresAt: new Date(Date.now() + INVITATION_LINK_HOURS * 3600 * 1000).toISOString() };
  }

  /** Sets the password from a link (reset or invitation): policy first (a refused password keeps the link), then one use. */
  async usePasswordLink(token: string, password: string, ctx: AuditContext): Promise<{ email: string }> {
    const invalid = new AppError(400, 'LINK_INVALID', 'Ce lien n’est plus valable (déjà utilisé ou expiré) : demandez-en un nouveau.');
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw invalid;
    const hash = sha256(token);
    const peek = await this.repo.peekLink(hash);
    if (!peek) throw invalid;
    const problem = passwordProblem(password, { email: peek.email, fullName: peek.full_name });
    if (problem) throw AppError.validation({ password: problem }, problem);
    const newHash = await hashPassword(password);
    return this.db.transaction(async (m) => {
      const link = await this.repo.consumeLink(m, hash);
      if (!link) throw invalid;
      const { user_id: userId, purpose, email } = link;
      await this.repo.setPassword(m, userId, newHash);
      const who = { id: userId, email };
      await this.audit.record(
        ctx,
        { type: purpose === 'reset' ? 'auth.password_reset_completed' : 'auth.invitation_accepted', actor: who, target: who },
        m,
      );
      await this.auth.revokeAll(userId, 'password_reset', who, ctx, m);
      return { email };
    });
  }
}
