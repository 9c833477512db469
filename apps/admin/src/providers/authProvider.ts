import type { AuthProvider } from 'react-admin';
import { canSee } from '../access';
import { clearSession, isTokenExpired, readSession, writeSession, type Session } from './session';

const LOGIN_URL = '/api/auth/login';
const LOGOUT_SETTLE_MS = 80;

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'Saisissez votre adresse électronique et votre mot de passe.',
  401: 'Adresse électronique ou mot de passe incorrect.',
  429: 'Trop de tentatives de connexion. Réessayez dans quelques minutes.',
};

async function readErrorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string' && body.message.trim()) return body.message;
  } catch {
    // not JSON: fall back below
  }
  return FALLBACK_MESSAGES[response.status] ?? `La connexion a échoué (erreur ${response.status}).`;
}

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'status' in error) {
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

export const authProvider: AuthProvider = {
  async login(params: { username?: string; password?: string }) {
    let response: Response;
    try {
      response = await fetch(LOGIN_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email: (params.username ?? '').trim(), password: params.password ?? '' }),
      });
    } catch {
      throw new Error('Le serveur est injoignable. Vérifiez votre connexion puis réessayez.');
    }
    if (!response.ok) throw new Error(await readErrorMessage(response));
    const session = (await response.json()) as Session;
    if (!session?.accessToken || !session.user) throw new Error('Réponse inattendue du serveur de connexion.');
    writeSession({ accessToken: session.accessToken, user: session.user });
  },

  async logout() {
    clearSession();
  },

  async checkAuth() {
    const session = readSession();
    if (!session || isTokenExpired(session.accessToken)) {
      clearSession();
      // Workaround (react-admin 5.15 `requireAuth` + react-router 7): the redirection to /login is a React
      // transition, and a failure answered at once re-renders <LogoutOnMount> again and again before the
      // transition can commit (thousands of logout/navigate cycles, ~15 s of blank page). A short pause
      // lets the login page render first. See marmelab/react-admin#10769 and #10885.
      await new Promise((resolve) => setTimeout(resolve, LOGOUT_SETTLE_MS));
      // message: false → no "please sign in" toast on the first visit
      throw { message: false };
    }
  },

  async checkError(error: unknown) {
    // 401: the token is missing, expired or revoked → sign out. 403 means "not allowed": stay signed in.
    // (logout() clears the session; clearing it here would suppress the notification.)
    if (statusOf(error) === 401) {
      throw { message: 'Votre session a expiré. Reconnectez-vous.' };
    }
  },

  async getIdentity() {
    const session = readSession();
    if (!session) throw new Error('Non connecté.');
    return { id: session.user.id, fullName: session.user.fullName, email: session.user.email };
  },

  async getPermissions() {
    return readSession()?.user.roles ?? [];
  },

  async canAccess({ resource, action }) {
    return canSee(resource, readSession()?.user.roles, action);
  },
};
