import { Alert, AlertTitle, Button } from '@mui/material';
import type { ApiFailure } from '../../../components/apiErrors';

/** The avis was changed elsewhere (VERSION_CONFLICT): the autosave stopped; reloading loses what was not saved. */
export const ConflictAlert = ({ failure, onReload }: { failure: ApiFailure; onReload: () => void }) => (
  <Alert
    severity="error"
    role="alert"
    sx={{ mb: 2 }}
    action={
      <Button color="inherit" variant="outlined" size="small" onClick={onReload}>
        Recharger l’avis
      </Button>
    }
  >
    <AlertTitle>L’avis a été modifié entre-temps</AlertTitle>
    {failure.message} Au rechargement, vos dernières modifications non enregistrées seront perdues : copiez-les si besoin.
  </Alert>
);
