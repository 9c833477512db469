import { useEffect, useRef, useState } from 'react';
import { Box, Button, LinearProgress, Typography } from '@mui/material';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import { useNotify } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { DownloadButton } from '../DownloadButton';

interface ExportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number | null;
  filename: string | null;
  failure: string | null;
  downloadUrl: string | null;
}

/**
 * A long export (dossier de séance, large list): the server queues it (202), the button shows its progress while the
 * worker produces it, then a download link. The request is the server's business (scope, limits); nothing is computed here.
 */
export const ExportJobButton = ({ request, label }: { request: Record<string, unknown>; label: string }) => {
  const dataProvider = useAppDataProvider();
  const notify = useNotify();
  const [job, setJob] = useState<ExportJob | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const follow = (id: string) => {
    timer.current = setTimeout(async () => {
      try {
        const next = await dataProvider.call<ExportJob>('GET', `/exports/${id}`);
        setJob(next);
        if (next.status === 'queued' || next.status === 'running') follow(id);
        else if (next.status === 'failed') notify(next.failure ?? 'L’export a échoué.', { type: 'error' });
      } catch (e) {
        notify((e as Error).message, { type: 'error' });
      }
    }, 800);
  };

  const start = async () => {
    try {
      const created = await dataProvider.call<ExportJob>('POST', '/exports', request);
      setJob(created);
      follow(created.id);
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };

  const running = job?.status === 'queued' || job?.status === 'running';
  const percent = job?.total ? Math.round((100 * job.done) / job.total) : undefined;
  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, minWidth: running ? 260 : undefined }}>
      {job?.status === 'done' && job.downloadUrl ? (
        <DownloadButton path={job.downloadUrl} filename={job.filename ?? 'export'} label={`${label} — télécharger`} />
      ) : (
        <Button size="small" startIcon={<FileDownloadIcon />} onClick={start} disabled={running}>
          {label}
        </Button>
      )}
      {running ? (
        <Box sx={{ flex: 1 }} role="status" aria-live="polite">
          <LinearProgress
            variant={percent === undefined ? 'indeterminate' : 'determinate'}
            value={percent}
            aria-label={`Préparation de l’export : ${percent ?? 0} %`}
          />
          <Typography variant="caption">
            {job?.total ? `${job.done} / ${job.total} dossiers` : 'Préparation…'}
          </Typography>
        </Box>
      ) : null}
    </Box>
  );
};
