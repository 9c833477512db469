/**
 * Reads a DS export (CSV or XLSX) into rows of cells keyed by normalised column header, with the line number each
 * row has in the file (header = line 1). Anything else is refused with a stable code and a French message.
 */
import { parse } from 'csv-parse/sync';
import { Workbook, type CellValue } from 'exceljs';
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

export async function parseImportFile(buf: Buffer, filename: string, mimetype = ''): Promise<ParsedSheet> {
  if (!buf.length) throw new AppError(400, 'EMPTY_FILE', 'Le fichier envoyé est vide.');
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return parseXlsx(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0]))
    throw unsupportedFile('ancien classeur Excel (.xls) : enregistrez-le au format XLSX ou CSV.');
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46])) throw unsupportedFile('le fichier est un PDF.');
  if (buf.subarray(0, 65536).includes(0)) throw unsupportedFile(`le fichier « ${filename} » n’est pas un texte CSV.`);
  if (!['csv', 'txt', 'tsv'].includes(ext) && !/csv|text\/plain|tab-separated/.test(mimetype)) {
    throw unsupportedFile(`extension « .${ext || '?'} » inattendue.`);
  }
  return parseCsv(decodeText(buf));
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
    else if (!inQuotes && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ',';
}

function parseCsv(text: string): ParsedSheet {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw unsupportedFile(`CSV illisible${err.lines ? ` à la ligne ${err.lines}` : ''} (${err.message ?? 'erreur de lecture'}).`);
  }
  const [head, ...body] = records;
  if (!head) throw new AppError(400, 'EMPTY_FILE', 'Le fichier ne contient aucune ligne.');
  const headers = head.record.map((h) => h.trim());
  const rows: SheetRow[] = [];
  for (const { record, info } of body) {
    if (record.every((c) => c.trim() === '')) continue;
    const inner = record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    rows.push(
      toRow(
        info.lines - inner,
        headers,
        record.map((text) => ({ kind: 'cell', text })),
      ),
    );
  }
  return { format: 'csv', headers, rows };
}

function toRow(line: number, headers: string[], cells: SourceValue[]): SheetRow {
  const map = new Map<string, SourceValue>();
  const raw: Record<string, string | null> = {};
  headers.forEach((h, i) => {
    if (!h) return;
    const cell: SourceValue = cells[i] ?? { kind: 'cell', text: null };
    const key = normaliseLabel(h);
    if (key && !map.has(key)) map.set(key, cell);
    if (!(h in raw)) raw[h] = cell.kind === 'cell' ? cell.text : null;
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

async function parseXlsx(buf: Buffer): Promise<ParsedSheet> {
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw unsupportedFile('le fichier ressemble à une archive ZIP mais n’est pas un classeur XLSX lisible.');
  }
  const sheet =
    wb.worksheets.find((ws) => normaliseLabel(ws.name) === 'dossiers') ??
    wb.worksheets.find((ws) => ws.actualRowCount > 0) ??
    wb.worksheets[0];
  if (!sheet) throw new AppError(400, 'EMPTY_FILE', 'Le classeur ne contient aucune feuille.');
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: SourceValue[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellOf(row.getCell(c).value));
    if (!headers) {
      headers = values.map((v) => (v.kind === 'cell' ? (v.text ?? '').trim() : ''));
      return;
    }
    if (values.every((v) => v.kind === 'cell' && (v.text ?? '').trim() === '')) return;
    rows.push(toRow(rowNumber, headers, values));
  });
  if (!headers) throw new AppError(400, 'EMPTY_FILE', 'Le classeur ne contient aucune ligne.');
  return { format: 'xlsx', headers, rows };
}
