// What an action may carry in `data`, declared per action, checked by the engine and stored normalised in the journal
// (issue 9: nothing a client sends reaches the append-only journal unchecked).
import { isIsoInstant, parisEndOfDay } from '../calendar';

/** Fields a user may send with an action (which ones, per action: the `accepts` and `requires` of its definition). */
export type PayloadField = 'message' | 'dueAt' | 'amountCents';
/** Where a system move comes from (an import run, a DS deletion): only the system actor may set these. */
export type ProvenanceField = 'source' | 'importRunId' | 'dsNumber' | 'dsReason' | 'deletedAt';

export const MESSAGE_MAX_LENGTH = 5000;
export const INVALID_DUE_AT_MESSAGE = 'La date limite de réponse doit être une date valide (ISO 8601).';

type Check = (raw: unknown) => { value: string | number } | { error: string };

/** A due date as an instant: a bare day (a date picker's '2021-07-15') means that day's end in Paris. */
export function dueAtInstant(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    try {
      return parisEndOfDay(value).toISOString();
    } catch {
      return null;
    }
  }
  return isIsoInstant(value) ? new Date(value).toISOString() : null;
}

const text =
  (max: number, label: string): Check =>
  (raw) => {
    if (typeof raw !== 'string' || raw.trim() === '') return { error: `${label} doit être un texte non vide.` };
    if (raw.length > max) return { error: `${label} est trop long (${max} caractères au plus).` };
    return { value: raw.trim() };
  };

const integer =
  (label: string): Check =>
  (raw) =>
    Number.isSafeInteger(raw) && (raw as number) >= 0 ? { value: raw as number } : { error: `${label} doit être un nombre entier positif.` };

export const PAYLOAD_CHECKS: Readonly<Record<PayloadField | ProvenanceField, Check>> = {
  message: text(MESSAGE_MAX_LENGTH, 'Le message au porteur'),
  dueAt: (raw) => {
    const at = typeof raw === 'string' ? dueAtInstant(raw.trim()) : null;
    return at ? { value: at } : { error: INVALID_DUE_AT_MESSAGE };
  },
  amountCents: integer('Le montant (en centimes)'),
  source: (raw) => (raw === 'ds' || raw === 'fichier' || raw === 'manuel' ? { value: raw } : { error: 'Provenance inconnue.' }),
  importRunId: text(64, 'L’import'),
  dsNumber: integer('Le numéro DS'),
  dsReason: text(200, 'La raison DS'),
  deletedAt: text(64, 'La date de suppression'),
};

export const PROVENANCE_FIELDS: readonly ProvenanceField[] = ['source', 'importRunId', 'dsNumber', 'dsReason', 'deletedAt'];
