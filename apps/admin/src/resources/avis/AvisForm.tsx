import { useCallback, useState } from 'react';
import { Box } from '@mui/material';
import { isAvisComplete } from '@ptce/domain';
import { useNotify, useRedirect } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure, type ApiFailure } from '../../components/apiErrors';
import { ReasonDialog } from '../../components/avis/ReasonDialog';
import { focusVisibleSx } from '../../components/avis/scoreColors';
import type { AvisGrid, AvisRecord } from '../../components/avis/types';
import type { ChoiceOption } from './gridInputs';
import { useAvisDraft } from './useAvisDraft';
import { ConfirmSubmitDialog } from './form/ConfirmSubmitDialog';
import { ConflictAlert } from './form/ConflictAlert';
import { ErrorSummary } from './form/ErrorSummary';
import { FormToolbar } from './form/FormToolbar';
import { MaturitySection } from './form/MaturitySection';
import { payloadOf } from './form/payload';
import { RecommendationSection } from './form/RecommendationSection';
import { ReleaseBar } from './form/ReleaseBar';
import { ScoresSection } from './form/ScoresSection';
import { pick, pickPrefix, type Edit, type FieldMessages } from './form/shared';
import { TypologySection } from './form/TypologySection';

/**
 * The avis form for its assigned reviewer, built from the served grid: per entry a score (the scale's labels), whether
 * the answer is about what is done or planned, and a comment, with the guiding questions, examples and the AMI's
 * criteria behind a button; maturity level and markers; typology and action logics; recommendation; synthesis.
 * Autosave (debounced PUT, status in a live region), « Rendre l’avis » (POST submit: on AVIS_INCOMPLETE the server's
 * list of what is missing, each item moving the focus to its field), « Décliner » and « Déclarer un conflit
 * d’intérêts » with a required reason. No rule is checked here: the server says what is wrong or missing, in French,
 * per field. Each section lives in `./form/`.
 */
