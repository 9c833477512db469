/**
 * An XLSX is a zip: before anything decompresses it, its central directory says how many files it holds and how big
 * each becomes. `inspectZip` reads only that directory (no inflation: safe in the API process) and refuses an archive
 * that declares too much; `verifyInflation` (worker) then inflates every entry as a stream, counting bytes and never
 * holding them, so that an archive lying about its sizes is refused too before ExcelJS reads it.
 */
import * as yauzl from 'yauzl';
import { AppError } from '../../common/app-error';
import { formatBytes } from '../import-settings';
import { unsupportedFile } from './file-parser';

export interface ZipLimits {
  maxInflatedBytes: number;
  maxZipEntries: number;
}

/** A deflated entry this much larger than its compressed bytes is a zip bomb, not a spreadsheet (XML reaches ~100). */
const MAX_RATIO = 400;
/** Below this size an entry's ratio does not matter. */
const RATIO_FLOOR = 1024 * 1024;

export function archiveTooLarge(limit: number, detail?: string): AppError {
  return new AppError(
    400,
    'ARCHIVE_TOO_LARGE',
    `Le classeur XLSX est refusé : une fois décompressé, il dépasserait ${formatBytes(limit)}${detail ? ` (${detail})` : ''}. ` +
      'Enregistrez un export plus petit, ou au format CSV.',
    { maxInflatedBytes: limit },
  );
}

function open(buf: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('zip')) : resolve(zip),
    );
  });
}

const notAWorkbook = () => unsupportedFile('le fichier ressemble à une archive ZIP mais n’est pas un classeur XLSX lisible.');

/** Walks the central directory; `onEntry` may return a promise (read the entry) before the next one is read. */
async function eachEntry(buf: Buffer, limits: ZipLimits, onEntry?: (zip: yauzl.ZipFile, e: yauzl.Entry) => Promise<void>) {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(buf);
  } catch {
    throw notAWorkbook();
  }
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw new AppError(
      400,
      'ARCHIVE_TOO_LARGE',
      `Le classeur XLSX contient ${zip.entryCount} fichiers internes (au plus ${limits.maxZipEntries}) : ce n’est pas un export DS.`,
      { maxZipEntries: limits.maxZipEntries },
    );
  }
  let declared = 0;
  let sawWorkbook = false;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.close();
      reject(e);
    };
    zip.on('error', () => fail(notAWorkbook()));
    zip.on('end', () => resolve());
    zip.on('entry', (e: yauzl.Entry) => {
      declared += e.uncompressedSize;
      if (e.fileName === 'xl/workbook.xml') sawWorkbook = true;
      if (declared > limits.maxInflatedBytes) return fail(archiveTooLarge(limits.maxInflatedBytes));
      if (e.uncompressedSize > RATIO_FLOOR && e.uncompressedSize > MAX_RATIO * Math.max(1, e.compressedSize)) {
        return fail(archiveTooLarge(limits.maxInflatedBytes, `taux de compression anormal pour « ${e.fileName.slice(0, 100)} »`));
      }
      if (!onEntry) return zip.readEntry();
      onEntry(zip, e).then(
        () => zip.readEntry(),
        (err) => fail(err),
      );
    });
    zip.readEntry();
  });
  if (!sawWorkbook) throw notAWorkbook();
}

/** API side: the directory only (declared sizes, entry count, ratio). Nothing is decompressed. */
export function inspectZip(buf: Buffer, limits: ZipLimits): Promise<void> {
  return eachEntry(buf, limits);
}

/** Worker side: inflates every entry as a stream and stops as soon as the real total passes the cap. */
export function verifyInflation(buf: Buffer, limits: ZipLimits): Promise<void> {
  let total = 0;
  return eachEntry(buf, limits, (zip, entry) => {
    if (entry.fileName.endsWith('/')) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(notAWorkbook());
        stream.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > limits.maxInflatedBytes) {
            stream.destroy();
            reject(archiveTooLarge(limits.maxInflatedBytes));
          }
        });
        // validateEntrySizes: an entry inflating to more (or less) than it declares is an error here.
        stream.on('error', (e: Error) =>
          reject(/bytes/.test(e.message) ? archiveTooLarge(limits.maxInflatedBytes, 'tailles déclarées inexactes') : notAWorkbook()),
        );
        stream.on('end', () => resolve());
      });
    });
  });
}
