import { useState } from 'react';
import {
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
} from '@mui/material';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import { SHORTCUTS, useShortcut } from './useShortcut';

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
          <Table size="small" aria-labelledby="shortcuts-title">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  Touche
                </TableCell>
                <TableCell component="th" scope="col">
                  Action
                </TableCell>
                <TableCell component="th" scope="col">
                  Où
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {SHORTCUTS.map((s) => (
                <TableRow key={s.keys}>
                  <TableCell>
                    <kbd>{s.keys}</kbd>
                  </TableCell>
                  <TableCell>{s.label}</TableCell>
                  <TableCell>{s.where}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
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
