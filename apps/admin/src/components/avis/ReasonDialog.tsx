import { useEffect, useId, useState, type ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { apiFailure, type ApiFailure } from '../apiErrors';

export interface ReasonDialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  /** Label of the reason field, e.g. « Motif du refus ». */
  label: string;
  helperText?: string;
  confirmLabel: string;
  /** Colour of the confirm button (`error` for a destructive action). */
  confirmColor?: 'primary' | 'error';
  onClose: () => void;
  /** Sends the request; a rejection (HttpError) keeps the dialog open and shows the API's French message. */
  onConfirm: (reason: string) => Promise<unknown>;
}

/**
 * A confirmation that needs a written reason (decline, conflict of interest, re-opening, removal). The reason is
 * marked required; the API checks it and its message (`details.reason`) shows under the field.
 */
export const ReasonDialog = ({
  open,
  title,
  description,
  label,
  helperText,
  confirmLabel,
  confirmColor = 'primary',
  onClose,
  onConfirm,
}: ReasonDialogProps) => {
  const uid = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  useEffect(() => {
    if (open) {
      setReason('');
      setFailure(null);
      setBusy(false);
    }
  }, [open]);

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm(reason);
    } catch (error) {
      setFailure(apiFailure(error));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = failure?.fields.reason;
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby={`${uid}-title`}
      aria-describedby={description ? `${uid}-desc` : undefined}
      fullWidth
      maxWidth="sm"
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id={`${uid}-title`} component="h2">
          {title}
        </DialogTitle>
        <DialogContent>
          {description ? (
            <DialogContentText id={`${uid}-desc`} component="div" sx={{ mb: 2, color: 'text.primary' }}>
              {description}
            </DialogContentText>
          ) : null}
          {failure && !fieldError ? (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {failure.message}
            </Alert>
          ) : null}
          <TextField
            id={`${uid}-reason`}
            label={label}
            required
            autoFocus
            multiline
            minRows={3}
            fullWidth
            variant="filled"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={Boolean(fieldError)}
            helperText={fieldError ?? helperText}
            slotProps={{ formHelperText: { role: fieldError ? 'alert' : undefined } }}
          />
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Annuler
          </Button>
          <Button type="submit" variant="contained" color={confirmColor} disabled={busy}>
            {confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
