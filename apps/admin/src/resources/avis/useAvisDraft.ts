import { useCallback, useEffect, useRef, useState } from 'react';
import { useNotify } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { clearDraft, readDraft, saveDraft } from '../../providers/drafts';
import { apiFailure, type ApiFailure } from '../../components/apiErrors';
import { contentOf, type AvisContent, type AvisRecord } from '../../components/avis/types';

/** Debounce of the autosave: the draft is sent this long after the last change. */
export const AUTOSAVE_DELAY_MS = 1500;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; failure: ApiFailure }
  | { kind: 'conflict'; failure: ApiFailure };

/** The content as sent to the API: empty parts left out (a draft may be incomplete; the server validates). */
export function toPayload(c: AvisContent): Record<string, unknown> {
  const scores: Record<string, { score?: number; comment?: string; horizon?: 'prevu' | 'realise' }> = {};
  for (const [code, v] of Object.entries(c.scores)) {
    const out: { score?: number; comment?: string; horizon?: 'prevu' | 'realise' } = {};
    if (typeof v?.score === 'number') out.score = v.score;
    if (typeof v?.comment === 'string' && v.comment !== '') out.comment = v.comment;
    // « Prévu / Réalisé » (seed 000) is autosaved with the rest of the entry.
    const horizon = (v as { horizon?: unknown } | undefined)?.horizon;
    if (horizon === 'prevu' || horizon === 'realise') out.horizon = horizon;
    if (Object.keys(out).length) scores[code] = out;
  }
  const markers = Object.fromEntries(Object.entries(c.maturity.markers).filter(([, v]) => typeof v === 'number'));
  return {
    scores,
    maturity: { level: c.maturity.level, markers },
    typology: { type: c.typology.type, actionLogics: c.typology.actionLogics },
    recommendation: c.recommendation,
    synthesis: c.synthesis === '' ? null : c.synthesis,
  };
}

/**
 * The reviewer's draft and its autosave: every change is sent `AUTOSAVE_DELAY_MS` after the last one
 * (`PUT /api/avis/:id {content, expectedVersion}`), one request at a time; a change made during a save is sent
 * after it. A VERSION_CONFLICT stops the autosave (the page must be reloaded); other failures wait for the next
 * change or a manual save. `flush()` saves now (before rendering, leaving, declining).
 */
/** Local copy kind (see providers/drafts): what was typed and not yet accepted by the server, per user and avis. */
const DRAFT_KIND = 'avis';

/**
 * A local copy typed on this version of an avis still being written (or on a newer one: the record shown may come
 * from a cache older than the last save) is restored at the next opening, with the version it was typed on.
 */
function localDraftOf(avis: AvisRecord): { values: AvisContent; version: number } | null {
  if (avis.status !== 'a_rediger' && avis.status !== 'brouillon') return null;
  const local = readDraft<AvisContent>(DRAFT_KIND, avis.id);
  if (!local) return null;
  if (typeof local.version !== 'number' || local.version < avis.version) {
    clearDraft(DRAFT_KIND, avis.id); // the server moved on (saved elsewhere): the server's copy wins
    return null;
  }
  return { values: local.values, version: local.version };
}

