/**
 * A local stand-in for Démarches Simplifiées' GraphQL API v2, for tests and the demo.
 *
 * Queries run against the real DS schema (schema.graphql, read from disk), so a query DS would reject (unknown field,
 * wrong argument or variable type) fails here too, with the same `errors` shape. Data are plain objects in DS's wire
 * form (see types.ts); interfaces resolve through their `__typename`. Around it: Bearer token, HTTP 429 on demand
 * with `RateLimit-Reset`, keyset cursors, `updatedSince`, deleted dossiers, and generated file downloads.
 */
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  buildSchema,
  defaultFieldResolver,
  getNullableType,
  graphql,
  GraphQLError,
  GraphQLFieldResolver,
  GraphQLNonNull,
  GraphQLScalarType,
  GraphQLSchema,
  isListType,
  Kind,
  ValueNode,
} from 'graphql';
import { dsDateTime, parseIsoDateTime } from './dates';
import { fileChunks } from './files';
import { DEMO_PROJECTS } from './demo-data';
import { champDescriptors, LABELS, typedId } from './form';
import { generateDossiers, GenerateOptions, setTextChamp } from './generate';
import { mutationResolvers } from './mutations';
import type { DsDeletedDossier, DsDeletedDossierReason, DsDossier, DsDossierState } from './types';

export const GRAPHQL_PATH = '/api/v2/graphql';

export type GeneratorConfig = Omit<GenerateOptions, 'baseUrl'>;
/** Per démarche: ready-made dossiers, or how to generate them. */
export type DemarcheSource = DsDossier[] | Omit<GenerateOptions, 'baseUrl' | 'demarcheNumber'>;

export interface DemarcheConfig {
  title?: string;
  description?: string;
  state?: 'brouillon' | 'publiee' | 'close' | 'depubliee';
  /** Which form `activeRevision.champDescriptors` shows (1 unless generated as phase 2). */
  phase?: 1 | 2;
  dateFermeture?: Date | null;
}

export interface StandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, every GraphQL request needs `Authorization: Bearer <token>`; otherwise no check. */
  token?: string | null;
  /**
   * A generator config (one démarche), or a map démarche number → dossiers or generator config, or a function of the
   * file base URL (known only once listening) returning such a map. Default: one démarche of 150 generated dossiers.
   */
  dossiers?: GeneratorConfig | Record<number, DemarcheSource> | ((fileBaseUrl: string) => Record<number, DemarcheSource>);
  demarches?: Record<number, DemarcheConfig>;
  /** graphql-ruby's max_page_size: larger `first` / `last` are silently capped. DS uses 100. */
  pageSizeMax?: number;
  log?: (line: string) => void;
}

export interface RunningStandin {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:40123/api/v2/graphql */
  url: string;
  /** Where files are served: `${fileBaseUrl}/files/<id>/<filename>`. */
  fileBaseUrl: string;
  state: StandinState;
  close(): Promise<void>;
}

export const DEFAULT_DEMARCHE_NUMBER = 45021;

export const DEFAULT_GENERATOR: GeneratorConfig = {
  demarcheNumber: DEFAULT_DEMARCHE_NUMBER,
  // One dossier per initiative of the demo list: no project name twice (issue 15).
  count: DEMO_PROJECTS.length,
  seed: 2021,
  phase: 1,
  // 23 June 2021, 23:59:59 Paris time (DOMAIN.md calendar)
  deadline: new Date('2021-06-23T21:59:59Z'),
  lateCount: 3,
  missingStatutsCount: 2,
};

interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  operationName: string | null;
  variables: Record<string, unknown> | null;
}

interface FileEntry {
  byteSize: number;
  filename: string;
  contentType: string;
}

interface DemarcheRecord {
  number: number;
  title: string;
  description: string;
  state: 'brouillon' | 'publiee' | 'close' | 'depubliee';
  phase: 1 | 2;
  dateFermeture: string | null;
  createdAt: string;
  dossiers: Map<number, DsDossier>;
  deleted: DsDeletedDossier[];
  pendingDeleted: DsDeletedDossier[];
}

