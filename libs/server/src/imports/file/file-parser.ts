/**
 * Reads a DS export (CSV or XLSX) into rows of cells keyed by normalised column header, with the line number each
 * row has in the file (header = line 1). Anything else is refused with a stable code and a French message.
 *
 * Two steps: `sniffImportFile` (API process: magic bytes and name only, never a parse) and `readImportFile`
 * (worker: streams the rows, CSV by 64 KB chunks and XLSX through ExcelJS's streaming reader, and stops past the row
 * cap with TOO_MANY_ROWS, so that a 60,000-row file costs the first 5,001 rows and no more).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { CellValue } from 'exceljs';
import { normaliseLabel } from '@ptce/domain';
import { AppError } from '../../common/app-error';
import type { SourceValue } from '../mapping/values';

export interface SheetRow {
  line: number;
  /** Normalised header → cell. */
  cells: Map<string, SourceValue>;
  /** Header (as written) → text, for the raw copy kept with the dossier. */
  raw: Record<string, string | null>;
}

export interface ParsedSheet {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: SheetRow[];
}

export function unsupportedFile(detail: string): AppError {
  return new AppError(
    400,
    'UNSUPPORTED_FILE',
    `Format de fichier non pris en charge : ${detail} Envoyez l’export DS au format CSV ou XLSX.`,
  );
}

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

export type ImportFormat = 'csv' | 'xlsx';

/** What the file is, from its first bytes and name; refuses the rest. Cheap: safe in the API process. */
export function sniffImportFile(buf: Buffer, filename: string, mimetype = ''): ImportFormat {
  if (!buf.length) throw new AppError(400, 'EMPTY_FILE', 'Le fichier envoyé est vide.');
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0]))
    throw unsupportedFile('ancien classeur Excel (.xls) : enregistrez-le au format XLSX ou CSV.');
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46])) throw unsupportedFile('le fichier est un PDF.');
  if (buf.subarray(0, 65536).includes(0)) throw unsupportedFile(`le fichier « ${filename} » n’est pas un texte CSV.`);
  if (!['csv', 'txt', 'tsv'].includes(ext) && !/csv|text\/plain|tab-separated/.test(mimetype)) {
    throw unsupportedFile(`extension « .${ext || '?'} » inattendue.`);
  }
  return 'csv';
}

export function tooManyRows(max: number): AppError {
  return new AppError(
    400,
    'TOO_MANY_ROWS',
    `Le fichier compte plus de ${max.toLocaleString('fr-FR')} lignes de dossiers : import refusé, rien n’a été importé. ` +
      'Découpez l’export en plusieurs fichiers.',
    { maxRows: max },
  );
}

/**
 * The header line of a CSV and whether a row follows, read from its first 64 KB only (API side: lets a file without
 * the expected columns be refused at once, with no parse of the rest). Null when that part cannot be read as CSV.
 */
export function csvPreview(buf: Buffer): { headers: string[]; hasRow: boolean } | null {
  const slice = buf.subarray(0, 65536);
  const text = decodeText(slice);
  const complete = slice.length === buf.length;
  try {
    const records = parseSync(complete ? text : text.slice(0, text.lastIndexOf('\n') + 1 || text.length), {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
      to: 2,
    }) as string[][];
    const [head, ...body] = records;
    if (!head) return complete ? { headers: [], hasRow: false } : null;
    return {
      headers: head.map((h) => h.trim()),
      hasRow: !complete || body.some((r) => r.some((c) => c.trim() !== '')),
    };
  } catch {
    return null;
  }
}

/** Worker side: the rows of the file, at most `maxRows` (TOO_MANY_ROWS past it). */
export async function readImportFile(buf: Buffer, format: ImportFormat, maxRows: number): Promise<ParsedSheet> {
  return format === 'xlsx' ? readXlsx(buf, maxRows) : readCsv(decodeText(buf), maxRows);
}

/** The whole file at once (kept for scripts and small files; no row cap). */
export async function parseImportFile(buf: Buffer, filename: string, mimetype = ''): Promise<ParsedSheet> {
  return readImportFile(buf, sniffImportFile(buf, filename, mimetype), Number.MAX_SAFE_INTEGER);
}

function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    // Excel "CSV (séparateur : point-virgule)" is written in Windows-1252.
    return new TextDecoder('windows-1252').decode(buf);
  }
}

/** ';' (French Excel), ',' (DS) or tab: the one found most often outside quotes on the header line. */
function detectDelimiter(text: string): string {
  let inQuotes = false;
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && Object.hasOwn(counts, ch)) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ',';
}

