import type { ReactNode } from 'react';
import { Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';

/** A confirmation that waits for the server: the confirm button spins while the request runs. */
export const ConfirmDialog = ({
  open,
  title,
  confirmLabel,
  busy,
  onConfirm,
  onClose,
  children,
  confirmDisabled,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
  confirmDisabled?: boolean;
}) => (
  <Dialog open={open} onClose={busy ? undefined : onClose} aria-labelledby="confirm-dialog-title" fullWidth maxWidth="sm">
    <DialogTitle id="confirm-dialog-title" component="h2">
      {title}
    </DialogTitle>
    <DialogContent>{children}</DialogContent>
    <DialogActions>
      <Button onClick={onClose} disabled={busy}>
        Annuler
      </Button>
      <Button
        variant="contained"
        onClick={onConfirm}
        disabled={busy || confirmDisabled}
        startIcon={busy ? <CircularProgress size={16} color="inherit" /> : null}
      >
        {confirmLabel}
      </Button>
    </DialogActions>
  </Dialog>
);