/** What tests see and steer: the data, the counters, and failure injection. */
export class StandinState {
  /** Every request to the GraphQL endpoint, including the ones answered 401 or 429. */
  requestCount = 0;
  fileRequestCount = 0;
  /** The last 500 GraphQL requests, for assertions on what the importer sent. */
  readonly requests: RequestLogEntry[] = [];
  readonly demarches = new Map<number, DemarcheRecord>();
  readonly files = new Map<string, FileEntry>();
  private throttled = 0;
  private throttleResetSeconds = 1;

  /** The next `count` GraphQL requests get HTTP 429 with `RateLimit-Reset: <resetSeconds>`. */
  failNextWith429(count: number, resetSeconds = 1): void {
    this.throttled = count;
    this.throttleResetSeconds = resetSeconds;
  }

  /** @internal */
  takeThrottle(): number | null {
    if (this.throttled <= 0) return null;
    this.throttled--;
    return this.throttleResetSeconds;
  }

  dossier(number: number): DsDossier | undefined {
    for (const d of this.demarches.values()) {
      const found = d.dossiers.get(number);
      if (found) return found;
    }
    return undefined;
  }

  /** The démarche holding a dossier number (live or deleted). */
  demarcheOf(number: number): DemarcheRecord | undefined {
    for (const d of this.demarches.values()) {
      if (d.dossiers.has(number) || d.deleted.some((x) => x.number === number)) return d;
    }
    return undefined;
  }

  dossiers(demarcheNumber?: number): DsDossier[] {
    return [...this.demarche(demarcheNumber).dossiers.values()];
  }

  deletedDossiers(demarcheNumber?: number): DsDeletedDossier[] {
    return [...this.demarche(demarcheNumber).deleted];
  }

  /**
   * Marks a dossier as modified on DS at `date` (now by default): `dateDerniereModification` moves, and the patch,
   * if any, changes its content (`projectName` rewrites "Nom du projet"; a function may change anything).
   */
  touch(number: number, date: Date = new Date(), patch?: { projectName?: string } | ((d: DsDossier) => void)): DsDossier {
    const d = this.dossier(number);
    if (!d) throw new Error(`no dossier ${number}`);
    const at = dsDateTime(date);
    d.dateDerniereModification = at;
    d.dateDerniereModificationChamps = at;
    if (typeof patch === 'function') patch(d);
    else if (patch?.projectName !== undefined) setTextChamp(d, LABELS.nomProjet, patch.projectName, at);
    this.registerFiles(d);
    return d;
  }

  /**
   * Deletes a dossier: it leaves `dossiers` and shows in `deletedDossiers` (or `pendingDeletedDossiers` when
   * `pending`, i.e. hidden by its owner but not yet purged).
   */
  delete(number: number, opts: { date?: Date; reason?: DsDeletedDossierReason; pending?: boolean } = {}): DsDeletedDossier {
    const dem = this.demarcheOf(number);
    const d = dem?.dossiers.get(number);
    if (!dem || !d) throw new Error(`no dossier ${number}`);
    dem.dossiers.delete(number);
    const deleted: DsDeletedDossier = {
      id: typedId('Dossier', number),
      number,
      state: d.state,
      reason: opts.reason ?? 'user_request',
      dateSupression: dsDateTime(opts.date ?? new Date()),
    };
    (opts.pending ? dem.pendingDeleted : dem.deleted).push(deleted);
    return deleted;
  }

  /** Adds (or replaces, same number) a dossier; the démarche may be omitted when there is only one. */
  add(dossier: DsDossier, demarcheNumber?: number): DsDossier {
    const copy = structuredClone(dossier);
    this.demarche(demarcheNumber).dossiers.set(copy.number, copy);
    this.registerFiles(copy);
    return copy;
  }

  /** @internal */
  demarche(number?: number): DemarcheRecord {
    if (number === undefined) {
      if (this.demarches.size !== 1) throw new Error('several démarches: say which one');
      return this.demarches.values().next().value as DemarcheRecord;
    }
    const d = this.demarches.get(number);
    if (!d) throw new Error(`no démarche ${number}`);
    return d;
  }

