import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Divider, Link, Stack, TextField, Typography } from '@mui/material';
import { ProConnectButton } from '@codegouvfr/react-dsfr/ProConnectButton';
import { Login, LoginForm } from 'react-admin';
import { useLocation, useNavigate } from 'react-router-dom';
import { expectSession } from './providers/session';

interface AuthConfig {
  proconnect: boolean;
  passwordMinLength: number;
}

const PROCONNECT_ERRORS: Record<string, (email: string | null) => string> = {
  PROCONNECT_UNKNOWN_ACCOUNT: (email) =>
    `Aucun compte actif ne correspond à votre identité ProConnect${email ? ` (${email})` : ''}. Les comptes sont ouverts par un administrateur de l’AMI PTCE : demandez-lui de vous en créer un avec cette adresse.`,
  PROCONNECT_ACR: () => 'ProConnect n’a pas fourni le niveau de garantie attendu : reconnectez-vous avec votre compte professionnel.',
  PROCONNECT_FAILED: () => 'La connexion avec ProConnect a échoué ou a expiré : réessayez.',
  PROCONNECT_UNAVAILABLE: () =>
    'ProConnect ne répond pas pour le moment : réessayez dans un instant ou connectez-vous avec votre mot de passe.',
  PROCONNECT_DISABLED: () => 'La connexion ProConnect n’est pas proposée sur ce serveur.',
};

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    let json: Record<string, unknown> = {};
    try {
      json = (await res.json()) as Record<string, unknown>;
    } catch {
      /* empty body */
    }
    return { ok: res.ok, body: json };
  } catch {
    return { ok: false, body: { message: 'Le serveur est injoignable. Vérifiez votre connexion puis réessayez.' } };
  }
}

function messageOf(body: Record<string, unknown>, fallback: string): string {
  const details = body.details as Record<string, unknown> | undefined;
  const field = details && typeof details === 'object' ? Object.values(details).find((v) => typeof v === 'string') : undefined;
  return (typeof field === 'string' && field) || (typeof body.message === 'string' && body.message) || fallback;
}

/** "Mot de passe oublié": the same answer whether the address is known or not. */
const ForgotForm = ({ onBack }: { onBack: () => void }) => {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await postJson('/api/auth/password-reset', { email: email.trim() });
    setBusy(false);
    if (res.ok) setSent(typeof res.body.message === 'string' ? res.body.message : 'Demande enregistrée.');
    else setError(messageOf(res.body, 'La demande n’a pas pu être envoyée.'));
  };
  return (
    <Box component="form" onSubmit={submit} sx={{ px: 2, pb: 3 }} aria-labelledby="forgot-title">
      <Typography id="forgot-title" variant="h6" component="h2" sx={{ mt: 2 }}>
        Mot de passe oublié
      </Typography>
      {sent ? (
        <Alert severity="success" sx={{ my: 2 }} role="status">
          {sent}
        </Alert>
      ) : (
        <>
          <Typography sx={{ color: 'text.secondary', my: 1 }}>
            Saisissez l’adresse électronique de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.
          </Typography>
          <TextField
            label="Adresse électronique"
            name="email"
            type="email"
            autoComplete="username"
            required
            fullWidth
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            sx={{ my: 1 }}
          />
          {error && (
            <Alert severity="error" sx={{ my: 1 }}>
              {error}
            </Alert>
          )}
          <Button type="submit" variant="contained" disabled={busy || !email.trim()} fullWidth sx={{ mt: 1 }}>
            Recevoir un lien
          </Button>
        </>
      )}
      <Button onClick={onBack} sx={{ mt: 1 }}>
        Retour à la connexion
      </Button>
    </Box>
  );
};