export function useAvisDraft(avis: AvisRecord) {
  const dp = useAppDataProvider();
  const notify = useNotify();
  // What the reviewer typed before the session expired (or the tab closed) comes back first, and is sent at once.
  const [restored] = useState(() => localDraftOf(avis));
  const [content, setContent] = useState<AvisContent>(() => restored?.values ?? contentOf(avis));
  const [state, setState] = useState<SaveState>(() =>
    restored ? { kind: 'dirty' } : avis.status === 'brouillon' ? { kind: 'saved', at: avis.updatedAt } : { kind: 'idle' },
  );
  const contentRef = useRef(content);
  const versionRef = useRef(restored ? Math.max(restored.version, avis.version) : avis.version);
  const changeSeq = useRef(restored ? 1 : 0);
  const savedSeq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const stopped = useRef(false);
  const failed = useRef(false);
  /** Field errors of the last refused save (VALIDATION_FAILED details), cleared by a successful save. */
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  const saveNow = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (stopped.current) return;
    if (inFlight.current) await inFlight.current;
    if (stopped.current || changeSeq.current === savedSeq.current) return;
    const seq = changeSeq.current;
    setState({ kind: 'saving' });
    const request = dp
      .call<AvisRecord>('PUT', `/avis/${avis.id}`, { content: toPayload(contentRef.current), expectedVersion: versionRef.current })
      .then((saved) => {
        // react-admin answers a call refused for an ended session with an empty result once it has signed out: not a
        // save. The local copy stays, to be restored after signing in again.
        if (!saved || typeof saved.version !== 'number') {
          failed.current = true;
          stopped.current = true;
          setState({ kind: 'error', failure: apiFailure({ status: 401, message: 'Votre session a expiré.' }) });
          return;
        }
        versionRef.current = saved.version;
        savedSeq.current = seq;
        failed.current = false;
        // accepted by the server: the local copy is dropped, or follows the new version when more was typed since
        if (changeSeq.current === seq) clearDraft(DRAFT_KIND, avis.id);
        else saveDraft(DRAFT_KIND, avis.id, contentRef.current, saved.version);
        setInvalid({});
        setState(changeSeq.current === seq ? { kind: 'saved', at: saved.updatedAt } : { kind: 'dirty' });
      })
      .catch((error: unknown) => {
        const failure = apiFailure(error);
        failed.current = true;
        if (failure.code === 'VERSION_CONFLICT' || failure.status === 404) {
          stopped.current = true;
          setState({ kind: 'conflict', failure });
        } else {
          if (failure.code === 'VALIDATION_FAILED') setInvalid(failure.fields);
          setState({ kind: 'error', failure });
        }
      });
    inFlight.current = request;
    await request;
    inFlight.current = null;
    // changes typed during the save: send them too (unless the save failed: then the next change or a manual save)
    if (!stopped.current && !failed.current && changeSeq.current !== savedSeq.current) {
      timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
    }
  }, [avis.id, dp]);

  const update = useCallback(
    (mutate: (c: AvisContent) => AvisContent) => {
      if (stopped.current) return;
      const next = mutate(contentRef.current);
      contentRef.current = next;
      setContent(next);
      saveDraft(DRAFT_KIND, avis.id, next, versionRef.current);
      changeSeq.current += 1;
      setState((s) => (s.kind === 'saving' ? s : { kind: 'dirty' }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
    },
    [avis.id, saveNow],
  );

  /** Stops the autosave for good (the avis was rendered, declined...). Waits for a save under way. */
  const stop = useCallback(async () => {
    clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    stopped.current = true;
    clearDraft(DRAFT_KIND, avis.id);
  }, [avis.id]);

  /** After the server accepted another write (submit...) that returned a new version. */
  const acknowledge = useCallback(
    (saved: Pick<AvisRecord, 'version' | 'updatedAt'>, seq: number) => {
      versionRef.current = saved.version;
      savedSeq.current = seq;
      if (changeSeq.current === seq) clearDraft(DRAFT_KIND, avis.id);
    },
    [avis.id],
  );

  // A restored local copy: say so, and send it now.
  useEffect(() => {
    if (!restored) return;
    notify('Votre saisie non enregistrée a été restaurée ; elle est en cours d’enregistrement.', { type: 'info' });
    timer.current = setTimeout(() => void saveNow(), 0);
  }, [restored, notify, saveNow]); // `restored` never changes: once, at mount

  const isDirty = () => changeSeq.current !== savedSeq.current;

  // Leaving the page: send what is not saved yet; warn when the tab is being closed with unsaved changes.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!stopped.current && (changeSeq.current !== savedSeq.current || inFlight.current)) {
        e.preventDefault();
        void saveNow();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      clearTimeout(timer.current);
      if (!stopped.current && changeSeq.current !== savedSeq.current) void saveNow();
    };
  }, [saveNow]);

  return {
    content,
    contentRef,
    update,
    state,
    setState,
    invalid,
    setInvalid,
    saveNow,
    stop,
    acknowledge,
    isDirty,
    versionRef,
    changeSeq,
  };
}