function* chunks(text: string, size = 65536): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readCsv(text: string, maxRows: number): Promise<ParsedSheet> {
  const parser = parse({
    delimiter: detectDelimiter(text),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    relax_quotes: true,
  });
  const source = Readable.from(chunks(text));
  source.pipe(parser);
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!headers) {
        headers = record.map((h) => h.trim());
        continue;
      }
      if (record.every((c) => c.trim() === '')) continue;
      if (rows.length >= maxRows) throw tooManyRows(maxRows);
      const inner = record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
      rows.push(
        toRow(
          info.lines - inner,
          headers,
          record.map((t) => ({ kind: 'cell', text: t })),
        ),
      );
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const err = e as { message?: string; lines?: number };
    throw unsupportedFile(`CSV illisible${err.lines ? ` à la ligne ${err.lines}` : ''} (${err.message ?? 'erreur de lecture'}).`);
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (!headers) throw new AppError(400, 'EMPTY_FILE', 'Le fichier ne contient aucune ligne.');
  return { format: 'csv', headers, rows };
}

function toRow(line: number, headers: string[], cells: SourceValue[]): SheetRow {
  const map = new Map<string, SourceValue>();
  // Null prototype: a header named "__proto__" or "constructor" is a plain key, never the object's prototype.
  const raw: Record<string, string | null> = Object.create(null);
  headers.forEach((h, i) => {
    if (!h) return;
    const cell: SourceValue = cells[i] ?? { kind: 'cell', text: null };
    const key = normaliseLabel(h);
    if (key && !map.has(key)) map.set(key, cell);
    if (!Object.hasOwn(raw, h)) raw[h] = cell.kind === 'cell' ? cell.text : null;
  });
  return { line, cells: map, raw };
}

const pad = (n: number) => String(n).padStart(2, '0');

function cellOf(v: CellValue): SourceValue {
  if (v === null || v === undefined) return { kind: 'cell', text: null };
  if (typeof v === 'string') return { kind: 'cell', text: v };
  if (typeof v === 'number') return { kind: 'cell', text: String(v), number: v };
  if (typeof v === 'boolean') return { kind: 'cell', text: v ? 'true' : 'false' };
  if (v instanceof Date) {
    const text = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
    return { kind: 'cell', text, date: v };
  }
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return { kind: 'cell', text: (o.richText as { text: string }[]).map((r) => r.text).join('') };
  if ('result' in o) return cellOf(o.result as CellValue);
  if ('hyperlink' in o) return { kind: 'cell', text: typeof o.text === 'string' && o.text ? o.text : String(o.hyperlink ?? '') };
  if ('text' in o && typeof o.text === 'string') return { kind: 'cell', text: o.text };
  return { kind: 'cell', text: null };
}

interface StreamRow {
  number: number;
  cellCount: number;
  getCell(c: number): { value: CellValue };
}

/**
 * Streams the sheet named "Dossiers" (DS's export), else the first sheet with rows: ExcelJS's WorkbookReader, rows
 * one at a time, never the whole workbook in memory. The caller has checked the archive's sizes (zip-guard).
 */
async function readXlsx(buf: Buffer, maxRows: number): Promise<ParsedSheet> {
  // exceljs loaded on first use (issue 12, cold start).
  const reader = new (require('exceljs') as typeof import('exceljs')).stream.xlsx.WorkbookReader(Readable.from([buf]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let chosen: { headers: string[]; rows: SheetRow[]; named: boolean } | null = null;
  try {
    for await (const ws of reader) {
      const named = normaliseLabel((ws as unknown as { name?: string }).name ?? '') === 'dossiers';
      if (chosen && (chosen.named || !named)) {
        for await (const _ of ws as unknown as AsyncIterable<StreamRow>) void _; // drained, not kept
        continue;
      }
      let headers: string[] | null = null;
      const rows: SheetRow[] = [];
      for await (const row of ws as unknown as AsyncIterable<StreamRow>) {
        const values: SourceValue[] = [];
        for (let c = 1; c <= row.cellCount; c++) values.push(cellOf(row.getCell(c).value));
        if (!headers) {
          if (values.every((v) => v.kind === 'cell' && (v.text ?? '').trim() === '')) continue;
          headers = values.map((v) => (v.kind === 'cell' ? (v.text ?? '').trim() : ''));
          continue;
        }
        if (values.every((v) => v.kind === 'cell' && (v.text ?? '').trim() === '')) continue;
        if (rows.length >= maxRows) throw tooManyRows(maxRows);
        rows.push(toRow(row.number, headers, values));
      }
      if (headers) chosen = { headers, rows, named };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unsupportedFile('le fichier ressemble à une archive ZIP mais n’est pas un classeur XLSX lisible.');
  }
  if (!chosen) throw new AppError(400, 'EMPTY_FILE', 'Le classeur ne contient aucune ligne.');
  return { format: 'xlsx', headers: chosen.headers, rows: chosen.rows };
}
