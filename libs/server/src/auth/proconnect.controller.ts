import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth.decorators';
import { auditContext } from '../audit/audit.service';
import { clearOidcCookie, noStore, OIDC_COOKIE, readCookie, setOidcCookie, setRefreshCookie } from './cookies';
import { ProConnectService } from './proconnect.service';

/** Browser redirects, not JSON: the login page's "S'identifier avec ProConnect" button links to /login. */
@ApiTags('auth')
@Controller('auth/proconnect')
export class ProConnectController {
  constructor(private readonly proconnect: ProConnectService) {}

  @Public()
  @Get('login')
  async login(@Req() req: Request, @Res() res: Response) {
    noStore(res);
    if (!this.proconnect.enabled) return res.redirect(302, '/#/login?proconnect_error=PROCONNECT_DISABLED');
    try {
      const { url, cookie } = await this.proconnect.start(req);
      setOidcCookie(res, cookie);
      return res.redirect(302, url);
    } catch {
      return res.redirect(302, '/#/login?proconnect_error=PROCONNECT_UNAVAILABLE');
    }
  }

  @Public()
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response) {
    noStore(res);
    const outcome = await this.proconnect.callback(req, readCookie(req, OIDC_COOKIE), auditContext(req));
    clearOidcCookie(res);
    if (!outcome.ok) {
      const q = new URLSearchParams({ proconnect_error: outcome.code, ...(outcome.email ? { email: outcome.email } : {}) });
      return res.redirect(302, `/#/login?${q}`);
    }
    setRefreshCookie(res, outcome.session.refreshToken, outcome.session.refreshMaxAgeMs);
    // The admin UI finds no access token in memory and asks /api/auth/refresh, which answers from this cookie.
    return res.redirect(302, '/#/');
  }
}
