import { useEffect, useRef } from 'react';
import { Edit, useNotify, useRecordContext, useRedirect, type TransformData } from 'react-admin';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { clearDraft, readDraft, saveDraft } from '../../providers/drafts';
import { DossierForm } from './DossierForm';
import { toUpdatePayload, type DossierFormValues } from './payload';
import type { DossierRecord } from './types';

const DossierTitle = () => {
  const record = useRecordContext<DossierRecord>();
  return <>Modifier le dossier{record ? ` : ${record.projectName}` : ''}</>;
};

/** Local copy kind (see providers/drafts): the form as it was when its save was refused for an expired session. */
const DRAFT_KIND = 'dossier';

/**
 * Content fields only, with the version read (expectedVersion): a concurrent change is refused (VERSION_CONFLICT).
 * A save refused because the session ended keeps the typed form on this device; after signing in again (react-admin
 * comes back to this page) the form opens with it, to be saved.
 */
export const DossierEdit = () => {
  const { id } = useParams<{ id: string }>();
  const location = useLocation();
  const navigate = useNavigate();
  const notify = useNotify();
  const redirect = useRedirect();
  const submitted = useRef<DossierFormValues | null>(null);
  const locationRecord = (location.state as { record?: unknown } | null)?.record;
  const local = id && !locationRecord ? readDraft<DossierFormValues>(DRAFT_KIND, id) : null;

  // react-admin's forms take initial values from the location state (`record`): the restored copy goes there.
  useEffect(() => {
    if (!local || !id) return;
    navigate(location.pathname, { replace: true, state: { ...(location.state as object | null), record: local.values } });
    notify('Vos modifications non enregistrées ont été restaurées : vérifiez-les puis enregistrez.', { type: 'info' });
  }, [id, local, location.pathname, location.state, navigate, notify]);

  const transform = (data: DossierFormValues, options?: { previousData: unknown }) => {
    submitted.current = data;
    return toUpdatePayload(data, options as never);
  };

  const keepSubmitted = () => {
    if (!id || !submitted.current) return;
    const version = typeof submitted.current.version === 'number' ? submitted.current.version : null;
    saveDraft(DRAFT_KIND, id, submitted.current, version);
  };

  if (local) return null; // rendered again with the restored copy in the location state

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
          if (id) clearDraft(DRAFT_KIND, id);
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
      <DossierForm mode="edit" />
    </Edit>
  );
};
