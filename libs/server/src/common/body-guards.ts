import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toErrorBody } from './http-exception.filter';
import { AppError } from './app-error';

/** The deepest JSON body any route takes is a few levels (avis scores, eligibility decisions); 16 leaves room. */
export const MAX_BODY_DEPTH = 16;
/** Values per body, all levels counted: the largest real body (a dossier with its sections) has well under 500. */
export const MAX_BODY_NODES = 20_000;

/** JSON.parse reviver: a `__proto__` key is removed (JSON.parse makes it an own property, but a later merge would not). */
export function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/**
 * How deep the raw JSON text nests, counted on the bytes before parsing (outside strings), so that neither
 * JSON.parse's reviver nor class-validator ever recurse through a hostile body.
 */
export function jsonDepth(buf: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** body-parser's `verify` hook: refuses a body too deep before it is parsed (answered as BODY_TOO_DEEP). */
export function verifyJsonDepth(_req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  if (jsonDepth(buf) > MAX_BODY_DEPTH) throw Object.assign(new Error('body too deep'), { status: 400, type: 'body.too.deep' });
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one (what isWellFormed() finds).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

type Problem = { path: string; kind: 'nul' | 'surrogate' | 'too_many' };

/** The first string with a NUL byte or a lone surrogate (PostgreSQL refuses both in text), or too many values. */
export function findBadValue(root: unknown, rootPath = ''): Problem | null {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  let nodes = 0;
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (++nodes > MAX_BODY_NODES) return { path: rootPath, kind: 'too_many' };
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path, kind: 'nul' };
      if (!wellFormed(v)) return { path, kind: 'surrogate' };
    } else if (v !== null && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        if (k.includes('\u0000') || !wellFormed(k)) return { path: path ? `${path}.${k}` : k, kind: k.includes('\u0000') ? 'nul' : 'surrogate' };
        stack.push([c, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}

const MESSAGES: Record<Problem['kind'], string> = {
  nul: 'Ce texte contient un caractère nul (\\u0000), refusé.',
  surrogate: 'Ce texte contient un caractère mal encodé (UTF-16 incomplet), refusé.',
  too_many: 'Le contenu envoyé comporte trop d’éléments.',
};

function send(req: Request, res: Response, err: AppError): void {
  const out = toErrorBody(err, (req as unknown as { id?: string }).id);
  res.status(out.statusCode).json(out);
}

/**
 * Refuses, before any validation, what PostgreSQL or the validators cannot take: a NUL byte or a lone surrogate in
 * any string of the body or the query, or a body with too many values. One rule for every route.
 */
export function refuseBadText(req: Request, res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url ?? '';
  if (/%00/i.test(url)) return send(req, res, AppError.validation({ query: MESSAGES.nul }, 'L’adresse demandée contient un caractère nul.'));
  const inQuery = findBadValue(req.query, 'query');
  if (inQuery) return send(req, res, AppError.validation({ [inQuery.path]: MESSAGES[inQuery.kind] }));
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object') return next();
  const bad = findBadValue(body);
  if (!bad) return next();
  if (bad.kind === 'too_many') return send(req, res, new AppError(413, 'PAYLOAD_TOO_LARGE', MESSAGES.too_many));
  send(req, res, AppError.validation({ [bad.path || 'body']: MESSAGES[bad.kind] }));
}

/** Node's own HTTP parser errors (headers too large, malformed request line) answered in the API's error format. */
export function answerClientError(err: NodeJS.ErrnoException & { code?: string }, socket: import('node:stream').Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'L’adresse ou les en-têtes de la requête sont trop longs.']
      : [400, 'BAD_REQUEST', 'Requête HTTP mal formée.'];
  const body = JSON.stringify({ statusCode: status, code, message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
