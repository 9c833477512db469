import { Alert, Box, Button } from '@mui/material';
import { LinkBase, Title } from 'react-admin';

/** Shown when `authProvider.canAccess` refuses a screen (the API refuses the data anyway). */
export const AccessDenied = () => (
  <Box sx={{ mt: 2, maxWidth: 720 }}>
    <Title title="Accès refusé" />
    <Alert severity="warning" sx={{ mb: 2 }}>
      Vous n’avez pas accès à cette page avec vos rôles actuels. Si vous pensez que c’est une erreur, contactez un administrateur de la
      plateforme.
    </Alert>
    <Button variant="contained" component={LinkBase} to="/">
      Retour au tableau de bord
    </Button>
  </Box>
);
