import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { DB_RETRY_AFTER_SECONDS, isDbConnectionError } from './db-errors';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

const STATUS_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Requête invalide.'],
  401: ['UNAUTHENTICATED', 'Authentification requise.'],
  403: ['FORBIDDEN', 'Vous n’avez pas les droits nécessaires pour cette action.'],
  404: ['NOT_FOUND', 'Ressource introuvable.'],
  405: ['METHOD_NOT_ALLOWED', 'Méthode non autorisée.'],
  409: ['CONFLICT', 'Conflit avec l’état actuel de la ressource.'],
  413: ['PAYLOAD_TOO_LARGE', 'Le contenu envoyé est trop volumineux.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Type de contenu non pris en charge.'],
  429: ['TOO_MANY_REQUESTS', 'Trop de requêtes : réessayez dans une minute.'],
};

/** PostgreSQL SQLSTATEs that mean the request itself was wrong or conflicts with the data (never a 500). */
export const PG_ERRORS: Readonly<Record<string, [number, string, string]>> = {
  '22P02': [400, 'VALIDATION_FAILED', 'Une valeur envoyée n’a pas le format attendu.'],
  '22007': [400, 'VALIDATION_FAILED', 'Une date envoyée n’a pas le format attendu.'],
  '22008': [400, 'VALIDATION_FAILED', 'Une date envoyée est hors des limites acceptées.'],
  '22001': [400, 'VALIDATION_FAILED', 'Un texte envoyé est trop long.'],
  '22003': [400, 'VALIDATION_FAILED', 'Un nombre envoyé est hors des limites acceptées.'],
  '22021': [400, 'VALIDATION_FAILED', 'Un texte envoyé contient un caractère refusé.'],
  '22P05': [400, 'VALIDATION_FAILED', 'Un texte envoyé contient un caractère refusé.'],
  '23502': [400, 'VALIDATION_FAILED', 'Une valeur obligatoire manque.'],
  '23514': [400, 'VALIDATION_FAILED', 'Une valeur envoyée n’est pas autorisée.'],
  '23505': [409, 'ALREADY_EXISTS', 'Cet élément existe déjà.'],
  '23503': [409, 'REFERENCE_CONFLICT', 'Cet élément est lié à un autre qui n’existe pas ou qui en dépend.'],
  '40001': [409, 'CONCURRENT_UPDATE', 'Une modification concurrente a eu lieu : rechargez et réessayez.'],
  '40P01': [409, 'CONCURRENT_UPDATE', 'Une modification concurrente a eu lieu : rechargez et réessayez.'],
};

/** Maps anything thrown to the API's error format; never leaks a stack trace. */
export function toErrorBody(exception: unknown, requestId?: string): ErrorBody {
  if (exception instanceof AppError) {
    return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details, requestId };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse() as { code?: string; message?: unknown; details?: unknown } | string;
    const [code, message] = STATUS_CODES[status] ?? ['HTTP_ERROR', 'Erreur.'];
    if (typeof res === 'object' && res && typeof res.code === 'string' && typeof res.message === 'string') {
      return { statusCode: status, code: res.code, message: res.message, details: res.details, requestId };
    }
    return { statusCode: status, code, message, requestId };
  }
  const err = exception as { type?: string; status?: number; statusCode?: number };
  // body-parser errors carry a status and a type; they are the client's fault.
  if (err && err.type === 'entity.parse.failed') {
    return { statusCode: 400, code: 'INVALID_JSON', message: 'Le corps de la requête n’est pas un JSON valide.', requestId };
  }
  if (err && err.type === 'body.too.deep') {
    return { statusCode: 400, code: 'BODY_TOO_DEEP', message: 'Le contenu envoyé est trop imbriqué (16 niveaux au plus).', requestId };
  }
  if (err && err.type === 'entity.too.large') {
    return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: STATUS_CODES[413][1], requestId };
  }
  if (err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    const [code, message] = STATUS_CODES[err.status] ?? ['BAD_REQUEST', 'Requête invalide.'];
    return { statusCode: err.status, code, message, requestId };
  }
  if (isDbConnectionError(exception)) {
    return {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: `La base de données est momentanément indisponible : réessayez dans ${DB_RETRY_AFTER_SECONDS} secondes.`,
      requestId,
    };
  }
  if (exception instanceof QueryFailedError) {
    // The database's own refusals, mapped once here rather than caught per call site (a service that knows better
    // throws its own AppError first, e.g. EMAIL_TAKEN).
    const pgCode = (exception as unknown as { code?: string }).code;
    const mapped = pgCode ? PG_ERRORS[pgCode] : undefined;
    if (mapped) return { statusCode: mapped[0], code: mapped[1], message: mapped[2], requestId };
  }
  return {
    statusCode: 500,
    code: 'INTERNAL_ERROR',
    message: `Une erreur inattendue est survenue. Référence à communiquer au support : ${requestId ?? 'inconnue'}.`,
    requestId,
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const body = toErrorBody(exception, req?.id ? String(req.id) : undefined);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    if (res.headersSent) return;
    if (body.statusCode === 503) res.setHeader('Retry-After', String(DB_RETRY_AFTER_SECONDS));
    res.status(body.statusCode).json(body);
  }
}
