import { useRef } from 'react';
import { Edit, useNotify, useRecordContext, useRedirect, type TransformData } from 'react-admin';
import { useParams } from 'react-router-dom';
import { saveDraft } from '../../providers/drafts';
import { DOSSIER_DRAFT_KIND, DossierDraftKeeper, type DossierDraftControl } from './DossierDraft';
import { DossierForm } from './DossierForm';
import { toUpdatePayload, type DossierFormValues } from './payload';
import type { DossierRecord } from './types';

const DossierTitle = () => {
  const record = useRecordContext<DossierRecord>();
  return <>Modifier le dossier{record ? ` : ${record.projectName}` : ''}</>;
};

/**
 * Content fields only, with the version read (expectedVersion): a concurrent change is refused (VERSION_CONFLICT).
 * What is typed is kept on this device as the user types (DossierDraftKeeper) and comes back when the form is
 * opened again (reload, closed tab, signing in again after the session ended); it is dropped once the server
 * accepted the save.
 */
export const DossierEdit = () => {
  const { id } = useParams<{ id: string }>();
  const notify = useNotify();
  const redirect = useRedirect();
  const submitted = useRef<DossierFormValues | null>(null);
  const draft = useRef<DossierDraftControl | null>(null);

  const transform = (data: DossierFormValues, options?: { previousData: unknown }) => {
    submitted.current = data;
    return toUpdatePayload(data, options as never);
  };

  // the values sent, kept as they were submitted (the autosaved copy may be up to one debounce behind)
  const keepSubmitted = () => {
    if (!id || !submitted.current) return;
    const version = typeof submitted.current.version === 'number' ? submitted.current.version : null;
    saveDraft(DOSSIER_DRAFT_KIND, id, submitted.current, version);
  };

  return (
    <Edit<DossierRecord>
      title={<DossierTitle />}
      mutationMode="pessimistic"
      redirect="show"
      transform={transform as TransformData}
      mutationOptions={{
        // react-admin's own success path (message, then the dossier's page), plus the local copy dropped
        onSuccess: (data: DossierRecord) => {
          // react-admin resolves a save refused for an ended session with an empty record once it has signed out:
          // nothing was saved, the typed form is kept for after the next sign-in
          if (!data || data.id === undefined) {
            keepSubmitted();
            return;
          }
          draft.current?.accepted();
          notify('ra.notification.updated', { type: 'info', messageArgs: { smart_count: 1 } });
          redirect('show', 'dossiers', data.id, data);
        },
        onError: (error: unknown) => {
          const status = (error as { status?: number } | null)?.status;
          if (status === 401) keepSubmitted();
          const message = (error as { message?: string } | null)?.message;
          notify(message || 'L’enregistrement a échoué.', { type: 'error' });
        },
      }}
    >
      <DossierForm mode="edit" before={id ? <DossierDraftKeeper key={id} id={id} control={draft} /> : null} />
    </Edit>
  );
};
