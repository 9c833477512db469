import { useState } from 'react';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useNotify } from 'react-admin';
import { ensureSession } from '../providers/session';

/** Downloads a protected file: the API wants the bearer token, which a plain link cannot send. */
export const DownloadButton = ({ path, filename, label = 'Télécharger' }: { path: string; filename: string; label?: string }) => {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      // The access token lives 15 minutes: renewed from the session cookie first when it is about to end.
      const session = await ensureSession();
      const res = await fetch(path, { headers: { Authorization: `Bearer ${session?.accessToken ?? ''}` } });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        notify(body?.message ?? 'Téléchargement impossible.', { type: 'error' });
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      URL.revokeObjectURL(url);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={download} disabled={busy} aria-label={`${label} ${filename}`}>
      {label}
    </Button>
  );
};
