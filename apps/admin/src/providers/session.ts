import type { Role } from '../labels';

/** The user as returned by `POST /api/auth/login`, `POST /api/auth/refresh` and `GET /api/auth/me`. */
export interface SessionUser {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  regions: string[];
}

export interface Session {
  accessToken: string;
  /** When the access token (15 minutes) dies: renewed before that while the user is active. */
  accessTokenExpiresAt?: string;
  /** When the session itself ends (idle limit or absolute limit), unless renewed. */
  sessionExpiresAt?: string;
  user: SessionUser;
}

/**
 * The access token lives in memory only (never localStorage: a script injected in the page could read it there); the
 * refresh token is an HttpOnly cookie the API sets and reads (`/api/auth/refresh`), so a reload or a new tab gets a
 * new access token without asking for the password.
 */
let current: Session | null = null;
/** The last signed-in user, kept after the session expired so that their unsaved drafts can be found again. */
let lastUserId: string | null = null;
let refreshing: Promise<Session | null> | null = null;

const REFRESH_URL = '/api/auth/refresh';
/** Renew this long before the access token dies. */
const RENEW_MARGIN_MS = 60_000;
/** Warn this long before the session ends. */
export const WARN_BEFORE_MS = 2 * 60_000;

/**
 * A marker (no secret: the refresh cookie is HttpOnly and the page cannot see it) that this browser may hold a
 * session: set at sign-in, removed at sign-out or when the server refuses a renewal. Without it, the first visit
 * and the login page do not probe `POST /api/auth/refresh` only to be answered 401 (noise in the console).
 */
const MARKER_KEY = 'ptce.session';

function setMarker(on: boolean): void {
  try {
    if (on) localStorage.setItem(MARKER_KEY, '1');
    else localStorage.removeItem(MARKER_KEY);
  } catch {
    // storage refused (private mode, quota): the probe is then always made, as before
  }
}

function markerSaysNoSession(): boolean {
  try {
    return localStorage.getItem(MARKER_KEY) === null;
  } catch {
    return false;
  }
}

/** Before leaving for a sign-in that comes back with only the cookie (ProConnect): the return must probe it. */
export function expectSession(): void {
  setMarker(true);
}

export function readSession(): Session | null {
  return current;
}

export function writeSession(session: Session): void {
  current = {
    ...session,
    user: { ...session.user, roles: session.user.roles ?? [], regions: session.user.regions ?? [] },
  };
  lastUserId = current.user.id;
  setMarker(true);
  lastRenewAt = Date.now();
  hideWarning();
  startKeepAlive();
}

export function clearSession(): void {
  current = null;
  setMarker(false);
  hideWarning();
}

export function getAccessToken(): string | null {
  return current?.accessToken ?? null;
}

/** The user whose drafts are kept: the signed-in one, or the last one when the session expired. */
export function draftOwnerId(): string | null {
  return current?.user.id ?? lastUserId;
}

/**
 * True when the token is a JWT whose `exp` claim is in the past (with `marginMs` ahead). Only used to avoid sending a
 * dead token; the API remains the judge (it answers 401).
 */
export function isTokenExpired(token: string, now = Date.now(), marginMs = 0): boolean {
  const payload = token.split('.')[1];
  if (!payload) return false;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' && json.exp * 1000 <= now + marginMs;
  } catch {
    return false;
  }
}

/**
 * A new access token from the refresh cookie; null when the session is over (expired, revoked, signed out). One
 * request at a time: concurrent callers share it.
 */
