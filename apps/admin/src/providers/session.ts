import type { Role } from '../labels';

/** The user as returned by `POST /api/auth/login` and `GET /api/auth/me`. */
export interface SessionUser {
  id: string;
  email: string;
  fullName: string;
  roles: Role[];
  regions: string[];
}

export interface Session {
  accessToken: string;
  user: SessionUser;
}

const STORAGE_KEY = 'ami-ptce.session';

export function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.accessToken !== 'string' || !parsed.user || typeof parsed.user.id === 'undefined') return null;
    return {
      accessToken: parsed.accessToken,
      user: { ...parsed.user, roles: parsed.user.roles ?? [], regions: parsed.user.regions ?? [] },
    };
  } catch {
    return null;
  }
}

export function writeSession(session: Session): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(STORAGE_KEY);
}

export function getAccessToken(): string | null {
  return readSession()?.accessToken ?? null;
}

/**
 * True when the token is a JWT whose `exp` claim is in the past. Only used to avoid showing
 * screens with a dead session; the API remains the judge (it answers 401).
 */
export function isTokenExpired(token: string, now = Date.now()): boolean {
  const payload = token.split('.')[1];
  if (!payload) return false;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' && json.exp * 1000 <= now;
  } catch {
    return false;
  }
}
