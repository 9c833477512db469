import type { AuthProvider } from 'react-admin';
import { canSee } from '../access';
import { clearDrafts } from './drafts';
import { clearSession, ensureSession, readSession, writeSession, type Session } from './session';

const LOGIN_URL = '/api/auth/login';
const LOGOUT_URL = '/api/auth/logout';
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

/**
 * Set when the session ended by itself (expired, revoked): the sign-out that follows keeps the user's unsaved drafts
 * so that they come back after signing in again. An explicit sign-out removes them from the device.
 */
let sessionLost = false;

export const authProvider: AuthProvider = {
  async login(params: { username?: string; password?: string }) {
    let response: Response;
    try {
      response = await fetch(LOGIN_URL, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email: (params.username ?? '').trim(), password: params.password ?? '' }),
      });
    } catch {
      throw new Error('Le serveur est injoignable. Vérifiez votre connexion puis réessayez.');
    }
    if (!response.ok) throw new Error(await readErrorMessage(response));
    const session = (await response.json()) as Session;
    if (!session?.accessToken || !session.user) throw new Error('Réponse inattendue du serveur de connexion.');
    sessionLost = false;
    writeSession(session);
  },

  async logout() {
    const userId = readSession()?.user.id ?? null;
    const explicit = !sessionLost && userId !== null;
    clearSession();
    let logoutUrl: string | null = null;
    try {
      const res = await fetch(LOGOUT_URL, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (res.ok) logoutUrl = ((await res.json()) as { logoutUrl?: string | null }).logoutUrl ?? null;
    } catch {
      // the server is unreachable: the cookie expires on its own
    }
    if (explicit) clearDrafts(userId);
    // A ProConnect session also ends at ProConnect (which then comes back to the login page).
    if (explicit && logoutUrl) {
      window.location.assign(logoutUrl);
      return false;
    }
  },

  async checkAuth() {
    const session = await ensureSession();
    if (!session) {
      if (readSession() === null) sessionLost = true;
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
    // 401 (after the data provider's renewal failed): the session is over or revoked → sign out, keep the drafts.
    // 403 means "not allowed": stay signed in.
    if (statusOf(error) === 401) {
      sessionLost = true;
      throw { message: 'Votre session a expiré. Reconnectez-vous : ce que vous aviez saisi est conservé sur cet appareil.' };
    }
  },

  async getIdentity() {
    const session = readSession() ?? (await ensureSession());
    if (!session) throw new Error('Non connecté.');
    return { id: session.user.id, fullName: session.user.fullName, email: session.user.email };
  },

  async getPermissions() {
    return (readSession() ?? (await ensureSession()))?.user.roles ?? [];
  },

  async canAccess({ resource, action }) {
    return canSee(resource, (readSession() ?? (await ensureSession()))?.user.roles, action);
  },
};
