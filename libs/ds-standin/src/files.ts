/**
 * Attached files are generated, never stored: the bytes are a pure function of (file id, byte size), so the listing
 * can announce `byteSize` and `checksum` and the download serves exactly those bytes, even for a 30 MB file that is
 * streamed without ever being held in memory.
 *
 * Each file is a small but well-formed one-page PDF; the requested size is reached with an unreferenced binary
 * stream object, and the xref offsets are written with fixed-width numbers so the layout can be solved exactly.
 */
import { createHash } from 'node:crypto';
import { rngFor } from './prng';

const CHUNK = 64 * 1024;
const BLOCK = 4096;

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/([()\\])/g, '\\$1');
}

const num10 = (n: number): string => String(n).padStart(10, '0');

interface Layout {
  head: Buffer;
  paddingLength: number;
  tail: Buffer;
}

function layout(fileId: string, byteSize: number): Layout {
  const content =
    `BT /F1 16 Tf 72 760 Td (${ascii('Statuts de la structure porteuse')}) Tj ET\n` +
    `BT /F1 10 Tf 72 736 Td (${ascii('Document fictif genere par le stand-in DS, sans valeur juridique.')}) Tj ET\n` +
    `BT /F1 8 Tf 72 720 Td (${ascii(`Reference ${fileId}`)}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let head = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), Buffer.from([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a])]);
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(head.length);
    head = Buffer.concat([head, Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1')]);
  });
  // Object 6 carries the padding; /Length and startxref are fixed-width so every size is reachable exactly.
  offsets.push(head.length);
  const padOpenFor = (n: number): string => `6 0 obj\n<< /Length ${num10(n)} >>\nstream\n`;
  const padClose = '\nendstream\nendobj\n';
  const tailFor = (xrefOffset: number): string =>
    `xref\n0 7\n0000000000 65535 f \n` +
    offsets.map((o) => `${num10(o)} 00000 n \n`).join('') +
    `trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${num10(xrefOffset)}\n%%EOF\n`;
  const fixed = head.length + padOpenFor(0).length + padClose.length + tailFor(0).length;
  const paddingLength = byteSize - fixed;
  if (paddingLength < 0) throw new Error(`a generated PDF needs at least ${fixed} bytes (asked ${byteSize})`);
  head = Buffer.concat([head, Buffer.from(padOpenFor(paddingLength), 'latin1')]);
  const xrefOffset = head.length + paddingLength + padClose.length;
  const tail = Buffer.from(padClose + tailFor(xrefOffset), 'latin1');
  return { head, paddingLength, tail };
}

/** The smallest size a generated file can have. */
export function minimumFileSize(fileId: string): number {
  const big = 1_000_000;
  return big - layout(fileId, big).paddingLength;
}

/** The file's bytes, in chunks of at most 64 KiB. */
export function* fileChunks(fileId: string, byteSize: number): Generator<Buffer> {
  const { head, paddingLength, tail } = layout(fileId, byteSize);
  yield head;
  const rng = rngFor('file-padding', fileId);
  const block = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) block[i] = Math.floor(rng() * 256);
  const chunk = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i += BLOCK) block.copy(chunk, i);
  let left = paddingLength;
  while (left > 0) {
    const n = Math.min(left, CHUNK);
    yield n === CHUNK ? chunk : chunk.subarray(0, n);
    left -= n;
  }
  yield tail;
}

/** Base64 MD5, the form of ActiveStorage's (and so DS's) `checksum`. */
export function fileChecksum(fileId: string, byteSize: number): string {
  const md5 = createHash('md5');
  for (const c of fileChunks(fileId, byteSize)) md5.update(c);
  return md5.digest('base64');
}
