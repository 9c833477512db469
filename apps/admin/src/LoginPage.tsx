import { Box, Typography } from '@mui/material';
import { Login, LoginForm } from 'react-admin';

/** react-admin's login (form, errors, redirect when already signed in) in the DSFR look. */
export const LoginPage = () => (
  <Login
    sx={{
      backgroundImage: 'none',
      bgcolor: 'background.default',
      '& .RaLogin-card': {
        width: 440,
        maxWidth: 'calc(100% - 32px)',
        mt: { xs: 3, sm: 8 },
        boxShadow: 'none',
        border: 1,
        borderColor: 'divider',
      },
      '& .RaLogin-avatar': { display: 'none' },
      '& .RaLoginForm-content.RaLoginForm-content': { width: 'auto' },
    }}
  >
    <Box component="header" sx={{ px: 2, pt: 3 }}>
      <p className="fr-logo">
        République
        <br />
        Française
      </p>
      <Typography variant="h4" component="h1" sx={{ mt: 3, mb: 1 }}>
        AMI PTCE — instruction
      </Typography>
      <Typography sx={{ color: 'text.secondary' }}>Connectez-vous avec votre adresse électronique et votre mot de passe.</Typography>
    </Box>
    <LoginForm />
  </Login>
);