export function refreshSession(): Promise<Session | null> {
  // nothing in memory and never signed in here (or signed out since): there is no cookie to renew
  if (!current && markerSaysNoSession()) return Promise.resolve(null);
  refreshing ??= (async () => {
    try {
      const res = await fetch(REFRESH_URL, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) {
        clearSession();
        return null;
      }
      const body = (await res.json()) as Session;
      if (!body?.accessToken || !body.user) return null;
      writeSession(body);
      return current;
    } catch {
      // network failure: keep what we have, the next call tries again
      return current;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** A usable session: the one in memory while its token lives, else one renewed from the cookie, else null. */
export async function ensureSession(): Promise<Session | null> {
  if (current && !isTokenExpired(current.accessToken, Date.now(), 5_000)) return current;
  return refreshSession();
}

// ---------------------------------------------------------------------------------------------------------------
// Keep-alive: while the user works (keys, clicks, typing), the access token is renewed before it dies, which also
// slides the session's idle limit. When nobody touched the page, a warning appears before the session ends, with a
// button to stay signed in. (Plain DOM: it must work on every screen, whatever React renders.)

let lastActivityAt = Date.now();
let lastRenewAt = 0;
let ticker: ReturnType<typeof setInterval> | null = null;
let warning: HTMLElement | null = null;

function onActivity() {
  lastActivityAt = Date.now();
}

function startKeepAlive() {
  if (ticker || typeof window === 'undefined') return;
  for (const type of ['keydown', 'pointerdown', 'input', 'wheel', 'touchstart'])
    window.addEventListener(type, onActivity, { passive: true, capture: true });
  ticker = setInterval(tick, 10_000);
}

function tick() {
  const s = current;
  if (!s) return;
  const now = Date.now();
  const tokenEnd = s.accessTokenExpiresAt ? Date.parse(s.accessTokenExpiresAt) : NaN;
  const sessionEnd = s.sessionExpiresAt ? Date.parse(s.sessionExpiresAt) : NaN;
  const activeSinceRenew = lastActivityAt > lastRenewAt;
  if (activeSinceRenew && Number.isFinite(tokenEnd) && tokenEnd - now < RENEW_MARGIN_MS) {
    void refreshSession();
    return;
  }
  if (Number.isFinite(sessionEnd) && sessionEnd - now < WARN_BEFORE_MS) {
    if (activeSinceRenew && sessionEnd > now) {
      // the idle limit slides; the absolute one does not: then warn anyway
      void refreshSession().then((next) => {
        const end = next?.sessionExpiresAt ? Date.parse(next.sessionExpiresAt) : NaN;
        if (Number.isFinite(end) && end - Date.now() < WARN_BEFORE_MS) showWarning(end);
      });
    } else showWarning(sessionEnd);
  }
}

function showWarning(sessionEnd: number) {
  if (typeof document === 'undefined') return;
  const left = Math.max(0, Math.round((sessionEnd - Date.now()) / 60_000));
  const text =
    left > 0
      ? `Votre session se termine dans ${left} minute${left > 1 ? 's' : ''} faute d’activité. Ce que vous saisissez est gardé sur cet appareil.`
      : 'Votre session est terminée faute d’activité. Ce que vous avez saisi est gardé sur cet appareil : reconnectez-vous pour le retrouver.';
  if (!warning) {
    warning = document.createElement('div');
    warning.setAttribute('role', 'alertdialog');
    warning.setAttribute('aria-live', 'assertive');
    warning.setAttribute('aria-labelledby', 'ptce-session-warning-text');
    warning.className = 'fr-alert fr-alert--warning';
    warning.style.cssText =
      'position:fixed;z-index:2000;left:50%;transform:translateX(-50%);bottom:16px;max-width:min(640px,calc(100% - 32px));background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25);padding:16px 16px 16px 56px';
    const p = document.createElement('p');
    p.id = 'ptce-session-warning-text';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fr-btn fr-btn--sm';
    button.style.marginTop = '8px';
    button.textContent = 'Rester connecté';
    button.addEventListener('click', async () => {
      lastActivityAt = Date.now();
      const s = await refreshSession();
      if (s) hideWarning();
      else window.location.hash = '#/login';
    });
    warning.append(p, button);
    document.body.append(warning);
    button.focus();
  }
  warning.querySelector('p')!.textContent = text;
}

function hideWarning() {
  warning?.remove();
  warning = null;
}
