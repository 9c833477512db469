/**
 * Reading a champ value (typed, from the DS API) or a cell (text, number or date, from a DS export) as the type a
 * target needs. Pure functions: no framework, no I/O.
 */
import { CHARACTERISATION_OPTIONS, normaliseLabel, regionCodeFromName, zonedTimeToUtc } from '@ptce/domain';

export interface SourceFile {
  filename: string;
  contentType?: string | null;
  byteSize?: number | null;
  /** Base64 MD5, as DS gives it. */
  checksum?: string | null;
  url?: string | null;
}

export type SourceValue =
  | { kind: 'text'; text: string | null }
  | { kind: 'boolean'; value: boolean | null; text: string | null }
  | { kind: 'date'; date: string | null; text: string | null }
  | { kind: 'list'; values: string[] }
  | { kind: 'number'; value: number | null; text: string | null }
  | { kind: 'region'; code: string | null; name: string | null }
  | { kind: 'files'; files: SourceFile[] }
  /** A spreadsheet cell: text, or what the sheet typed it as. */
  | { kind: 'cell'; text: string | null; number?: number; date?: Date }
  /** A DS repetition champ (bloc répétable): one map per row, sub-champ normalised label → text. */
  | { kind: 'rows'; rows: Map<string, string | null>[] };

const blank = (s: string | null | undefined): string | null => {
  if (s === null || s === undefined) return null;
  const t = String(s).trim();
  return t === '' ? null : t;
};

export function asText(v: SourceValue | undefined): string | null {
  if (!v) return null;
  switch (v.kind) {
    case 'text':
    case 'cell':
      return blank(v.text);
    case 'boolean':
    case 'date':
    case 'number':
      return blank(v.text);
    case 'list':
      return blank(v.values.join(', '));
    case 'region':
      return blank(v.name ?? v.code);
    case 'files':
      return blank(v.files.map((f) => f.filename).join(', '));
    case 'rows':
      return blank(v.rows.map((r) => [...r.values()].filter(Boolean).join(' ; ')).join('\n'));
  }
}

const TRUE = new Set(['oui', 'yes', 'true', 'vrai', '1', 'x', 'o']);
const FALSE = new Set(['non', 'no', 'false', 'faux', '0', 'n']);

/** Yes/no: a YesNoChamp's value, or "Oui" / "Non" (and true/false, 1/0) in a cell. Undefined when unreadable. */
export function asBoolean(v: SourceValue | undefined): boolean | null | undefined {
  if (!v) return null;
  if (v.kind === 'boolean') return v.value;
  if (v.kind === 'cell' && typeof v.number === 'number') return v.number !== 0;
  const t = asText(v);
  if (t === null) return null;
  const k = normaliseLabel(t);
  if (TRUE.has(k)) return true;
  if (FALSE.has(k)) return false;
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): string | undefined {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const FRENCH_MONTHS = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
];

/** A calendar day 'YYYY-MM-DD' from a DateChamp, ISO text, 'JJ/MM/AAAA', '14 mars 2019' or a sheet date. */
export function asDay(v: SourceValue | undefined): string | null | undefined {
  if (!v) return null;
  if (v.kind === 'date' && v.date) return v.date;
  if (v.kind === 'cell' && v.date) return `${v.date.getUTCFullYear()}-${pad(v.date.getUTCMonth() + 1)}-${pad(v.date.getUTCDate())}`;
  const t = asText(v);
  if (t === null) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(t);
  if (m) return validDay(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})(?:er)?\s+([a-zA-Zéèûô]+)\s+(\d{4})$/.exec(t);
  if (m) {
    const month = FRENCH_MONTHS.indexOf(normaliseLabel(m[2] ?? ''));
    if (month >= 0) return validDay(Number(m[3]), month + 1, Number(m[1]));
  }
  return undefined;
}

/**
 * An instant: ISO 8601 with offset, or a Paris wall time ('2021-06-20 14:32', '20/06/2021 14:32:10', a bare day is
 * taken at midnight Paris time). Sheet dates carry the wall time in their UTC fields (how spreadsheets store them).
 */