  /** @internal Files are looked up by the id in their URL path, whatever host the URL names. */
  registerFiles(d: DsDossier): void {
    for (const champ of d.champs) {
      if (champ.__typename !== 'PieceJustificativeChamp') continue;
      for (const f of champ.files) {
        const m = /\/files\/([^/]+)\/[^/?#]+/.exec(new URL(f.url).pathname);
        if (m?.[1]) this.files.set(decodeURIComponent(m[1]), { byteSize: f.byteSize, filename: f.filename, contentType: f.contentType });
      }
    }
  }

  /** @internal */
  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > 500) this.requests.shift();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Schema

let cachedSchema: GraphQLSchema | null = null;

function scalarError(what: string, value: unknown): GraphQLError {
  return new GraphQLError(`${JSON.stringify(value)} is not a valid ${what}`);
}

/** The real schema, with DS's scalar behaviour: dates checked on input, BigInt sent as a string. */
export function loadSchema(): GraphQLSchema {
  if (cachedSchema) return cachedSchema;
  const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));
  const literal = (parse: (v: unknown) => unknown) => (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT) throw new GraphQLError(`unexpected ${ast.kind} literal`);
    return parse(ast.value);
  };
  const patch = (name: string, impl: Partial<Pick<GraphQLScalarType, 'serialize' | 'parseValue' | 'parseLiteral'>>): void => {
    Object.assign(schema.getType(name) as GraphQLScalarType, impl);
  };
  const parseDateTime = (v: unknown): Date => {
    const d = typeof v === 'string' ? parseIsoDateTime(v) : null;
    if (!d) throw scalarError('ISO8601DateTime', v);
    return d;
  };
  patch('ISO8601DateTime', {
    serialize: (v) => (v instanceof Date ? dsDateTime(v) : v),
    parseValue: parseDateTime,
    parseLiteral: literal(parseDateTime),
  });
  const parseDate = (v: unknown): string => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw scalarError('ISO8601Date', v);
    return v;
  };
  patch('ISO8601Date', { parseValue: parseDate, parseLiteral: literal(parseDate) });
  const parseBigInt = (v: unknown): string => {
    if (!/^-?\d+$/.test(String(v))) throw scalarError('BigInt', v);
    return String(v);
  };
  patch('BigInt', {
    serialize: (v) => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : v),
    parseValue: parseBigInt,
    parseLiteral: literal(parseBigInt),
  });
  cachedSchema = schema;
  return schema;
}

// ---------------------------------------------------------------------------------------------------------------
// Pagination: keyset cursors on (instant, number), as DS does, so a page boundary survives inserts and deletions

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  order?: 'ASC' | 'DESC' | null;
}

interface Keyed<T> {
  item: T;
  time: number;
  number: number;
}

function encodeCursor(mode: string, k: { time: number; number: number }): string {
  return Buffer.from(`${mode};${k.time};${k.number}`).toString('base64');
}

function decodeCursor(mode: string, cursor: string): { time: number; number: number } {
  const parts = Buffer.from(cursor, 'base64').toString('utf8').split(';');
  const [m, time, number] = parts;
  if (parts.length !== 3 || m !== mode || !/^-?\d+$/.test(time ?? '') || !/^\d+$/.test(number ?? '')) {
    throw new GraphQLError(`Invalid cursor: ${cursor}`, { extensions: { code: 'invalid_cursor' } });
  }
  return { time: Number(time), number: Number(number) };
}

function paginate<T>(keyed: Keyed<T>[], mode: string, args: PageArgs, max: number) {
  for (const name of ['first', 'last'] as const) {
    const v = args[name];
    if (v !== null && v !== undefined && v < 0) throw new GraphQLError(`Argument '${name}' must be positive`);
  }
  const dir = args.order === 'DESC' ? -1 : 1;
  const cmp = (a: { time: number; number: number }, b: { time: number; number: number }): number =>
    dir * (a.time - b.time || a.number - b.number);
  const all = keyed.slice().sort(cmp);
  let page = all;
  if (args.after) {
    const c = decodeCursor(mode, args.after);
    page = page.filter((k) => cmp(k, c) > 0);
  }
  if (args.before) {
    const c = decodeCursor(mode, args.before);
    page = page.filter((k) => cmp(k, c) < 0);
  }
  const first = args.first ?? (args.last === null || args.last === undefined ? max : null);
  if (first !== null) page = page.slice(0, Math.min(first, max));
  if (args.last !== null && args.last !== undefined) page = page.slice(Math.max(0, page.length - Math.min(args.last, max)));
  const head = page[0];
  const tail = page[page.length - 1];
  return {
    nodes: page.map((k) => k.item),
    edges: page.map((k) => ({ cursor: encodeCursor(mode, k), node: k.item })),
    pageInfo: {
      hasNextPage: tail ? all.some((k) => cmp(k, tail) > 0) : false,
      hasPreviousPage: head ? all.some((k) => cmp(k, head) < 0) : false,
      startCursor: head ? encodeCursor(mode, head) : null,
      endCursor: tail ? encodeCursor(mode, tail) : null,
    },
  };
}

