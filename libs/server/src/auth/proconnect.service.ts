import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditContext, AuditService } from '../audit/audit.service';
import { AuthService, IssuedSession } from './auth.service';

type OidcLib = typeof import('openid-client');
type OidcConfiguration = import('openid-client').Configuration;

/** openid-client 6 is ESM only: loaded once with a dynamic import (compiled to require() for Node's require(esm)). */
let lib: Promise<OidcLib> | null = null;
function oidc(): Promise<OidcLib> {
  lib ??= import('openid-client');
  return lib;
}

interface RoundTrip {
  typ: 'oidc';
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

export type ProConnectOutcome =
  | { ok: true; session: IssuedSession }
  | { ok: false; code: 'PROCONNECT_UNKNOWN_ACCOUNT' | 'PROCONNECT_FAILED' | 'PROCONNECT_ACR'; email?: string };

function isLoopback(host: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host);
}

/**
 * ProConnect (the State's identity federation for agents) over OIDC: authorization code + PKCE, state and nonce
 * checked, `acr_values` requested and the returned `acr` verified, the e-mail matched against an active account
 * (accounts are created by an admin, never by a sign-in), logout through the provider's end-session endpoint.
 */
@Injectable()
export class ProConnectService {
  private readonly logger = new Logger('ProConnect');
  private configuration: Promise<OidcConfiguration> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  get enabled(): boolean {
    return !!this.config.proconnect;
  }

  private async client(): Promise<OidcConfiguration> {
    const pc = this.config.proconnect;
    if (!pc) throw new AppError(404, 'PROCONNECT_DISABLED', 'La connexion ProConnect n’est pas configurée sur ce serveur.');
    if (!this.configuration) {
      const o = await oidc();
      const issuer = new URL(pc.issuer);
      // Plain HTTP only for a provider on this machine (tests, local stand-in); ProConnect itself is HTTPS.
      const execute = issuer.protocol === 'http:' && isLoopback(issuer.hostname) ? [o.allowInsecureRequests] : [];
      this.configuration = o.discovery(issuer, pc.clientId, pc.clientSecret, undefined, { execute, timeout: 10 }).catch((err) => {
        this.configuration = null;
        throw err;
      });
    }
    return this.configuration;
  }

  /** Where the provider sends the browser back: PUBLIC_URL in production, the request's own origin elsewhere. */
  origin(req: Request): string {
    if (this.config.nodeEnv === 'production') return new URL(this.config.publicUrl).origin;
    const host = req.get('host');
    return host ? `${req.protocol}://${host}` : new URL(this.config.publicUrl).origin;
  }

  /** The authorization URL and the signed round-trip cookie value. */
  async start(req: Request): Promise<{ url: string; cookie: string }> {
    const o = await oidc();
    const cfg = await this.client();
    const pc = this.config.proconnect!;
    const verifier = o.randomPKCECodeVerifier();
    const state = o.randomState();
    const nonce = o.randomNonce();
    const redirectUri = `${this.origin(req)}/api/auth/proconnect/callback`;
    const url = o.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: pc.scope,
      code_challenge: await o.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      acr_values: pc.acrValues,
      claims: JSON.stringify({ id_token: { amr: { essential: true } } }),
    });
    const cookie = await this.jwt.signAsync({ typ: 'oidc', state, nonce, verifier, redirectUri } satisfies RoundTrip, { expiresIn: 600 });
    return { url: url.href, cookie };
  }

  async callback(req: Request, cookie: string | null, ctx: AuditContext): Promise<ProConnectOutcome> {
    let trip: RoundTrip;
    try {
      trip = await this.jwt.verifyAsync<RoundTrip>(cookie ?? '');
      if (trip.typ !== 'oidc') throw new Error('not an OIDC round trip');
    } catch {
      await this.audit.record(ctx, { type: 'auth.proconnect_refused', outcome: 'failure', data: { reason: 'no_round_trip' } });
      return { ok: false, code: 'PROCONNECT_FAILED' };
    }
    let email: string | undefined;
    let idToken: string | undefined;
    let acr: unknown;
    try {
      const o = await oidc();
      const cfg = await this.client();
      const current = new URL(trip.redirectUri);
      current.search = new URL(req.originalUrl, 'http://x').search;
      const tokens = await o.authorizationCodeGrant(cfg, current, {
        pkceCodeVerifier: trip.verifier,
        expectedState: trip.state,
        expectedNonce: trip.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      idToken = tokens.id_token;
      acr = claims.acr;
      email = typeof claims.email === 'string' ? claims.email : undefined;
      if (!email) {
        const info = await o.fetchUserInfo(cfg, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : undefined;
      }
    } catch (err) {
      this.logger.warn(`Échec de l’échange ProConnect : ${(err as Error).message}`);
      await this.audit.record(ctx, {
        type: 'auth.proconnect_refused',
        outcome: 'failure',
        data: { reason: 'exchange_failed', error: (err as Error).message?.slice(0, 300) },
      });
      return { ok: false, code: 'PROCONNECT_FAILED' };
    }
    const allowedAcr = this.config.proconnect!.acrValues.split(/\s+/).filter(Boolean);
    if (acr !== undefined && allowedAcr.length && !allowedAcr.includes(String(acr))) {
      await this.audit.record(ctx, {
        type: 'auth.proconnect_refused',
        outcome: 'failure',
        target: { id: null, email: email ?? null },
        data: { reason: 'acr', acr },
      });
      return { ok: false, code: 'PROCONNECT_ACR', email };
    }
    const user = email ? await this.auth.findActiveByEmail(email) : null;
    if (!user) {
      await this.audit.record(ctx, {
        type: 'auth.proconnect_refused',
        outcome: 'failure',
        target: { id: null, email: email?.slice(0, 254) ?? null },
        data: { reason: 'unknown_account' },
      });
      return { ok: false, code: 'PROCONNECT_UNKNOWN_ACCOUNT', email };
    }
    return { ok: true, session: await this.auth.signIn(user, 'proconnect', ctx, idToken ?? null) };
  }

  /** ProConnect's logout page for this id_token, back to our login page; null when unavailable. */
  async endSessionUrl(idToken: string, origin?: string): Promise<string | null> {
    try {
      const o = await oidc();
      const cfg = await this.client();
      const back = `${origin ?? new URL(this.config.publicUrl).origin}/`; // no fragment: OIDC forbids one here
      return o.buildEndSessionUrl(cfg, { id_token_hint: idToken, post_logout_redirect_uri: back, state: o.randomState() }).href;
    } catch (err) {
      this.logger.warn(`Déconnexion ProConnect indisponible : ${(err as Error).message}`);
      return null;
    }
  }
}
