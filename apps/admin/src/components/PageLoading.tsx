import { Box, CircularProgress, Typography } from '@mui/material';

/**
 * Shown while a screen's code arrives (React.lazy): announced to screen readers (role="status"), in French. Kept to
 * two MUI parts so that it costs nothing in the first load (react-admin's Loading pulled in its own chunk).
 */
export const PageLoading = () => (
  <Box role="status" aria-live="polite" sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 2, py: 6 }}>
    <CircularProgress size={28} aria-hidden="true" />
    <Typography variant="body1">Chargement de l’écran…</Typography>
  </Box>
);