const ms = (iso: string): number => Date.parse(iso);

interface DossiersArgs extends PageArgs {
  state?: DsDossierState | null;
  archived?: boolean | null;
  createdSince?: Date | null;
  updatedSince?: Date | null;
}

function dossiersConnection(list: DsDossier[], args: DossiersArgs, max: number) {
  let items = list;
  if (args.state) items = items.filter((d) => d.state === args.state);
  if (args.archived !== null && args.archived !== undefined) items = items.filter((d) => d.archived === args.archived);
  const createdSince = args.createdSince;
  if (createdSince) items = items.filter((d) => ms(d.dateDepot) >= createdSince.getTime());
  const updatedSince = args.updatedSince;
  // With updatedSince DS orders by last modification, otherwise by deposit: the cursor records which.
  if (updatedSince) {
    items = items.filter((d) => ms(d.dateDerniereModification) >= updatedSince.getTime());
    return paginate(
      items.map((d) => ({ item: d, time: ms(d.dateDerniereModification), number: d.number })),
      'updated',
      args,
      max,
    );
  }
  return paginate(
    items.map((d) => ({ item: d, time: ms(d.dateDepot), number: d.number })),
    'depot',
    args,
    max,
  );
}

function deletedConnection(list: DsDeletedDossier[], args: PageArgs & { deletedSince?: Date | null }, max: number) {
  const since = args.deletedSince;
  const items = since ? list.filter((d) => ms(d.dateSupression) >= since.getTime()) : list;
  return paginate(
    items.map((d) => ({ item: d, time: ms(d.dateSupression), number: d.number })),
    'deleted',
    args,
    max,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Root value

function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'not_found' } });
}

function revisionOf(dem: DemarcheRecord) {
  return {
    id: typedId('ProcedureRevision', dem.number),
    dateCreation: dem.createdAt,
    datePublication: dem.createdAt,
    champDescriptors: champDescriptors(dem.phase),
    annotationDescriptors: [],
  };
}

const SERVICE = {
  id: typedId('Service', 1),
  nom: 'Mission ESS (démonstration)',
  organisme: "Ministère chargé de l'économie sociale et solidaire",
  siret: null,
  typeOrganisme: 'administration_centrale',
};

function descriptorOf(dem: DemarcheRecord) {
  return {
    id: typedId('Procedure', dem.number),
    number: dem.number,
    title: dem.title,
    description: dem.description,
    state: dem.state,
    dateCreation: dem.createdAt,
    datePublication: dem.createdAt,
    dateDerniereModification: dem.createdAt,
    dateFermeture: dem.dateFermeture,
    dureeConservationDossiers: 12,
    opendata: false,
    tags: [],
    zones: [],
    revision: revisionOf(dem),
    service: SERVICE,
  };
}

function groupeOf(dem: DemarcheRecord) {
  return {
    id: typedId('GroupeInstructeur', dem.number * 10 + 1),
    number: dem.number * 10 + 1,
    label: 'défaut',
    closed: false,
    instructeurs: [],
  };
}

function demarcheObject(dem: DemarcheRecord, max: number) {
  const revision = revisionOf(dem);
  return {
    ...descriptorOf(dem),
    declarative: null,
    chorusConfiguration: null,
    administrateurs: [],
    labels: [],
    groupeInstructeurs: [groupeOf(dem)],
    activeRevision: revision,
    publishedRevision: revision,
    draftRevision: revision,
    revisions: [revision],
    champDescriptors: revision.champDescriptors,
    annotationDescriptors: [],
    dossiers: (args: DossiersArgs) => dossiersConnection([...dem.dossiers.values()], args, max),
    deletedDossiers: (args: PageArgs & { deletedSince?: Date | null }) => deletedConnection(dem.deleted, args, max),
    pendingDeletedDossiers: (args: PageArgs & { deletedSince?: Date | null }) => deletedConnection(dem.pendingDeleted, args, max),
  };
}

