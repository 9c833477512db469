import { useCallback, useState } from 'react';
import { useNotify } from 'react-admin';
import { ensureSession, refreshSession } from '../providers/session';

export interface DownloadOptions {
  /** What the server is asked for (`Accept`), when the route serves more than one format. */
  accept?: string;
  /** The message shown when the server gives no reason. */
  failure?: string;
}

/**
 * Fetches a protected file and hands it to the browser as a download: the API wants the bearer token, which a plain
 * link cannot send. The access token lives 15 minutes: it is renewed from the session cookie first when it is about
 * to end, and once more if the API still refuses it (revoked token, clock skew). Resolves to the server's French
 * message when refused, null when downloaded.
 */
export async function downloadFile(path: string, filename: string, options: DownloadOptions = {}): Promise<string | null> {
  const request = (token: string | undefined) =>
    fetch(path, {
      headers: { Authorization: `Bearer ${token ?? ''}`, ...(options.accept ? { Accept: options.accept } : {}) },
      credentials: 'same-origin',
    });
  const session = await ensureSession();
  let res = await request(session?.accessToken);
  if (res.status === 401) {
    const renewed = await refreshSession();
    if (renewed) res = await request(renewed.accessToken);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    return body?.message ?? options.failure ?? 'Téléchargement impossible.';
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
  return null;
}

/** `downloadFile` for a button: busy while it runs (the button is disabled), the refusal shown as a notification. */
export function useDownload(): { busy: boolean; download: (path: string, filename: string, options?: DownloadOptions) => Promise<void> } {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = useCallback(
    async (path: string, filename: string, options?: DownloadOptions) => {
      setBusy(true);
      try {
        const refused = await downloadFile(path, filename, options);
        if (refused) notify(refused, { type: 'error' });
      } catch {
        notify(options?.failure ?? 'Téléchargement impossible.', { type: 'error' });
      } finally {
        setBusy(false);
      }
    },
    [notify],
  );
  return { busy, download };
}
