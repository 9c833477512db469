import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailerService } from '../mail/mailer.service';
import { AuditContext, AuditService } from '../audit/audit.service';
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
  ) {}

  private async create(userId: string, purpose: 'reset' | 'invitation', createdBy: string | null): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const validity = purpose === 'reset' ? `${RESET_LINK_MINUTES} minutes` : `${INVITATION_LINK_HOURS} hours`;
    await this.db.transaction(async (m) => {
      // A new link replaces the previous unused ones of the same purpose.
      await m.query(`UPDATE auth_link SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
      await m.query(
        `INSERT INTO auth_link (user_id, purpose, token_hash, expires_at, created_by) VALUES ($1,$2,$3, now() + $4::interval, $5)`,
        [userId, purpose, sha256(token), validity, createdBy],
      );
    });
    return token;
  }

  private link(kind: 'reset' | 'invitation', token: string): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/#/login?${kind}=${encodeURIComponent(token)}`;
  }

  /** Always the same answer, and as fast: the e-mail (if any) is sent after the response. */
  async requestReset(email: string, ctx: AuditContext): Promise<{ message: string }> {
    const rows: { id: string; email: string; full_name: string }[] = await this.db.query(
      `SELECT id, email, full_name FROM app_user WHERE lower(email) = lower($1) AND active`,
      [email],
    );
    const user = rows[0];
    await this.audit.record(ctx, {
      type: 'auth.password_reset_requested',
      outcome: user ? 'success' : 'failure',
      target: { id: user?.id ?? null, email: user?.email ?? email.slice(0, 254) },
      data: { known: !!user },
    });
    // One live link at a time per account: a repeated request within 2 minutes sends nothing more (no mail bombing).
    const recent = user
      ? await this.db.query(
          `SELECT 1 FROM auth_link WHERE user_id = $1 AND purpose = 'reset' AND used_at IS NULL AND created_at > now() - interval '2 minutes'`,
          [user.id],
        )
      : [];
    if (user && !recent.length) {
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
    const rows: { id: string; email: string; full_name: string; active: boolean }[] = await this.db.query(
      `SELECT id, email, full_name, active FROM app_user WHERE id = $1`,
      [userId],
    );
    const user = rows[0];
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
    const peek: { email: string; full_name: string }[] = await this.db.query(
      `SELECT u.email, u.full_name FROM auth_link l JOIN app_user u ON u.id = l.user_id
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND u.active`,
      [hash],
    );
    if (!peek.length) throw invalid;
    const problem = passwordProblem(password, { email: peek[0].email, fullName: peek[0].full_name });
    if (problem) throw AppError.validation({ password: problem }, problem);
    const newHash = await hashPassword(password);
    return this.db.transaction(async (m) => {
      const res = await m.query(
        `UPDATE auth_link l SET used_at = now() FROM app_user u
          WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND u.id = l.user_id AND u.active
          RETURNING l.user_id, l.purpose, u.email`,
        [hash],
      );
      const rows = (Array.isArray(res[0]) ? res[0] : res) as { user_id: string; purpose: 'reset' | 'invitation'; email: string }[];
      if (!rows.length) throw invalid;
      const { user_id: userId, purpose, email } = rows[0];
      await m.query(`UPDATE app_user SET password_hash = $2, password_set = true, password_changed_at = now() WHERE id = $1`, [
        userId,
        newHash,
      ]);
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
