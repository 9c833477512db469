import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { SHORTCUTS } from './useShortcut';

/** The list of shortcuts, in its own chunk: only loaded when the overlay is opened. */
export const ShortcutsTable = () => (
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
);

export default ShortcutsTable;
