import { HttpError } from 'react-admin';
import { apiFailure } from '../../components/apiErrors';
import type { SelectionItem } from './types';

export interface BoardFailure {
  message: string;
  code: string;
  /** human lines from `details` (per item for VALIDATION_FAILED, the undecided dossiers for SELECTION_INCOMPLETE…) */
  lines: { id?: string; text: string }[];
}

const bodyDetails = (e: unknown): unknown => (e instanceof HttpError ? (e.body as { details?: unknown })?.details : undefined);

/**
 * The server's refusal as the board shows it: its French message, then what `details` names. Items are referred to
 * by their index in the request (`items.3.motif`, `3`, `{index: 3}`…): the dossier's name is put back in front.
 */
export function boardFailure(error: unknown, sentIds: string[] = [], byId?: Map<string, SelectionItem>): BoardFailure {
  const f = apiFailure(error);
  const details = bodyDetails(error);
  const lines: BoardFailure['lines'] = [];
  const nameOf = (id: string | undefined) => (id ? (byId?.get(id)?.projectName ?? id) : undefined);
  const push = (key: string, value: unknown) => {
    const m = /^(?:(?:items|dossierIds)[.[])?(\d+)\]?(?:\.(.+))?$/.exec(key);
    const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : JSON.stringify(value);
    if (m) {
      const id = sentIds[Number(m[1])];
      lines.push({ id, text: `${nameOf(id) ?? `Élément ${Number(m[1]) + 1}`} : ${text}` });
    } else lines.push({ text: `${key} : ${text}` });
  };
  if (details && typeof details === 'object') {
    const d = details as Record<string, unknown>;
    if (typeof d.index === 'number' || typeof d.dossierId === 'string') {
      // one item refused by the workflow (VERSION_CONFLICT, TRANSITION_NOT_ALLOWED…): the message names it already
      const id = typeof d.dossierId === 'string' ? d.dossierId : sentIds[d.index as number];
      if (id) lines.push({ id, text: `Voir « ${nameOf(id)} » dans le tableau` });
    } else if (Array.isArray(d.undecided)) {
      for (const u of d.undecided as { id?: string; projectName?: string }[])
        lines.push({ id: u.id, text: u.projectName ?? nameOf(u.id) ?? String(u.id) });
    } else if (typeof d.exceededByCents === 'number') {
      // the message says it; nothing more to list
    } else if (Array.isArray(d.items)) {
      (d.items as unknown[]).forEach((v, i) => {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const o = v as Record<string, unknown>;
          const idx = typeof o.index === 'number' ? o.index : i;
          const msgs = Object.entries(o)
            .filter(([k]) => k !== 'index')
            .map(([, m]) => (typeof m === 'string' ? m : JSON.stringify(m)));
          if (msgs.length) push(String(idx), msgs.join(' '));
        } else if (typeof v === 'string') push(String(i), v);
      });
    } else if (!Array.isArray(details)) {
      for (const [k, v] of Object.entries(d)) push(k, v);
    }
  }
  return { message: f.message, code: f.code, lines };
}
