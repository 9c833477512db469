import ExcelJS from 'exceljs';
import { Column, escapeFormula, eurosLabel, parisDateTime, pdfText, toCsv, toXlsx } from './tabular';

interface R {
  name: string;
  cents: number | null;
  at: Date;
  ok: boolean;
}
const COLS: Column<R>[] = [
  { header: 'Nom', value: (r) => r.name },
  { header: 'Montant', kind: 'euros', value: (r) => r.cents },
  { header: 'Le', kind: 'datetime', value: (r) => r.at },
  { header: 'OK', value: (r) => r.ok },
];

describe('tabular exports (pure)', () => {
  it('escapes what a spreadsheet would run as a formula, nothing else', () => {
    for (const s of ['=1+1', '+33', '-2', '@SUM(A1)', '\tx', '\rx']) expect(escapeFormula(s)).toBe(`'${s}`);
    for (const s of ['Pôle', '1+1', ' =x', '', "'déjà"]) expect(escapeFormula(s)).toBe(s);
  });

  it('writes French CSV: BOM, semicolons, quotes, decimal comma, Paris time, oui/non', () => {
    const at = new Date('2021-01-15T09:30:00Z'); // 10:30 in Paris (winter)
    const csv = toCsv(COLS, [
      { name: 'A; "B"', cents: 123456, at, ok: true },
      { name: '=cmd', cents: null, at: new Date('2021-07-01T09:30:00Z'), ok: false },
    ]).toString('utf8');
    expect(csv).toBe('\uFEFFNom;Montant;Le;OK\r\n"A; ""B""";1234,56;15/01/2021 10:30;oui\r\n\'=cmd;;01/07/2021 11:30;non\r\n');
  });

  it('writes XLSX that reads back: escaped text, euros as numbers, Paris wall-clock dates', async () => {
    const buf = await toXlsx('Feuille', COLS, [{ name: '@x', cents: 50, at: new Date('2021-07-01T09:30:00Z'), ok: true }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const row = wb.worksheets[0].getRow(2).values as unknown[];
    expect(row.slice(1, 3)).toEqual(["'@x", 0.5]);
    expect((row[3] as Date).toISOString()).toBe('2021-07-01T11:30:00.000Z');
    expect(row[4]).toBe('oui');
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, 'Nom', 'Montant', 'Le', 'OK']);
  });

  it('formats euros and Paris times for people', () => {
    expect(eurosLabel(123456789)).toBe('1 234 567,89 €');
    expect(eurosLabel(5)).toBe('0,05 €');
    expect(eurosLabel(null)).toBe('');
    expect(parisDateTime('2021-06-23T21:59:59Z')).toBe('23/06/2021 23:59');
  });

  it('keeps PDF text within the standard fonts’ character set', () => {
    expect(pdfText('1\u202F000\u00A0€ – « Pôle » ’')).toBe('1 000 € – « Pôle » ’');
    expect(pdfText('emoji 🎉 ok')).toBe('emoji ?? ok');
  });
});
