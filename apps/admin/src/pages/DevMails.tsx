import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Divider,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import { HttpError, Title, useCanAccess } from 'react-admin';
import { useAppDataProvider } from '../providers/dataProvider';
import { AccessDenied } from './AccessDenied';

/** An email caught by the development SMTP sink (`GET /api/dev/mails`). */
export interface DevMail {
  id: string;
  from: string;
  to: string | string[];
  subject: string;
  date: string;
  text?: string | null;
  html?: string | null;
}

const DISABLED_MESSAGE = 'Le récepteur de courriels de développement est désactivé (SMTP_URL est défini).';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

function formatDate(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateFormat.format(d);
}

const recipients = (to: DevMail['to']) => (Array.isArray(to) ? to.join(', ') : to);

type LoadState =
  { kind: 'loading' } | { kind: 'ok'; mails: DevMail[] } | { kind: 'disabled'; message: string } | { kind: 'error'; message: string };

const MailDetail = ({ mail }: { mail: DevMail }) => (
  <Card variant="outlined" component="article" aria-labelledby="dev-mail-subject">
    <CardContent>
      <Typography id="dev-mail-subject" variant="h6" component="h2" gutterBottom>
        {mail.subject || '(sans objet)'}
      </Typography>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 2,
          rowGap: 0.5,
          m: 0,
          p: 0,
          '& dt, & dd': { m: 0, p: 0 },
        }}
      >
        <Typography component="dt" sx={{ fontWeight: 700 }}>
          De
        </Typography>
        <Typography component="dd" sx={{ m: 0 }}>
          {mail.from}
        </Typography>
        <Typography component="dt" sx={{ fontWeight: 700 }}>
          À
        </Typography>
        <Typography component="dd" sx={{ m: 0 }}>
          {recipients(mail.to)}
        </Typography>
        <Typography component="dt" sx={{ fontWeight: 700 }}>
          Date
        </Typography>
        <Typography component="dd" sx={{ m: 0 }}>
          {formatDate(mail.date)}
        </Typography>
      </Box>
      <Divider sx={{ my: 2 }} aria-hidden="true" />
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
        Version texte
      </Typography>
      <Box
        component="pre"
        tabIndex={0}
        sx={{
          whiteSpace: 'pre-wrap',
          fontFamily: 'inherit',
          bgcolor: 'background.default',
          p: 2,
          maxHeight: 360,
          overflow: 'auto',
        }}
      >
        {mail.text || '(aucune version texte)'}
      </Box>
      {mail.html ? (
        <>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700, mt: 2 }}>
            Version HTML
          </Typography>
          {/* sandbox without any permission: no script, no form, no navigation of the admin app */}
          <Box
            component="iframe"
            title={`Aperçu HTML du courriel « ${mail.subject} »`}
            sandbox=""
            referrerPolicy="no-referrer"
            srcDoc={mail.html}
            sx={{ width: '100%', height: 480, border: 1, borderColor: 'divider', bgcolor: '#fff' }}
          />
        </>
      ) : null}
    </CardContent>
  </Card>
);

/** Development page: the emails caught by the API's local SMTP sink, newest first. */
export const DevMails = () => {
  const dataProvider = useAppDataProvider();
  const { canAccess, isPending: accessPending } = useCanAccess({ resource: 'dev-mails', action: 'list' });
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setRefreshing(true);
    try {
      const mails = await dataProvider.call<DevMail[]>('GET', '/dev/mails', undefined, { signal: controller.signal });
      const sorted = [...(mails ?? [])].sort((a, b) => new Date(b.date).getTime() - new Date(a.date).getTime());
      setState({ kind: 'ok', mails: sorted });
      setSelectedId((current) => (current && sorted.some((m) => m.id === current) ? current : (sorted[0]?.id ?? null)));
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof HttpError && error.status === 404 && (error.body as { code?: string })?.code === 'DEV_MAIL_SINK_DISABLED') {
        setState({ kind: 'disabled', message: error.message || DISABLED_MESSAGE });
      } else {
        setState({ kind: 'error', message: error instanceof Error ? error.message : 'Erreur inattendue.' });
      }
    } finally {
      if (!controller.signal.aborted) setRefreshing(false);
    }
  }, [dataProvider]);

  useEffect(() => {
    if (canAccess) void load();
    return () => abortRef.current?.abort();
  }, [canAccess, load]);

  if (accessPending) return null;
  if (!canAccess) return <AccessDenied />;

  const selected = state.kind === 'ok' ? state.mails.find((m) => m.id === selectedId) : undefined;

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Courriels (développement)" />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          Courriels envoyés (récepteur de développement)
        </Typography>
        <Button
          variant="contained"
          startIcon={refreshing ? <CircularProgress size={16} color="inherit" /> : <RefreshIcon />}
          onClick={() => void load()}
          disabled={refreshing}
        >
          Rafraîchir
        </Button>
      </Box>
      <Typography sx={{ mb: 2 }}>
        En développement, l’API n’envoie aucun courriel réel : elle les conserve ici pour vérification.
      </Typography>

      <div aria-live="polite">
        {state.kind === 'loading' ? <CircularProgress aria-label="Chargement des courriels" /> : null}
        {state.kind === 'disabled' ? <Alert severity="info">{state.message}</Alert> : null}
        {state.kind === 'error' ? <Alert severity="error">{state.message}</Alert> : null}
        {state.kind === 'ok' && state.mails.length === 0 ? <Alert severity="info">Aucun courriel reçu pour le moment.</Alert> : null}
      </div>

      {state.kind === 'ok' && state.mails.length > 0 ? (
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' },
            alignItems: 'start',
          }}
        >
          <TableContainer component={Card} variant="outlined">
            <Table size="small" aria-label="Courriels reçus, du plus récent au plus ancien">
              <TableHead>
                <TableRow>
                  <TableCell scope="col">Date</TableCell>
                  <TableCell scope="col">Destinataire</TableCell>
                  <TableCell scope="col">Objet</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {state.mails.map((mail) => {
                  const isSelected = mail.id === selectedId;
                  return (
                    <TableRow
                      key={mail.id}
                      hover
                      selected={isSelected}
                      tabIndex={0}
                      aria-selected={isSelected}
                      onClick={() => setSelectedId(mail.id)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          setSelectedId(mail.id);
                        }
                      }}
                      sx={{
                        cursor: 'pointer',
                        '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 },
                      }}
                    >
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(mail.date)}</TableCell>
                      <TableCell sx={{ wordBreak: 'break-word' }}>{recipients(mail.to)}</TableCell>
                      <TableCell sx={{ fontWeight: isSelected ? 700 : undefined }}>{mail.subject || '(sans objet)'}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
          {selected ? <MailDetail mail={selected} /> : null}
        </Box>
      ) : null}
    </Box>
  );
};

export default DevMails;
