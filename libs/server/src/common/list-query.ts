import { AppError } from './app-error';
import { findBadValue } from './body-guards';

// react-admin's simple REST list contract: sort=["field","ASC"], range=[0,24], filter={...}.
export interface ListQuery {
  sort: { field: string; order: 'ASC' | 'DESC' };
  /** The SQL expression of the sort field, looked up once as an own property of the spec (never inherited). */
  sortSql: string;
  offset: number;
  limit: number;
  filter: Record<string, unknown>;
}

export interface ListSpec {
  sortable: Record<string, string>; // API field -> SQL expression (whitelist: never raw input in SQL)
  filters: string[];
  defaultSort: { field: string; order: 'ASC' | 'DESC' };
  maxPage?: number;
}

/** The largest row index a list accepts (far above any real list, far below PostgreSQL's limits). */
export const MAX_RANGE_INDEX = 100_000_000;

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw AppError.validation({ [name]: 'Paramètre invalide.' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw); // keys are then checked against the spec, "__proto__" included
  } catch {
    throw AppError.validation({ [name]: 'Paramètre invalide : JSON attendu.' });
  }
  // The JSON inside a query parameter gets the same text rules as a body (no NUL byte, no lone surrogate).
  const bad = findBadValue(parsed, name);
  if (bad) throw AppError.validation({ [bad.path]: 'Texte refusé : caractère nul ou mal encodé.' });
  return parsed;
}

export function parseListQuery(q: Record<string, unknown>, spec: ListSpec): ListQuery {
  const sortRaw = parseJson('sort', q.sort);
  let sort = spec.defaultSort;
  if (sortRaw !== undefined) {
    if (!Array.isArray(sortRaw) || typeof sortRaw[0] !== 'string')
      throw AppError.validation({ sort: 'Tri invalide : ["champ","ASC"] attendu.' });
    const order = String(sortRaw[1] ?? 'ASC').toUpperCase();
    // Own properties only: `in` would find "__proto__", "constructor", "toString"… on every object.
    if (!Object.hasOwn(spec.sortable, sortRaw[0])) throw AppError.validation({ sort: `Tri impossible sur le champ « ${sortRaw[0]} ».` });
    if (order !== 'ASC' && order !== 'DESC') throw AppError.validation({ sort: 'Ordre de tri invalide : ASC ou DESC.' });
    sort = { field: sortRaw[0], order };
  }
  const rangeRaw = parseJson('range', q.range);
  let offset = 0;
  let limit = 25;
  const max = spec.maxPage ?? 500;
  if (rangeRaw !== undefined) {
    if (
      !Array.isArray(rangeRaw) ||
      rangeRaw.length !== 2 ||
      // Bounded so that OFFSET/LIMIT stay in PostgreSQL's bigint and a page stays a page.
      !rangeRaw.every((n) => Number.isSafeInteger(n) && n >= 0 && n <= MAX_RANGE_INDEX) ||
      rangeRaw[1] < rangeRaw[0]
    ) {
      throw AppError.validation({ range: 'Plage invalide : [début, fin] attendu.' });
    }
    offset = rangeRaw[0];
    limit = Math.min(rangeRaw[1] - rangeRaw[0] + 1, max);
  }
  const filterRaw = parseJson('filter', q.filter) ?? {};
  if (typeof filterRaw !== 'object' || filterRaw === null || Array.isArray(filterRaw))
    throw AppError.validation({ filter: 'Filtre invalide : objet JSON attendu.' });
  // A null-prototype copy: a service reading `filter.x` never finds an inherited value.
  const filter: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(filterRaw)) {
    if (key !== 'id' && !spec.filters.includes(key)) throw AppError.validation({ filter: `Filtre inconnu : « ${key} ».` });
    filter[key] = value;
  }
  return { sort, sortSql: spec.sortable[sort.field], offset, limit, filter };
}

export function contentRange(resource: string, offset: number, count: number, total: number): string {
  const end = count === 0 ? offset : offset + count - 1;
  return `${resource} ${offset}-${end}/${total}`;
}

