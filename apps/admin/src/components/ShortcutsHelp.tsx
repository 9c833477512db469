import { lazy, Suspense, useState } from 'react';
import { Dialog, DialogActions, DialogContent, DialogTitle, Button, IconButton, Tooltip } from '@mui/material';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import { PageLoading } from './PageLoading';
import { useShortcut } from './useShortcut';

// the table is only needed once the overlay is opened: out of the first load
const ShortcutsTable = lazy(() => import('./ShortcutsTable'));

/** The "?" overlay listing the keyboard shortcuts; opened by "?" anywhere or by its button in the top bar. */
export const ShortcutsHelp = () => {
  const [open, setOpen] = useState(false);
  useShortcut('?', () => setOpen((o) => !o));
  return (
    <>
      <Tooltip title="Raccourcis clavier (touche ?)">
        <IconButton color="inherit" aria-label="Raccourcis clavier (touche ?)" onClick={() => setOpen(true)}>
          <KeyboardIcon />
        </IconButton>
      </Tooltip>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="shortcuts-title" maxWidth="md">
        <DialogTitle id="shortcuts-title" component="h2">
          Raccourcis clavier
        </DialogTitle>
        <DialogContent>
          <Suspense fallback={<PageLoading />}>
            <ShortcutsTable />
          </Suspense>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} autoFocus>
            Fermer
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
