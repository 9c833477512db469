import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ObjectStore } from '../storage/object-store';
import type { SourceFile } from './mapping/values';
import { AttachmentRefused, DsClient } from './ds/ds-client';
import { formatBytes, ImportSettings } from './import-settings';

export interface StoredAttachment {
  filename: string;
  contentType: string | null;
  byteSize: number | null;
  checksum: string | null;
  /** The key in the object store (STORAGE_URL); null when the file was not fetched (file imports list names only). */
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
 * Downloads a DS file at once (its URL expires after an hour), refusing what is too large or not a PDF, an image or an
 * office document, and checking DS's checksum; then puts it in the shared object store (the API replicas read it
 * there, whichever worker imported it). The download goes through a local temporary file, removed in every case.
 */
export async function fetchAttachment(
  client: DsClient,
  file: SourceFile,
  where: { store: ObjectStore; campaignId: string; dsNumber: number },
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
  const key = `ds/${where.campaignId}/${where.dsNumber}/${randomUUID()}-${safeName(file.filename)}`;
  const tmp = join(tmpdir(), `ptce-download-${randomUUID()}`);
  try {
    const got = await client.download(file.url, tmp, { maxBytes: settings.maxFileBytes, allowedTypes: settings.allowedContentTypes });
    if (file.checksum && got.checksum !== file.checksum) {
      throw new AttachmentRefused('fichier altéré pendant le téléchargement (somme de contrôle différente de celle de DS)', true);
    }
    const contentType = declaredType || got.contentType;
    await where.store.put(key, { fromPath: tmp }, contentType);
    return {
      filename: file.filename.slice(0, 300),
      contentType,
      byteSize: got.byteSize,
      checksum: got.checksum,
      storageKey: key,
      sourceUrl: file.url,
    };
  } finally {
    await rm(tmp, { force: true });
  }
}
