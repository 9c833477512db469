import { Inject, Logger, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { parsePhase } from '../selection/phase';
import { SelectionModule } from '../selection/selection.module';
import { laureatsPage, notPublishedPage } from './public-page';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

export const PUBLIC_PAGE_PATH = '/public/campaigns/:id/laureats';
const PAGE_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The public list of lauréats: JSON / CSV under /api/public (no login), and the HTML page at /public/… served by
 * the API outside the /api prefix. The page is registered on the HTTP server when the module is built, i.e. before
 * the admin UI's catch-all route; it sets its own security headers.
 */
@Module({
  imports: [SelectionModule],
  controllers: [PublicController],
  providers: [PublicService],
})
export class PublicModule {
  private readonly logger = new Logger('PublicPage');

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly lists: PublicService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const server = adapterHost?.httpAdapter?.getInstance?.();
    if (!server || typeof server.get !== 'function') return; // the worker has no HTTP server
    server.get(PUBLIC_PAGE_PATH, (req: Request, res: Response, next: NextFunction) => {
      this.page(req, res).catch(next);
    });
  }

  private dsfrCss(): boolean {
    // Same default as the app factory's (the admin build next to the API sources).
    const dist = this.config.adminDist || resolve(__dirname, '../../../../apps/admin/dist');
    return !!dist && existsSync(join(dist, 'dsfr', 'dsfr.min.css'));
  }

  private async page(req: Request, res: Response): Promise<void> {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.type('html');
    const id = String(req.params.id);
    try {
      const phase = parsePhase(req.query.phase ?? 1); // without ?phase: the first phase's list
      const list = await this.lists.list(id, phase);
      const base = `/api/public/campaigns/${encodeURIComponent(id)}/laureats?phase=${phase}`;
      res.status(200).send(laureatsPage(list, { json: base, csv: `${base}&format=csv` }, this.dsfrCss()));
    } catch (e) {
      if (e instanceof AppError) {
        res.status(e.status).send(notPublishedPage(e.message, this.dsfrCss()));
        return;
      }
      this.logger.error(e);
      res.status(500).send(notPublishedPage('Une erreur est survenue. Réessayez plus tard.', false));
    }
  }
}