function rootValue(state: StandinState, max: number) {
  return {
    demarche: ({ number }: { number: number }) => {
      const dem = state.demarches.get(number);
      if (!dem) throw notFound('Demarche');
      return demarcheObject(dem, max);
    },
    demarcheDescriptor: ({ demarche }: { demarche: { number?: number; id?: string } }) => {
      const dem = [...state.demarches.values()].find((d) => d.number === demarche.number || typedId('Procedure', d.number) === demarche.id);
      if (!dem) throw notFound('Demarche');
      return descriptorOf(dem);
    },
    dossier: ({ number }: { number: number }) => {
      const d = state.dossier(number);
      if (!d) throw notFound('Dossier');
      return d;
    },
    groupeInstructeur: ({ number }: { number: number }) => {
      const dem = [...state.demarches.values()].find((d) => groupeOf(d).number === number);
      if (!dem) throw notFound('GroupeInstructeur');
      const o = demarcheObject(dem, max);
      return {
        ...groupeOf(dem),
        dossiers: o.dossiers,
        deletedDossiers: o.deletedDossiers,
        pendingDeletedDossiers: o.pendingDeletedDossiers,
      };
    },
  };
}

/**
 * Default resolution plus what plain data cannot carry: `Dossier.demarche` / `revision` (relations), the `id`
 * argument of `champs(id:)` and the like, and `[]` for absent non-null lists.
 */
function fieldResolver(state: StandinState): GraphQLFieldResolver<unknown, unknown, Record<string, unknown>> {
  return (source, args, context, info) => {
    if (info.parentType.name === 'Dossier' && (info.fieldName === 'demarche' || info.fieldName === 'revision')) {
      const dem = state.demarcheOf((source as DsDossier).number);
      if (dem) return info.fieldName === 'demarche' ? descriptorOf(dem) : revisionOf(dem);
    }
    const value = defaultFieldResolver(source, args, context, info);
    if (Array.isArray(value) && typeof args.id === 'string') return value.filter((v: { id?: string }) => v.id === args.id);
    if (value === undefined && info.returnType instanceof GraphQLNonNull && isListType(getNullableType(info.returnType))) return [];
    return value;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(?:token=)?"?([^"\s]+)"?\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

async function handleGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  state: StandinState,
  opts: Required<Pick<StandinOptions, 'pageSizeMax'>> & StandinOptions,
) {
  state.requestCount++;
  const log = (status: number, operationName: string | null = null, variables: Record<string, unknown> | null = null): void =>
    state.logRequest({ at: new Date().toISOString(), method: req.method ?? '', path: req.url ?? '', status, operationName, variables });

  // Rate limiting comes first, as Rack::Attack sits in front of the application.
  const reset = state.takeThrottle();
  if (reset !== null) {
    req.resume();
    const text = 'Retry later\n';
    res.writeHead(429, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'RateLimit-Limit': '100',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': String(reset),
    });
    res.end(text);
    return log(429);
  }
  if (opts.token && bearer(req) !== opts.token) {
    req.resume();
    sendJson(res, 401, { errors: [{ message: 'Unauthorized: missing or invalid API token' }], data: null });
    return log(401);
  }

  let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    payload = JSON.parse(await readBody(req)) as typeof payload;
    if (typeof payload.variables === 'string') payload.variables = payload.variables ? JSON.parse(payload.variables) : {};
  } catch (e) {
    sendJson(res, 400, { errors: [{ message: `Invalid JSON: ${(e as Error).message}` }], data: null });
    return log(400);
  }
  const variables = (payload.variables ?? {}) as Record<string, unknown>;
  const operationName = typeof payload.operationName === 'string' ? payload.operationName : null;
  if (typeof payload.query !== 'string' || payload.query.trim() === '') {
    sendJson(res, 200, { errors: [{ message: 'No query string was present' }] });
    return log(200, operationName, variables);
  }
  const result = await graphql({
    schema: loadSchema(),
    source: payload.query,
    variableValues: variables,
    operationName,
    rootValue: { ...rootValue(state, opts.pageSizeMax), ...mutationResolvers(state) },
    fieldResolver: fieldResolver(state),
  });
  sendJson(res, 200, result);
  log(200, operationName, variables);
}

