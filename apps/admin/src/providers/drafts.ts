import { draftOwnerId } from './session';

/**
 * Unsaved work kept on this device, per user and record, until the server accepted it: what a reviewer or an
 * instructeur typed survives an expired session, a closed tab or a crash, and comes back after signing in again as
 * the same user. Only in this browser's storage, removed once saved, at an explicit sign-out and after 7 days.
 */
export interface Draft<T> {
  /** The record's version the draft was typed on (a draft over an older version is not restored). */
  version: number | null;
  savedAt: string;
  values: T;
}

const PREFIX = 'ami-ptce.draft.';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

function key(kind: string, id: string | number, userId: string): string {
  return `${PREFIX}${userId}.${kind}.${id}`;
}

export function saveDraft<T>(kind: string, id: string | number, values: T, version: number | null): void {
  const owner = draftOwnerId();
  if (!owner) return;
  try {
    const draft: Draft<T> = { version, savedAt: new Date().toISOString(), values };
    localStorage.setItem(key(kind, id, owner), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the server autosave remains
  }
}

export function readDraft<T>(kind: string, id: string | number): Draft<T> | null {
  const owner = draftOwnerId();
  if (!owner) return null;
  try {
    const raw = localStorage.getItem(key(kind, id, owner));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft<T>;
    if (!draft || typeof draft.savedAt !== 'string' || Date.now() - Date.parse(draft.savedAt) > MAX_AGE_MS) {
      localStorage.removeItem(key(kind, id, owner));
      return null;
    }
    return draft;
  } catch {
    return null;
  }
}

export function clearDraft(kind: string, id: string | number): void {
  const owner = draftOwnerId();
  if (!owner) return;
  try {
    localStorage.removeItem(key(kind, id, owner));
  } catch {
    /* nothing kept */
  }
}

/** Every draft of this user (explicit sign-out), and anyone's older than 7 days. */
export function clearDrafts(userId: string | null): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (!k?.startsWith(PREFIX)) continue;
      let old = false;
      try {
        old = Date.now() - Date.parse((JSON.parse(localStorage.getItem(k) ?? '{}') as Draft<unknown>).savedAt) > MAX_AGE_MS;
      } catch {
        old = true;
      }
      if (old || (userId && k.startsWith(`${PREFIX}${userId}.`))) localStorage.removeItem(k);
    }
  } catch {
    /* storage unavailable */
  }
}