/** Reads a filter's id list (getMany) and refuses anything that is not a list of strings. */
export function idsFilter(filter: Record<string, unknown>): string[] | undefined {
  if (filter.id === undefined) return undefined;
  const ids = Array.isArray(filter.id) ? filter.id : [filter.id];
  if (!ids.every((i) => typeof i === 'string' || typeof i === 'number'))
    throw AppError.validation({ filter: 'Liste d’identifiants invalide.' });
  return ids.map(String);
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A filter's value(s) checked against what is allowed (a single value or a list; numbers when `allowed` holds
 * numbers). An empty list is refused: `IN ()` is not SQL, and it would filter everything out anyway.
 */
export function filterValues<T extends string | number>(name: string, v: unknown, allowed?: readonly T[]): T[] {
  const list = Array.isArray(v) ? v : [v];
  const numeric = typeof allowed?.[0] === 'number';
  const norm = list.map((x) => (numeric ? Number(x) : x));
  const ok = norm.length > 0 && norm.every((x) => (numeric || typeof x === 'string') && (!allowed || allowed.includes(x as T)));
  if (!ok) throw AppError.validation({ [`filter.${name}`]: 'Valeur de filtre invalide.' });
  return norm as T[];
}

export function filterBoolean(name: string, v: unknown): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw AppError.validation({ [`filter.${name}`]: 'Valeur attendue : true ou false.' });
}

export function filterUuid(name: string, v: unknown, message = 'Identifiant invalide.'): string {
  if (typeof v !== 'string' || !UUID_RE.test(v)) throw AppError.validation({ [`filter.${name}`]: message });
  return v;
}

/**
 * A list's total: exact up to `LIST_EXACT_COUNT_LIMIT` rows (20,000 by default, the dossier export's cap: keep it at
 * least that, the export refuses a filter past its cap from this total; counted through a subquery that stops
 * at limit + 1 rows, so the table is never scanned to the end), past it PostgreSQL's planner estimate, marked as such.
 * When the planner already expects more than twice the limit, the estimate is given without counting.
 */
export interface ListTotal {
  total: number;
  estimated: boolean;
}

export function exactCountLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.LIST_EXACT_COUNT_LIMIT);
  return Number.isSafeInteger(n) && n > 0 ? n : 20_000;
}

/** Runs the bounded count of a list query (its WHERE only: no order, no page), then the estimate if needed. */
export async function countList(
  qb: { clone(): CountableQuery },
  run: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  limit = exactCountLimit(),
): Promise<ListTotal> {
  const [sql, params] = qb.clone().select('1').orderBy().offset(undefined).limit(undefined).getQueryAndParameters();
  // The planner's estimate first (no rows read): far above the limit, it is the answer; otherwise the bounded count.
  const plan = await run(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const planJson = plan[0]?.['QUERY PLAN'] as [{ Plan: { 'Plan Rows': number } }] | undefined;
  const estimate = Math.round(planJson?.[0]?.Plan?.['Plan Rows'] ?? 0);
  if (estimate > limit * 2) return { total: estimate, estimated: true };
  const [{ n }] = await run(`SELECT count(*)::int AS n FROM (${sql} LIMIT ${limit + 1}) bounded`, params);
  if (Number(n) <= limit) return { total: Number(n), estimated: false };
  return { total: Math.max(estimate, limit + 1), estimated: true };
}

interface CountableQuery {
  select(selection: string): CountableQuery;
  orderBy(): CountableQuery;
  offset(n: undefined): CountableQuery;
  limit(n: undefined): CountableQuery;
  getQueryAndParameters(): [string, unknown[]];
}

/**
 * Sets `Content-Range` (and `X-Total-Count`) of a list page. An estimated total is written `*` in Content-Range
 * (RFC 9110: complete length unknown) and given in `X-Total-Estimate`; the admin's data provider reads it.
 */
export function setListHeaders(
  res: { setHeader(name: string, value: string): unknown },
  resource: string,
  offset: number,
  count: number,
  total: number | ListTotal,
): void {
  const t = typeof total === 'number' ? { total, estimated: false } : total;
  const end = count === 0 ? offset : offset + count - 1;
  res.setHeader('Content-Range', t.estimated ? `${resource} ${offset}-${end}/*` : `${resource} ${offset}-${end}/${t.total}`);
  if (t.estimated) res.setHeader('X-Total-Estimate', String(t.total));
}
