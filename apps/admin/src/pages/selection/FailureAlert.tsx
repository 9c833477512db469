import { Alert, Box, Link } from '@mui/material';
import type { BoardFailure } from './failures';

/** The server's refusal: its message, then the dossiers it names (each one a button that shows it on the board). */
export const FailureAlert = ({ failure, onShow }: { failure: BoardFailure | null; onShow?: (id: string) => void }) => (
  <div aria-live="assertive">
    {failure ? (
      <Alert severity="error" sx={{ my: 1.5 }} data-code={failure.code} data-testid="selection-failure">
        {failure.message}
        {failure.lines.length ? (
          <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
            {failure.lines.map((l, i) => (
              <li key={`${l.id ?? ''}-${i}`}>
                {l.id && onShow ? (
                  <Link component="button" type="button" onClick={() => onShow(l.id!)} sx={{ textAlign: 'left' }}>
                    {l.text}
                  </Link>
                ) : (
                  l.text
                )}
              </li>
            ))}
          </Box>
        ) : null}
      </Alert>
    ) : null}
  </div>
);
