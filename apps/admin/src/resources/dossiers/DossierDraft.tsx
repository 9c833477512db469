import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { Alert, AlertTitle, Button } from '@mui/material';
import { useNotify, useRecordContext } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { clearDraft, readDraft, saveDraft, type Draft } from '../../providers/drafts';
import { formatParis } from '../../components/parisTime';
import type { DossierFormValues } from './payload';
import type { DossierRecord } from './types';

/** Local copy kind (see providers/drafts): what an instructeur typed in the dossier form, not yet accepted. */
export const DOSSIER_DRAFT_KIND = 'dossier';

/** The local copy is written this long after the last keystroke (cheap, but not on every key). */
export const DOSSIER_DRAFT_DELAY_MS = 500;

/** What the edit page tells the keeper: stop writing (the server accepted the save) and drop the copy. */
export interface DossierDraftControl {
  accepted: () => void;
}

/** Key order and `undefined` left out: two forms holding the same values compare equal. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = stable(v);
    }
    return out;
  }
  return value;
}
const same = (a: unknown, b: unknown) => JSON.stringify(stable(a)) === JSON.stringify(stable(b));

/** The local copy to restore: one typed on this version of the dossier (or a newer one than a stale cache shows). */
function restorable(id: string, record: DossierRecord | undefined): { draft: Draft<DossierFormValues> | null; stale: boolean } {
  const draft = readDraft<DossierFormValues>(DOSSIER_DRAFT_KIND, id);
  if (!draft || !record) return { draft: null, stale: false };
  if (typeof draft.version === 'number' && typeof record.version === 'number' && draft.version < record.version) {
    // changed on the server since: restoring would either be refused or overwrite someone else's work
    clearDraft(DOSSIER_DRAFT_KIND, id);
    return { draft: null, stale: true };
  }
  return { draft, stale: false };
}

/**
 * Inside the dossier edit form: keeps what is typed on this device as the user types (per user and dossier, with
 * the version it was typed on), and puts it back in the form when it is opened again — after a reload, a closed tab,
 * or signing in again after an expired or revoked session — with a notice to keep or drop it.
 */
export const DossierDraftKeeper = ({ id, control }: { id: string; control: MutableRefObject<DossierDraftControl | null> }) => {
  const record = useRecordContext<DossierRecord>();
  const notify = useNotify();
  const { reset, watch, getValues, formState } = useFormContext<DossierFormValues>();
  const [found] = useState(() => restorable(id, record));
  const [restored, setRestored] = useState(found.draft);
  // react-admin fills the form with the record in its own effect at mount, after this component's: the local copy is
  // applied, and changes followed, from the next render on
  const [ready, setReady] = useState(false);
  const stopped = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastWritten = useRef(found.draft ? JSON.stringify(stable(found.draft.values)) : null);

  // What differs from the record is kept (with the version the form was read at); back to the record drops it.
  const writeNow = useRef(() => {});
  writeNow.current = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (stopped.current) return;
    const values = getValues();
    if (same(values, formState.defaultValues)) {
      clearDraft(DOSSIER_DRAFT_KIND, id);
      lastWritten.current = null;
      return;
    }
    const json = JSON.stringify(stable(values));
    if (json === lastWritten.current) return; // unchanged: the copy keeps the time it was typed
    lastWritten.current = json;
    saveDraft(DOSSIER_DRAFT_KIND, id, values, typeof values.version === 'number' ? values.version : null);
  };

  useEffect(() => setReady(true), []);

  useEffect(() => {
    if (found.stale) {
      notify('Des modifications non enregistrées portaient sur une version plus ancienne du dossier : elles n’ont pas été restaurées.', {
        type: 'warning',
      });
    }
  }, [found, notify]);

  // The local copy replaces the values, the record staying the reference: the form is dirty, « Enregistrer » enabled.
  useEffect(() => {
    if (ready && found.draft) reset(found.draft.values, { keepDefaultValues: true });
  }, [ready, found, reset]);

  useEffect(() => {
    control.current = {
      accepted: () => {
        stopped.current = true;
        clearTimeout(timer.current);
        clearDraft(DOSSIER_DRAFT_KIND, id);
      },
    };
    return () => {
      control.current = null;
    };
  }, [control, id]);

  // Every change (typing, choices, list rows) schedules the copy; leaving the page or closing the tab writes it now.
  useEffect(() => {
    if (!ready) return;
    const subscription = watch(() => {
      if (stopped.current) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => writeNow.current(), DOSSIER_DRAFT_DELAY_MS);
    });
    const flush = () => {
      if (timer.current !== undefined) writeNow.current();
    };
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    return () => {
      subscription.unsubscribe();
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', flush);
      flush();
    };
  }, [watch, ready]);

  if (!restored) return null;
  const discard = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    clearDraft(DOSSIER_DRAFT_KIND, id);
    lastWritten.current = null;
    reset(); // back to the record's values (the form's defaults)
    setRestored(null);
  };
  return (
    <Alert
      severity="info"
      role="status"
      sx={{ mb: 2, width: '100%', boxSizing: 'border-box' }}
      action={
        <Button color="inherit" variant="outlined" size="small" onClick={discard}>
          Les abandonner
        </Button>
      }
    >
      <AlertTitle>Modifications non enregistrées restaurées du {formatParis(restored.savedAt)}</AlertTitle>
      Vos modifications non enregistrées ont été restaurées dans le formulaire : vérifiez-les puis enregistrez, ou abandonnez-les pour
      revenir à la version enregistrée du dossier.
    </Alert>
  );
};
