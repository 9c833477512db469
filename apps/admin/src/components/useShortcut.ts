import { useEffect, useRef } from 'react';

/** True when the key press belongs to a field being typed in (a shortcut must never eat a typed letter). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el.isContentEditable || el.getAttribute('role') === 'textbox';
}

/**
 * A one-key shortcut of the page (no modifier; "?" allows Shift): ignored while typing in a field or when a dialog is
 * open, so that it never takes a letter from a form.
 */
export function useShortcut(key: string, handler: () => void, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== key || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTyping(e.target)) return;
      if (key !== '?' && document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, enabled]);
}

/** The shortcuts, as documented in the "?" overlay. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; label: string; where: string }> = [
  { keys: '?', label: 'Afficher ou masquer cette aide', where: 'Partout' },
  { keys: 's', label: 'Dossier (ou avis) suivant dans la liste filtrée', where: 'Page d’un dossier ou d’un avis' },
  { keys: 'p', label: 'Dossier (ou avis) précédent dans la liste filtrée', where: 'Page d’un dossier ou d’un avis' },
  { keys: 'l', label: 'Revenir à la liste', where: 'Page d’un dossier ou d’un avis' },
  { keys: 'Tab / Maj+Tab', label: 'Passer d’une ligne de liste à l’autre (chaque ligne est un lien)', where: 'Listes' },
  { keys: 'Espace', label: 'Cocher ou décocher la ligne (case de sélection)', where: 'Liste des dossiers' },
];
