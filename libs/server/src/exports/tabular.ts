// exceljs and pdfkit are loaded on first use: they weigh ~0.8 s of every start otherwise (issue 12, cold start).
const excel = () => require('exceljs') as typeof import('exceljs');
const pdfkit = () => require('pdfkit') as typeof import('pdfkit');
import { wallClock } from '@ptce/domain';
import { AppError } from '../common/app-error';

/** One column of a tabular export: a French header and how to read the value from a row. */
export interface Column<T> {
  header: string;
  kind?: 'text' | 'euros' | 'datetime' | 'number';
  width?: number;
  value: (row: T) => string | number | boolean | Date | null | undefined;
}

export type ExportFormat = 'csv' | 'xlsx';

export function parseFormat(raw: unknown): ExportFormat {
  const f = raw === undefined || raw === '' ? 'xlsx' : raw;
  if (f !== 'csv' && f !== 'xlsx') throw AppError.validation({ format: 'Format inconnu : « csv » ou « xlsx » attendu.' });
  return f;
}

/**
 * A cell that a spreadsheet could read as a formula (=, +, -, @, or a tab / carriage return first) is prefixed with an
 * apostrophe, so that opening the export never runs anything (OWASP "CSV injection").
 */
export function escapeFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'dd/mm/yyyy HH:MM' in Paris time. */
export function parisDateTime(d: Date | string): string {
  const w = wallClock(d instanceof Date ? d : new Date(d));
  return `${pad(w.day)}/${pad(w.month)}/${w.year} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** 'dd/mm/yyyy' in Paris time. */
export function parisDate(d: Date | string): string {
  const w = wallClock(d instanceof Date ? d : new Date(d));
  return `${pad(w.day)}/${pad(w.month)}/${w.year}`;
}

/** 123456 cents → '1 234,56 €' (plain spaces: PDF standard fonts and CSV readers both take them). */
export function eurosLabel(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${neg ? '-' : ''}${units},${pad(abs % 100)} €`;
}

function csvText<T>(c: Column<T>, row: T): string {
  const v = c.value(row);
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return parisDateTime(v);
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'number') {
    if (c.kind === 'euros') return (v / 100).toFixed(2).replace('.', ',');
    return String(v).replace('.', ',');
  }
  return escapeFormula(v);
}

function csvQuote(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV for French spreadsheets: UTF-8 with a BOM, `;` separators, CRLF, decimal commas, Paris times. */
export function toCsv<T>(columns: Column<T>[], rows: T[]): Buffer {
  const lines = [columns.map((c) => csvQuote(escapeFormula(c.header))).join(';')];
  for (const r of rows) lines.push(columns.map((c) => csvQuote(csvText(c, r))).join(';'));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

/** A Date whose UTC fields are the Paris wall clock: what a spreadsheet (which has no time zones) should show. */
function parisWallAsUtc(d: Date): Date {
  const w = wallClock(d);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

/** XLSX with ExcelJS: bold frozen header, euros as numbers formatted in €, dates as real dates in Paris time. */
export async function toXlsx<T>(sheetName: string, columns: Column<T>[], rows: T[]): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'AMI PTCE';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    key: `c${i}`,
    header: c.header,
    width: c.width ?? (c.kind === 'datetime' ? 18 : c.kind === 'euros' ? 16 : 24),
    style: c.kind === 'euros' ? { numFmt: '#,##0.00 "€"' } : c.kind === 'datetime' ? { numFmt: 'dd/mm/yyyy hh:mm' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = c.value(r);
      let out: unknown = v ?? null;
      if (v instanceof Date) out = parisWallAsUtc(v);
      else if (typeof v === 'string') out = escapeFormula(v);
      else if (typeof v === 'boolean') out = v ? 'oui' : 'non';
      else if (typeof v === 'number' && c.kind === 'euros') out = v / 100;
      values[`c${i}`] = out;
    });
    ws.addRow(values);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function renderTable<T>(format: ExportFormat, sheetName: string, columns: Column<T>[], rows: T[]): Promise<Buffer> {
  return format === 'csv' ? toCsv(columns, rows) : toXlsx(sheetName, columns, rows);
}

export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\w.-]+/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Text for the PDF standard fonts (WinAnsi): the typographic spaces that French formatting produces become plain
 * spaces; anything else outside WinAnsi is replaced rather than garbled.
 */
export function pdfText(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .replace(/[\u00A0\u202F\u2007\u2009]/g, ' ')
    .replace(
      /[^\t\n\r\x20-\x7E\u00A0-\u00FF\u20AC\u2018\u2019\u201C\u201D\u2013\u2014\u2026\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u2022\u2020\u2021\u2030\u2039\u203A\u0192\u02C6\u02DC\u2122]/g,
      '?',
    );
}

/** Builds a PDF with pdfkit and collects it into a buffer. */
export function renderPdf(title: string, build: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new (pdfkit())({ size: 'A4', margin: 48, info: { Title: pdfText(title), Author: 'AMI PTCE' }, lang: 'fr-FR' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      build(doc);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