/** A reset or invitation link: choose the password (policy checked by the API, its reason shown). */
const NewPasswordForm = ({
  token,
  invitation,
  minLength,
  onDone,
}: {
  token: string;
  invitation: boolean;
  minLength: number;
  onDone: () => void;
}) => {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm !== '' && confirm !== password;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    const res = await postJson('/api/auth/password-reset/confirm', { token, password });
    setBusy(false);
    if (res.ok) setDone(typeof res.body.message === 'string' ? res.body.message : 'Mot de passe enregistré.');
    else setError(messageOf(res.body, 'Le mot de passe n’a pas pu être enregistré.'));
  };
  return (
    <Box component="form" onSubmit={submit} sx={{ px: 2, pb: 3 }} aria-labelledby="new-password-title">
      <Typography id="new-password-title" variant="h6" component="h2" sx={{ mt: 2 }}>
        {invitation ? 'Bienvenue : choisissez votre mot de passe' : 'Choisir un nouveau mot de passe'}
      </Typography>
      {done ? (
        <>
          <Alert severity="success" sx={{ my: 2 }} role="status">
            {done}
          </Alert>
          <Button variant="contained" onClick={onDone} fullWidth>
            Se connecter
          </Button>
        </>
      ) : (
        <>
          <Typography sx={{ color: 'text.secondary', my: 1 }}>
            Au moins {minLength} caractères, pas un mot de passe courant : une phrase de plusieurs mots sans rapport est idéale.
          </Typography>
          <TextField
            label="Nouveau mot de passe"
            name="new-password"
            type="password"
            autoComplete="new-password"
            required
            fullWidth
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            slotProps={{ htmlInput: { minLength } }}
            sx={{ my: 1 }}
          />
          <TextField
            label="Confirmez le mot de passe"
            name="confirm-password"
            type="password"
            autoComplete="new-password"
            required
            fullWidth
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={mismatch}
            helperText={mismatch ? 'Les deux saisies sont différentes.' : ' '}
            sx={{ my: 1 }}
          />
          {error && (
            <Alert severity="error" sx={{ my: 1 }} role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" variant="contained" disabled={busy || !password || mismatch} fullWidth>
            Enregistrer le mot de passe
          </Button>
        </>
      )}
    </Box>
  );
};

/**
 * react-admin's login (form, errors, redirect when already signed in) in the DSFR look, with the official
 * "S’identifier avec ProConnect" button when the server has ProConnect, "mot de passe oublié", and the page of the
 * reset and invitation links (`#/login?reset=…`, `#/login?invitation=…`).
 */
export const LoginPage = () => {
  const location = useLocation();
  const navigate = useNavigate();
  const params = new URLSearchParams(location.search);
  const resetToken = params.get('reset') ?? params.get('invitation');
  const invitation = params.has('invitation');
  const proconnectError = params.get('proconnect_error');
  const [config, setConfig] = useState<AuthConfig>({ proconnect: false, passwordMinLength: 12 });
  const [forgot, setForgot] = useState(false);

  useEffect(() => {
    let alive = true;
    fetch('/api/auth/config', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((c: AuthConfig | null) => alive && c && setConfig(c))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);

  const backToLogin = () => {
    setForgot(false);
    navigate('/login', { replace: true });
  };

  return (
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
        {!resetToken && !forgot && (
          <Typography sx={{ color: 'text.secondary' }}>Connectez-vous avec votre adresse électronique et votre mot de passe.</Typography>
        )}
      </Box>
      {resetToken ? (
        <NewPasswordForm token={resetToken} invitation={invitation} minLength={config.passwordMinLength} onDone={backToLogin} />
      ) : forgot ? (
        <ForgotForm onBack={backToLogin} />
      ) : (
        <>
          {proconnectError && (
            <Alert severity="error" role="alert" sx={{ mx: 2, mt: 2 }}>
              {(PROCONNECT_ERRORS[proconnectError] ?? PROCONNECT_ERRORS.PROCONNECT_FAILED)(params.get('email'))}
            </Alert>
          )}
          <LoginForm />
          <Box sx={{ px: 2, pb: 2 }}>
            <Link component="button" type="button" onClick={() => setForgot(true)} underline="always">
              Mot de passe oublié ?
            </Link>
          </Box>
          {config.proconnect && (
            <Stack sx={{ px: 2, pb: 3 }} spacing={1} onClickCapture={expectSession}>
              <Divider>ou, pour les agents de l’État</Divider>
              <ProConnectButton url="/api/auth/proconnect/login" />
            </Stack>
          )}
        </>
      )}
    </Login>
  );
};
