import { Box, Typography } from '@mui/material';
import type { RenderedMail } from './types';

/** A rendered mail: subject, HTML in a sandboxed frame (no script, no navigation), then the text version. */
export const MailPreview = ({ mail, headingLevel = 3 }: { mail: RenderedMail; headingLevel?: 3 | 4 }) => {
  const h = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <Box data-testid="mail-preview">
      <Typography component={h} variant="subtitle1" sx={{ fontWeight: 700 }}>
        Objet
      </Typography>
      <Typography sx={{ mb: 1.5, overflowWrap: 'anywhere' }} data-testid="mail-preview-subject">
        {mail.subject || '(sans objet)'}
      </Typography>
      <Typography component={h} variant="subtitle1" sx={{ fontWeight: 700 }}>
        Version HTML
      </Typography>
      <Box
        component="iframe"
        title={`Aperçu HTML du courriel « ${mail.subject} »`}
        sandbox=""
        referrerPolicy="no-referrer"
        srcDoc={mail.html}
        sx={{ width: '100%', height: 360, border: 1, borderColor: 'divider', bgcolor: '#fff', mb: 1.5 }}
      />
      <Typography component={h} variant="subtitle1" sx={{ fontWeight: 700 }}>
        Version texte
      </Typography>
      <Box
        component="pre"
        tabIndex={0}
        aria-label="Version texte du courriel"
        sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', bgcolor: 'background.default', p: 2, maxHeight: 320, overflow: 'auto', m: 0 }}
      >
        {mail.text || '(aucune version texte)'}
      </Box>
    </Box>
  );
};