export const AvisForm = ({
  avis,
  grid,
  onRendered,
  onReload,
}: {
  avis: AvisRecord;
  grid: AvisGrid;
  onRendered: (a: AvisRecord) => void;
  onReload: () => void;
}) => {
  const dp = useAppDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const draft = useAvisDraft(avis);
  const { content, update, state, setInvalid } = draft;
  const [missing, setMissing] = useState<FieldMessages>({});
  const [summary, setSummary] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'decline' | 'conflict' | null>(null);
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const can = (a: AvisRecord['actions'][number]) => avis.actions.includes(a);

  const edit = useCallback<Edit>(
    (paths, mutate, exact = []) => {
      const drop = (m: FieldMessages) => {
        const keys = Object.keys(m).filter((k) => exact.includes(k) || paths.some((p) => k === p || k.startsWith(`${p}.`)));
        if (!keys.length) return m;
        const next = { ...m };
        for (const k of keys) delete next[k];
        return next;
      };
      setMissing(drop);
      setInvalid(drop);
      update(mutate);
    },
    [setInvalid, update],
  );

  // a refused save (values that are wrong) first, then the last render attempt (what is missing)
  const messages: FieldMessages = { ...missing, ...draft.invalid };
  const [scoreOptions] = useState<ChoiceOption[]>(() =>
    grid.scoreScale.map((s) => ({
      value: String(s.value),
      label: `${s.value} — ${s.label}`,
      tile: { top: String(s.value), bottom: s.label },
    })),
  );
  const [horizonOptions] = useState<ChoiceOption[]>(() => (grid.answerHorizons ?? []).map((h) => ({ value: h.code, label: h.label })));

  const invalidateLists = () => {
    void queryClient.invalidateQueries({ queryKey: ['avis'] });
    void queryClient.invalidateQueries({ queryKey: ['dossiers'] });
  };

  const submit = async () => {
    setSummary(null);
    setBusy(true);
    try {
      await draft.saveNow();
      const seq = draft.changeSeq.current;
      const rendered = await dp.call<AvisRecord>('POST', `/avis/${avis.id}/submit`, {
        expectedVersion: draft.versionRef.current,
        content: payloadOf(draft.contentRef.current),
      });
      draft.acknowledge(rendered, seq);
      await draft.stop();
      invalidateLists();
      notify('Votre avis est rendu. Merci !', { type: 'success' });
      onRendered(rendered);
    } catch (error) {
      const failure = apiFailure(error);
      if (failure.code === 'VERSION_CONFLICT') {
        draft.setState({ kind: 'conflict', failure });
      } else {
        if (failure.code === 'AVIS_INCOMPLETE') setMissing(failure.fields);
        if (failure.code === 'VALIDATION_FAILED') setInvalid(failure.fields);
        setSummary(failure);
      }
      // what was typed stays a draft even though the avis could not be rendered
      if (draft.isDirty()) void draft.saveNow();
    } finally {
      setBusy(false);
    }
  };

  /**
   * « Rendre l’avis » asks for a confirmation when the avis is complete (rendering is final for the reviewer); an
   * incomplete one goes straight to the server, which lists what is missing.
   */
  const askSubmit = () => {
    if (isAvisComplete(payloadOf(draft.contentRef.current), avis.dossier.phase)) setConfirmSubmit(true);
    else void submit();
  };

  const release = async (kind: 'decline' | 'conflict', reason: string) => {
    await draft.stop();
    await dp.call('POST', `/avis/${avis.id}/${kind}`, { reason, expectedVersion: draft.versionRef.current });
    setDialog(null);
    invalidateLists();
    notify(
      kind === 'decline'
        ? 'Vous avez décliné cet avis : un autre relecteur sera sollicité.'
        : 'Votre conflit d’intérêts est enregistré : ce dossier ne vous est plus attribué.',
      { type: 'info' },
    );
    redirect('list', 'avis');
  };

  // the server's list, less what was changed since (an edited field loses its message)
  const summaryItems =
    summary && (summary.code === 'AVIS_INCOMPLETE' || summary.code === 'VALIDATION_FAILED') ? Object.entries(summary.fields) : [];
  const remainingItems = summaryItems.filter(([path]) => messages[path] !== undefined);

  return (
    <Box
      component="form"
      noValidate
      aria-label="Avis sur le dossier"
      onSubmit={(e) => e.preventDefault()}
      // on a phone, every choice is a 48 px target (one thumb, no zoom)
      sx={[focusVisibleSx, { '& .MuiRadio-root, & .MuiCheckbox-root': { p: { xs: 1.5, md: 1 } } }]}
    >
      {state.kind === 'conflict' ? <ConflictAlert failure={state.failure} onReload={onReload} /> : null}

      {summary && (!summaryItems.length || remainingItems.length) ? (
        <ErrorSummary failure={summary} items={remainingItems} total={summaryItems.length} />
      ) : null}

      <ReleaseBar canDecline={can('decline')} canConflict={can('conflict')} busy={busy} onOpen={setDialog} />

      <ScoresSection
        grid={grid}
        scores={content.scores}
        messages={messages}
        scoreOptions={scoreOptions}
        horizonOptions={horizonOptions}
        edit={edit}
      />
      <MaturitySection
        grid={grid}
        maturity={content.maturity}
        messages={pickPrefix(messages, 'maturity')}
        scoreOptions={scoreOptions}
        edit={edit}
      />
      <TypologySection grid={grid} typology={content.typology} messages={pickPrefix(messages, 'typology')} edit={edit} />
      <RecommendationSection
        grid={grid}
        recommendation={content.recommendation}
        synthesis={content.synthesis}
        recommendationError={pick(messages, 'recommendation')}
        synthesisError={pick(messages, 'synthesis')}
        edit={edit}
      />

      <FormToolbar
        state={state}
        busy={busy}
        canSave={can('save')}
        canSubmit={can('submit')}
        onSave={() => void draft.saveNow()}
        onSubmit={askSubmit}
      />

      <ConfirmSubmitDialog
        open={confirmSubmit}
        onClose={() => setConfirmSubmit(false)}
        onConfirm={() => {
          setConfirmSubmit(false);
          void submit();
        }}
      />
      <ReasonDialog
        open={dialog === 'decline'}
        title="Décliner cet avis"
        description="Vous ne rédigerez pas d’avis sur ce dossier ; un autre relecteur sera sollicité. Votre brouillon ne sera pas transmis."
        label="Motif"
        helperText="Par exemple : indisponibilité, domaine hors de vos compétences. Inscrit au journal du dossier."
        confirmLabel="Décliner l’avis"
        onClose={() => setDialog(null)}
        onConfirm={(reason) => release('decline', reason)}
      />
      <ReasonDialog
        open={dialog === 'conflict'}
        title="Déclarer un conflit d’intérêts"
        description="Vous avez un lien avec la structure porteuse ou un membre du PTCE : le dossier vous sera retiré et ne vous sera plus proposé."
        label="Nature du conflit d’intérêts"
        helperText="Par exemple : « Je suis administrateur de la structure porteuse. » Inscrit au journal du dossier."
        confirmLabel="Déclarer le conflit"
        confirmColor="error"
        onClose={() => setDialog(null)}
        onConfirm={(reason) => release('conflict', reason)}
      />
    </Box>
  );
};