async function handleFile(req: IncomingMessage, res: ServerResponse, state: StandinState, path: string) {
  state.fileRequestCount++;
  const m = /^\/files\/([^/]+)\/([^/]+)$/.exec(path);
  const id = m?.[1] ? decodeURIComponent(m[1]) : '';
  const entry = state.files.get(id);
  if (!m?.[2] || !entry || decodeURIComponent(m[2]) !== entry.filename) {
    return sendJson(res, 404, { error: 'Not found' });
  }
  res.writeHead(200, {
    'Content-Type': entry.contentType,
    'Content-Length': String(entry.byteSize),
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(entry.filename)}`,
  });
  if (req.method === 'HEAD') return res.end();
  try {
    await pipeline(Readable.from(fileChunks(id, entry.byteSize)), res);
  } catch {
    // The client went away mid-download (e.g. the importer stopped at its size limit): nothing to clean up.
  }
}

function resolveSources(opts: StandinOptions, fileBaseUrl: string): Record<number, DemarcheSource> {
  const d = opts.dossiers ?? DEFAULT_GENERATOR;
  if (typeof d === 'function') return d(fileBaseUrl);
  if ('count' in d && typeof d.count === 'number' && 'demarcheNumber' in d) {
    const { demarcheNumber, ...rest } = d as GeneratorConfig;
    return { [demarcheNumber]: rest };
  }
  return d as Record<number, DemarcheSource>;
}

function loadDemarches(state: StandinState, opts: StandinOptions, fileBaseUrl: string): void {
  for (const [key, source] of Object.entries(resolveSources(opts, fileBaseUrl))) {
    const number = Number(key);
    const cfg = opts.demarches?.[number] ?? {};
    const generator = Array.isArray(source) ? null : source;
    const phase = cfg.phase ?? generator?.phase ?? 1;
    const deadline = cfg.dateFermeture !== undefined ? cfg.dateFermeture : (generator?.deadline ?? null);
    state.demarches.set(number, {
      number,
      title: cfg.title ?? `AMI PTCE 2021 – phase ${phase} (démonstration)`,
      description: cfg.description ?? "Appel à manifestation d'intérêt pour les pôles territoriaux de coopération économique.",
      state: cfg.state ?? 'publiee',
      phase,
      dateFermeture: deadline ? dsDateTime(deadline) : null,
      createdAt: dsDateTime(new Date(Date.UTC(2021, 3, 20, 8, 0, 0))),
      dossiers: new Map(),
      deleted: [],
      pendingDeleted: [],
    });
    const dossiers = generator ? generateDossiers({ ...generator, demarcheNumber: number, baseUrl: fileBaseUrl }) : (source as DsDossier[]);
    for (const d of dossiers) state.add(d, number);
  }
}

export async function startDsStandin(options: StandinOptions = {}): Promise<RunningStandin> {
  const opts = { ...options, pageSizeMax: options.pageSizeMax ?? 100 };
  const state = new StandinState();
  loadSchema();

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const work =
      path === GRAPHQL_PATH && req.method === 'POST'
        ? handleGraphql(req, res, state, opts)
        : path.startsWith('/files/') && (req.method === 'GET' || req.method === 'HEAD')
          ? handleFile(req, res, state, path)
          : Promise.resolve(sendJson(res, 404, { error: 'Not found' }));
    work.catch((e: unknown) => {
      opts.log?.(`ds-standin: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal Server Error' }], data: null });
      else res.destroy();
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    loadDemarches(state, opts, origin);
  } catch (e) {
    server.close();
    throw e;
  }
  opts.log?.(`ds-standin: listening on ${origin}${GRAPHQL_PATH}`);

  return {
    url: `${origin}${GRAPHQL_PATH}`,
    fileBaseUrl: origin,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
