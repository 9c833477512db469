import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { toErrorBody } from '@ptce/server/common/http-exception.filter';
import { answerClientError, dropProtoKeys, refuseBadText, verifyJsonDepth } from '@ptce/server/common/body-guards';
import { createValidationPipe } from '@ptce/server/common/validation';
import { AppConfig } from '@ptce/server/config/app-config';
import { docsGuard } from '@ptce/server/auth/docs-guard';

export const DEFAULT_ADMIN_DIST = resolve(__dirname, '../../admin/dist');

/** Builds the whole API (used by main.ts and by the end-to-end tests, so both run the same app). */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  // X-Forwarded-For is believed only from the proxies named in TRUST_PROXY (none by default): the IP throttle and the audit log rely on it.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // API answers (JSON lists, exports) compressed on the fly; the admin's assets are compressed once at build time.
  // Level 1: JSON still shrinks ~5×, for a third of the CPU of the default level 6 (a list page was ~5 % of the API's
  // CPU in zlib at level 6, issue 12).
  app.use(compression({ threshold: 1024, level: 1 }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          frameSrc: ["'self'"],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.enableCors({
    origin: [config.adminOrigin],
    exposedHeaders: ['Content-Range', 'X-Total-Estimate', 'X-Request-Id'],
    credentials: false,
  });
  // `__proto__` keys are dropped at parse time: no later merge or lookup can reach a prototype through them.
  // Depth is checked on the raw bytes before parsing: neither the reviver nor class-validator recurse through it.
  app.use(express.json({ limit: '2mb', reviver: dropProtoKeys, verify: verifyJsonDepth }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.getHttpServer().on('clientError', answerClientError);
  // Body parser failures (malformed JSON, too large) never reach Nest's filters: answer them here in the same format.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = toErrorBody(err, (req as unknown as { id?: string }).id);
    res.status(body.statusCode).json(body);
  });
  // NUL bytes and lone surrogates in any text (PostgreSQL refuses both), too many values: refused before validation.
  app.use(refuseBadText);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  // Built on the first request to /api/docs (a factory): scanning every route costs the start otherwise (issue 12).
  const doc = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle('AMI PTCE — API d’instruction').setVersion('1').addBearerAuth().build(),
    );
  app.use(docsGuard(app, config));
  SwaggerModule.setup('api/docs', app, doc);

  serveAdmin(app, config.adminDist ?? DEFAULT_ADMIN_DIST);
  return app;
}

/** The admin UI is a static build served on the same origin as the API (one URL, no CORS in practice). */
function serveAdmin(app: INestApplication, dist: string): void {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return;
  const server = app.getHttpAdapter().getInstance() as express.Express;
  // Pre-compressed files (`.br`, `.gz`, written by the admin build) when the browser takes them; hashed assets are
  // immutable for a year (a release changes their names), everything else is revalidated.
  const assets = expressStaticGzip(dist, {
    enableBrotli: true,
    orderPreference: ['br', 'gz'],
    index: false,
    serveStatic: {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader(
          'Cache-Control',
          /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/.test(path)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    },
  });
  // Never for /api: the static middleware would otherwise look for a file (a stat per API request, issue 12).
  server.use((req: Request, res: Response, next: NextFunction) => (/^\/api(\/|$)/.test(req.path) ? next() : assets(req, res, next)));
  server.get(/^\/(?!api(\/|$)).*/, (req: Request, res: Response) => {
    // express-static-gzip may have promised a compressed file that a rebuild removed since: nothing sent from here
    // is compressed, so that header must not survive (the browser would fail to decode the page).
    res.removeHeader('Content-Encoding');
    // A missing file of the build (an old chunk, a style sheet) is a 404, not the page: a script must never get HTML.
    if (/\.[a-z0-9]+$/i.test(req.path)) {
      res.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: 'Fichier introuvable : rechargez la page.' });
      return;
    }
    res.sendFile(index, { cacheControl: false, headers: { 'Cache-Control': 'no-cache' } });
  });
}
