import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';

/** « Rendre l’avis ? »: rendering is final for the reviewer, so a complete avis is confirmed first. */
export const ConfirmSubmitDialog = ({ open, onClose, onConfirm }: { open: boolean; onClose: () => void; onConfirm: () => void }) => (
  <Dialog open={open} onClose={onClose} aria-labelledby="confirm-submit-title" aria-describedby="confirm-submit-text">
    <DialogTitle id="confirm-submit-title" component="h2">
      Rendre l’avis ?
    </DialogTitle>
    <DialogContent>
      <DialogContentText id="confirm-submit-text">
        Une fois rendu, l’avis n’est plus modifiable par vous (seule l’instruction peut le rouvrir). Il est transmis à l’instruction et au
        cabinet, et vous verrez les autres avis rendus sur ce dossier.
      </DialogContentText>
    </DialogContent>
    <DialogActions>
      <Button onClick={onClose}>Continuer la rédaction</Button>
      <Button variant="contained" onClick={onConfirm} autoFocus>
        Confirmer et rendre l’avis
      </Button>
    </DialogActions>
  </Dialog>
);
