import type { Request, Response } from 'express';

export const REFRESH_COOKIE = 'ptce_refresh';
export const OIDC_COOKIE = 'ptce_oidc';

/** One cookie of the request (no cookie-parser needed for the two the API reads). */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers?.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The refresh token: HttpOnly (no script reads it), Secure, SameSite=Strict (never sent by another site's page), path
 * /api (the API only; the docs in production read it too). Browsers accept Secure cookies on http://localhost.
 */
export function setRefreshCookie(res: Response, token: string, maxAgeMs: number): void {
  res.cookie(REFRESH_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'strict', path: '/api', maxAge: maxAgeMs });
}

export function clearRefreshCookie(res: Response): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/api' });
}

/** The ProConnect round trip (state, nonce, PKCE verifier), signed; Lax because the provider's redirect is a top-level GET. */
export function setOidcCookie(res: Response, value: string): void {
  res.cookie(OIDC_COOKIE, value, { httpOnly: true, secure: true, sameSite: 'lax', path: '/api/auth/proconnect', maxAge: 10 * 60 * 1000 });
}

export function clearOidcCookie(res: Response): void {
  res.clearCookie(OIDC_COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/api/auth/proconnect' });
}

export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}
