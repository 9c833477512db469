import type { NextFunction, Request, Response } from 'express';
import { toErrorBody } from './http-exception.filter';
import { AppError } from './app-error';

/** The deepest JSON body any route takes is a few levels (avis scores, eligibility decisions); 16 leaves room. */
export const MAX_BODY_DEPTH = 16;
/** Keys per body, all levels counted: the largest real body (a dossier with its sections) has well under 500. */
export const MAX_BODY_NODES = 20_000;

/** JSON.parse reviver: a `__proto__` key is removed (JSON.parse makes it an own property, but a later merge would not). */
export function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/** How deep a parsed JSON value nests, and how many nodes it has; iterative, so a hostile body cannot overflow it. */
export function measureJson(root: unknown, maxDepth = MAX_BODY_DEPTH, maxNodes = MAX_BODY_NODES): 'ok' | 'too_deep' | 'too_many' {
  const stack: Array<[unknown, number]> = [[root, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return 'too_deep';
    const children = Array.isArray(v) ? v : Object.values(v as object);
    nodes += children.length;
    if (nodes > maxNodes) return 'too_many';
    for (const c of children) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
  return 'ok';
}

/** Refuses, before any validation, a body too deep or too wide to be one of ours; answers in the API's error format. */
export function refuseDeepBodies(req: Request, res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object') return next();
  const verdict = measureJson(body);
  if (verdict === 'ok') return next();
  const err =
    verdict === 'too_deep'
      ? new AppError(400, 'BODY_TOO_DEEP', `Le contenu envoyé est trop imbriqué (${MAX_BODY_DEPTH} niveaux au plus).`)
      : new AppError(413, 'PAYLOAD_TOO_LARGE', 'Le contenu envoyé comporte trop d’éléments.');
  const out = toErrorBody(err, (req as unknown as { id?: string }).id);
  res.status(out.statusCode).json(out);
}