export function asInstant(v: SourceValue | undefined): Date | null | undefined {
  if (!v) return null;
  if (v.kind === 'cell' && v.date) {
    const d = v.date;
    return zonedTimeToUtc({
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    });
  }
  const t = asText(v);
  if (t === null) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  let parts: number[] | null = null;
  if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) parts = [Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return zonedTimeToUtc({ year, month, day, hour, minute, second });
}

/** Values of a multiple choice: the champ's values, or a cell split on commas, semicolons or line breaks. */
export function asList(v: SourceValue | undefined): string[] | null {
  if (!v) return null;
  if (v.kind === 'list') return v.values.map((x) => x.trim()).filter(Boolean);
  const t = asText(v);
  if (t === null) return [];
  return t
    .split(/[;,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Euros as a number: a DecimalNumberChamp's value, or '12 000,50 €' / '12000.5' in a cell. Undefined when unreadable. */
export function asEuros(v: SourceValue | undefined): number | null | undefined {
  if (!v) return null;
  const typed = v.kind === 'number' ? v.value : v.kind === 'cell' ? v.number : undefined;
  if (typeof typed === 'number') return typed;
  const t = asText(v);
  if (t === null) return null;
  let s = t.replace(/[\s\u00a0\u202f€]|EUR|euros?/gi, '');
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, ''); // 12.000,50
  s = s.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** The region code of a RegionChamp, or of a region name / code in a cell. Undefined when unknown. */
export function asRegion(v: SourceValue | undefined): string | null | undefined {
  if (!v) return null;
  if (v.kind === 'region') {
    if (!v.code && !v.name) return null;
    return regionCodeFromName(v.code ?? '') ?? regionCodeFromName(v.name ?? '') ?? undefined;
  }
  const t = asText(v);
  if (t === null) return null;
  return regionCodeFromName(t) ?? regionCodeFromName(t.replace(/^\s*\d{2}\s*[-–]\s*/, '')) ?? undefined;
}

export function asFiles(v: SourceValue | undefined): SourceFile[] {
  if (!v) return [];
  if (v.kind === 'files') return v.files;
  const t = asText(v);
  if (t === null) return [];
  // An export lists file names (or links), one per line or separated by commas.
  return t
    .split(/\n|,\s+(?=\S+\.\w{2,5}\b)/)
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => {
      const isUrl = /^https?:\/\//i.test(x);
      const name = isUrl ? decodeURIComponent(new URL(x).pathname.split('/').pop() || 'fichier') : x;
      return { filename: name.slice(0, 300), url: isUrl ? x : null };
    });
}

const FRAGILE = CHARACTERISATION_OPTIONS.fragileTerritory;
const FRAGILE_KEYS = new Map<string, string>();
for (const o of FRAGILE) {
  FRAGILE_KEYS.set(normaliseLabel(o.code), o.code);
  FRAGILE_KEYS.set(normaliseLabel(o.label), o.code);
  const abbr = /\(([^)]+)\)\s*$/.exec(o.label)?.[1];
  if (abbr) FRAGILE_KEYS.set(normaliseLabel(abbr), o.code);
}
FRAGILE_KEYS.set(normaliseLabel('Quartier prioritaire'), 'qpv');
FRAGILE_KEYS.set(normaliseLabel('Zone de revitalisation rurale'), 'zrr');
FRAGILE_KEYS.set(normaliseLabel('Bassin d’emploi désindustrialisé'), 'bassin_desindustrialise');

/** DS options ("QPV", "Bassin d'emploi désindustrialisé", "Aucun") → characterisation codes; unknown ones apart. */
export function fragileTerritoryCodes(values: string[]): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const v of values) {
    const code = FRAGILE_KEYS.get(normaliseLabel(v));
    if (code) {
      if (!codes.includes(code)) codes.push(code);
    } else unknown.push(v);
  }
  // "Aucun" with a real choice is a contradiction: the real choice wins.
  return { codes: codes.length > 1 ? codes.filter((c) => c !== 'aucun') : codes, unknown };
}
