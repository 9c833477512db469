import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useDownload } from './download';

/** Downloads a protected file (see `downloadFile`: the bearer token, renewed first when about to end). */
export const DownloadButton = ({ path, filename, label = 'Télécharger' }: { path: string; filename: string; label?: string }) => {
  const { busy, download } = useDownload();
  return (
    <Button
      size="small"
      startIcon={<DownloadIcon />}
      onClick={() => void download(path, filename)}
      disabled={busy}
      aria-label={`${label} ${filename}`}
    >
      {label}
    </Button>
  );
};
