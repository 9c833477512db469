import type { NextFunction, Request, Response } from 'express';
import type { INestApplication } from '@nestjs/common';
import { STAFF_ROLES } from '@ptce/domain';
import { AppConfig } from '../config/app-config';
import { AuthService } from './auth.service';
import { readCookie, REFRESH_COOKIE } from './cookies';
import { JwtService } from '@nestjs/jwt';

/**
 * `/api/docs` and `/api/docs-json` in production: a staff login is required (a Bearer access token, or the refresh
 * cookie of a live session when the page is opened in the browser that is signed in to the admin UI).
 */
export function docsGuard(app: INestApplication, config: AppConfig) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (config.nodeEnv !== 'production' || !/^\/api\/docs(-json|\/|$)/.test(req.path)) return next();
    const auth = app.get(AuthService);
    const header = req.headers.authorization;
    let roles: string[] | null = null;
    try {
      if (header?.startsWith('Bearer ')) roles = (await auth.userForToken(header.slice(7).trim()))?.roles ?? null;
      if (!roles) {
        const cookie = readCookie(req, REFRESH_COOKIE);
        const c = cookie
          ? await app
              .get(JwtService)
              .verifyAsync<{ sub: string; typ: string }>(cookie)
              .catch(() => null)
          : null;
        if (c?.typ === 'refresh') roles = (await auth.refresh(cookie)).body.user.roles;
      }
    } catch {
      roles = null;
    }
    res.setHeader('Cache-Control', 'no-store');
    if (!roles || !roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))) {
      res
        .status(401)
        .json({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'La documentation de l’API est réservée aux agents connectés.' });
      return;
    }
    next();
  };
}
