import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SourceFile } from './mapping/values';
import { AttachmentRefused, DsClient } from './ds/ds-client';
import { formatBytes, ImportSettings } from './import-settings';

export interface StoredAttachment {
  filename: string;
  contentType: string | null;
  byteSize: number | null;
  checksum: string | null;
  /** Relative to the storage root; null when the file was not fetched (file imports list names only). */
  storageKey: string | null;
  sourceUrl: string | null;
}

export function storageRoot(storageDir: string): string {
  return isAbsolute(storageDir) ? storageDir : resolve(process.cwd(), storageDir);
}

function safeName(filename: string): string {
  const cleaned = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-120);
  return cleaned || 'fichier';
}

/**
 * Downloads a DS file at once (its URL expires after an hour) into the storage folder, refusing what is too large
 * or not a PDF, an image or an office document, and checking DS's checksum.
 */
export async function fetchAttachment(
  client: DsClient,
  file: SourceFile,
  where: { storageDir: string; campaignId: string; dsNumber: number },
  settings: ImportSettings,
): Promise<StoredAttachment> {
  const declaredType = (file.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (declaredType && !settings.allowedContentTypes.includes(declaredType)) {
    throw new AttachmentRefused(`type de fichier non accepté (${declaredType}) : PDF, image ou document bureautique attendu`);
  }
  if (typeof file.byteSize === 'number' && file.byteSize > settings.maxFileBytes) {
    throw new AttachmentRefused(`fichier trop volumineux (${formatBytes(file.byteSize)}, ${formatBytes(settings.maxFileBytes)} au plus)`);
  }
  if (!file.url) throw new AttachmentRefused('lien de téléchargement absent', true);
  const root = storageRoot(where.storageDir);
  const dest = join(root, 'ds', where.campaignId, String(where.dsNumber), `${randomUUID()}-${safeName(file.filename)}`);
  const got = await client.download(file.url, dest, { maxBytes: settings.maxFileBytes, allowedTypes: settings.allowedContentTypes });
  if (file.checksum && got.checksum !== file.checksum) {
    await rm(dest, { force: true });
    throw new AttachmentRefused('fichier altéré pendant le téléchargement (somme de contrôle différente de celle de DS)', true);
  }
  return {
    filename: file.filename.slice(0, 300),
    contentType: declaredType || got.contentType,
    byteSize: got.byteSize,
    checksum: got.checksum,
    storageKey: relative(root, dest).split(sep).join('/'),
    sourceUrl: file.url,
  };
}
