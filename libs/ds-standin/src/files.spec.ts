import { createHash } from 'node:crypto';
import { fileChecksum, fileChunks, minimumFileSize } from './files';
import { breakLuhn, luhnValid, randomSiren, siretFor } from './luhn';
import { mulberry32 } from './prng';

const bytesOf = (id: string, size: number): Buffer => Buffer.concat([...fileChunks(id, size)]);

describe('generated files', () => {
  it('have exactly the asked size, from the minimum up', () => {
    const min = minimumFileSize('abc');
    for (const size of [min, min + 1, 9_999, 10_000, 65_536 * 3 + 17, 1_234_567]) expect(bytesOf('abc', size).length).toBe(size);
    expect(() => bytesOf('abc', min - 1)).toThrow();
  });

  it('are well-formed PDFs whose startxref points at the xref table', () => {
    const pdf = bytesOf('file-1', 50_000);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const text = pdf.toString('latin1');
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  });

  it('are deterministic, differ by id, and match their checksum', () => {
    expect(bytesOf('a', 20_000).equals(bytesOf('a', 20_000))).toBe(true);
    expect(bytesOf('a', 20_000).equals(bytesOf('b', 20_000))).toBe(false);
    expect(fileChecksum('a', 20_000)).toBe(createHash('md5').update(bytesOf('a', 20_000)).digest('base64'));
  });
});

describe('Luhn helpers', () => {
  it('check SIREN and SIRET', () => {
    const rng = mulberry32(1);
    for (let i = 0; i < 200; i++) {
      const siren = randomSiren(rng);
      expect(siren).toMatch(/^[1-9]\d{8}$/);
      expect(luhnValid(siren)).toBe(true);
      const siret = siretFor(siren, i + 1);
      expect(siret).toMatch(/^\d{14}$/);
      expect(luhnValid(siret)).toBe(true);
      expect(luhnValid(breakLuhn(siret))).toBe(false);
    }
    expect(luhnValid('12345678A')).toBe(false);
  });
});
