import { useEffect, useRef } from 'react';
import { Alert, AlertTitle, Box, Link, Typography } from '@mui/material';
import type { ApiFailure } from '../../../components/apiErrors';
import { focusField } from '../gridInputs';

/** The server's list of what is wrong or missing; each item moves the keyboard focus to its field. */
export const ErrorSummary = ({ failure, items, total }: { failure: ApiFailure; items: [string, string][]; total: number }) => {
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => ref.current?.focus(), [failure]);
  return (
    <Alert severity="error" sx={{ mb: 2 }} ref={ref} tabIndex={-1} data-testid="avis-error-summary" data-code={failure.code}>
      <AlertTitle component="h2" sx={{ fontSize: '1.1rem' }}>
        {failure.message}
        {items.length < total ? ` Encore ${items.length} élément${items.length > 1 ? 's' : ''} à reprendre.` : ''}
      </AlertTitle>
      {items.length ? (
        <>
          <Typography variant="body2" sx={{ mb: 0.5 }}>
            Activez un élément pour aller au champ correspondant.
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {items.map(([path, message]) => (
              <li key={path}>
                <Link
                  component="button"
                  type="button"
                  variant="body2"
                  onClick={() => focusField(path)}
                  sx={{
                    textAlign: 'left',
                    color: 'inherit',
                    textDecoration: 'underline',
                    '&.Mui-focusVisible, &:focus-visible': { outline: '2px solid #0a76f6', outlineOffset: 2 },
                  }}
                  data-path={path}
                >
                  {message}
                </Link>
              </li>
            ))}
          </Box>
        </>
      ) : null}
    </Alert>
  );
};
