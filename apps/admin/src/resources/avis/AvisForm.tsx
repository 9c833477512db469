import { memo, useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Link,
  Paper,
  Stack,
  Typography,
} from '@mui/material';
import { isAvisComplete } from '@ptce/domain';
import SendIcon from '@mui/icons-material/Send';
import SaveIcon from '@mui/icons-material/Save';
import { useNotify, useRedirect } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure, type ApiFailure } from '../../components/apiErrors';
import { ReasonDialog } from '../../components/avis/ReasonDialog';
import { focusVisibleSx } from '../../components/avis/scoreColors';
import type { AvisContent, AvisEntryScore, AvisGrid, AvisRecord } from '../../components/avis/types';
import { CheckboxChoice, EntryHelp, focusField, LongText, RadioChoice, type ChoiceOption } from './gridInputs';
import { toPayload, useAvisDraft, type SaveState } from './useAvisDraft';

const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
const hhmm = (iso: string) => timeFormat.format(new Date(iso));

/** Text of the autosave status (read out politely by screen readers). */
function saveText(s: SaveState): string {
  switch (s.kind) {
    case 'idle':
      return 'Vos modifications sont enregistrées automatiquement.';
    case 'dirty':
      return 'Modifications en attente d’enregistrement…';
    case 'saving':
      return 'Enregistrement du brouillon…';
    case 'saved':
      return `Brouillon enregistré à ${hhmm(s.at)}`;
    case 'error':
      return `Le brouillon n’a pas été enregistré : ${s.failure.message}`;
    case 'conflict':
      return 'Brouillon non enregistré : l’avis a été modifié entre-temps.';
  }
}

/** Messages of the server for the fields of the content, keyed by the paths it uses (`details` keys). */
type FieldMessages = Record<string, string>;

/** Records a change: `paths` (and their sub-paths) and `exact` paths lose their server message. */
type Edit = (paths: string[], mutate: (c: AvisContent) => AvisContent, exact?: string[]) => void;

/** The first message found for these paths. */
const pick = (messages: FieldMessages, ...paths: string[]) => {
  for (const p of paths) if (messages[p]) return messages[p];
  return undefined;
};

const SectionTitle = ({ id, children }: { id: string; children: string }) => (
  <Typography id={id} variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1.5, mt: 1 }}>
    {children}
  </Typography>
);

/** One grid entry: its help (questions, examples), its score and its comment. Re-renders only when its data change. */
const EntryBlock = memo(function EntryBlock({
  index,
  entry,
  value,
  scoreOptions,
  scoreError,
  commentError,
  edit,
}: {
  index: number;
  entry: AvisGrid['entries'][number];
  value: AvisEntryScore | undefined;
  scoreOptions: ChoiceOption[];
  scoreError?: string;
  commentError?: string;
  edit: Edit;
}) {
  const code = entry.code;
  const onScore = useCallback(
    (x: string) =>
      edit([`scores.${code}.score`], (c) => ({ ...c, scores: { ...c.scores, [code]: { ...c.scores[code], score: Number(x) } } }), [
        `scores.${code}`,
      ]),
    [code, edit],
  );
  const onComment = useCallback(
    (x: string) => edit([`scores.${code}.comment`], (c) => ({ ...c, scores: { ...c.scores, [code]: { ...c.scores[code], comment: x } } })),
    [code, edit],
  );
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby={`avis-entry-${code}`}
      data-entry={code}
      sx={{ p: 2, mb: 2, borderLeft: 4, borderLeftColor: scoreError || commentError ? 'error.main' : 'primary.main' }}
    >
      <Typography id={`avis-entry-${code}`} component="h3" variant="subtitle1" sx={{ fontWeight: 700, mb: 0.5 }}>
        {index + 1}. {entry.label}
      </Typography>
      <EntryHelp label={entry.label} questions={entry.questions} examples={entry.examples} />
      <RadioChoice
        path={`scores.${code}.score`}
        legend="Note"
        srSuffix={entry.label}
        tiles
        options={scoreOptions}
        value={typeof value?.score === 'number' ? String(value.score) : null}
        onChange={onScore}
        error={scoreError}
      />
      <LongText
        path={`scores.${code}.comment`}
        label="Commentaire"
        srSuffix={entry.label}
        value={value?.comment}
        onChange={onComment}
        error={commentError}
        minRows={2}
      />
    </Paper>
  );
});

const MaturitySection = memo(function MaturitySection({
  grid,
  maturity,
  messages,
  scoreOptions,
  edit,
}: {
  grid: AvisGrid;
  maturity: AvisContent['maturity'];
  messages: FieldMessages;
  scoreOptions: ChoiceOption[];
  edit: Edit;
}) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby="avis-maturity-title" sx={{ p: 2, mb: 2 }}>
      <SectionTitle id="avis-maturity-title">Maturité du PTCE</SectionTitle>
      <RadioChoice
        path="maturity.level"
        legend="Niveau de maturité"
        options={grid.maturityLevels.map((m) => ({ value: m.code, label: m.label, description: m.description }))}
        value={maturity.level}
        onChange={(x) => edit(['maturity.level'], (c) => ({ ...c, maturity: { ...c.maturity, level: x } }), ['maturity'])}
        error={pick(messages, 'maturity.level', 'maturity')}
      />
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 700, mt: 2, mb: 1 }}>
        Marqueurs de maturité
      </Typography>
      {grid.maturityMarkers.map((m) => (
        <RadioChoice
          key={m.code}
          path={`maturity.markers.${m.code}`}
          legend={m.label}
          helperText={m.description}
          tiles
          options={scoreOptions}
          value={typeof maturity.markers[m.code] === 'number' ? String(maturity.markers[m.code]) : null}
          onChange={(x) =>
            edit([`maturity.markers.${m.code}`], (c) => ({
              ...c,
              maturity: { ...c.maturity, markers: { ...c.maturity.markers, [m.code]: Number(x) } },
            }))
          }
          error={pick(messages, `maturity.markers.${m.code}`)}
        />
      ))}
    </Paper>
  );
});

const TypologySection = memo(function TypologySection({
  grid,
  typology,
  messages,
  edit,
}: {
  grid: AvisGrid;
  typology: AvisContent['typology'];
  messages: FieldMessages;
  edit: Edit;
}) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby="avis-typology-title" sx={{ p: 2, mb: 2 }}>
      <SectionTitle id="avis-typology-title">Typologie</SectionTitle>
      <RadioChoice
        path="typology.type"
        legend="Type de PTCE"
        options={grid.typologies.map((t) => ({ value: t.code, label: t.label, description: t.description }))}
        value={typology.type}
        onChange={(x) => edit(['typology.type'], (c) => ({ ...c, typology: { ...c.typology, type: x } }), ['typology'])}
        error={pick(messages, 'typology.type', 'typology')}
      />
      <CheckboxChoice
        path="typology.actionLogics"
        legend={grid.actionLogicsCumulative ? 'Logiques d’action (plusieurs choix possibles)' : 'Logiques d’action'}
        options={grid.actionLogics.map((a) => ({ value: a.code, label: a.label, description: a.description }))}
        value={typology.actionLogics}
        onChange={(x) => edit(['typology.actionLogics'], (c) => ({ ...c, typology: { ...c.typology, actionLogics: x } }))}
        error={Object.entries(messages).find(([k]) => k.startsWith('typology.actionLogics'))?.[1]}
      />
    </Paper>
  );
});

const ConclusionSection = memo(function ConclusionSection({
  grid,
  recommendation,
  synthesis,
  recommendationError,
  synthesisError,
  edit,
}: {
  grid: AvisGrid;
  recommendation: string | null;
  synthesis: string | null;
  recommendationError?: string;
  synthesisError?: string;
  edit: Edit;
}) {
  return (
    <Paper variant="outlined" component="section" aria-labelledby="avis-conclusion-title" sx={{ p: 2, mb: 2 }}>
      <SectionTitle id="avis-conclusion-title">Recommandation et synthèse</SectionTitle>
      <RadioChoice
        path="recommendation"
        legend="Recommandation"
        row
        options={grid.recommendations.map((r) => ({ value: r.code, label: r.label }))}
        value={recommendation}
        onChange={(x) => edit(['recommendation'], (c) => ({ ...c, recommendation: x }))}
        error={recommendationError}
      />
      <LongText
        path="synthesis"
        label="Synthèse de l’avis"
        value={synthesis}
        onChange={(x) => edit(['synthesis'], (c) => ({ ...c, synthesis: x }))}
        error={synthesisError}
        helperText={`${(synthesis ?? '').trim().length} caractères (${grid.rules.synthesisMinLength} au moins, ${grid.rules.synthesisMaxLength} au plus).`}
        minRows={5}
      />
    </Paper>
  );
});

/** The server's list of what is wrong or missing; each item moves the keyboard focus to its field. */
const ErrorSummary = ({ failure, items, total }: { failure: ApiFailure; items: [string, string][]; total: number }) => {
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => ref.current?.focus(), [failure]);
  return (
    <Alert severity="error" sx={{ mb: 2 }} ref={ref} tabIndex={-1} data-testid="avis-error-summary" data-code={failure.code}>
      <AlertTitle component="h2" sx={{ fontSize: '1.1rem' }}>
        {failure.message}
        {items.length < total ? ` Encore ${items.length} élément${items.length > 1 ? 's' : ''} à reprendre.` : ''}
      </AlertTitle>
      {items.length ? (
        <>
          <Typography variant="body2" sx={{ mb: 0.5 }}>
            Activez un élément pour aller au champ correspondant.
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {items.map(([path, message]) => (
              <li key={path}>
                <Link
                  component="button"
                  type="button"
                  variant="body2"
                  onClick={() => focusField(path)}
                  sx={{
                    textAlign: 'left',
                    color: 'inherit',
                    textDecoration: 'underline',
                    '&.Mui-focusVisible, &:focus-visible': { outline: '2px solid #0a76f6', outlineOffset: 2 },
                  }}
                  data-path={path}
                >
                  {message}
                </Link>
              </li>
            ))}
          </Box>
        </>
      ) : null}
    </Alert>
  );
};

/**
 * The avis form for its assigned reviewer, built from the served grid: per entry a score (the scale's labels) and a
 * comment, with the guiding questions and examples behind a button; maturity level and markers; typology and action
 * logics; recommendation; synthesis. Autosave (debounced PUT, status in a live region), « Rendre l’avis » (POST
 * submit: on AVIS_INCOMPLETE the server's list of what is missing, each item moving the focus to its field),
 * « Décliner » and « Déclarer un conflit d’intérêts » with a required reason. No rule is checked here: the server
 * says what is wrong or missing, in French, per field.
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
        content: toPayload(draft.contentRef.current),
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
    if (isAvisComplete(toPayload(draft.contentRef.current), avis.dossier.phase)) setConfirmSubmit(true);
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

  const conflict = state.kind === 'conflict';
  // the server's list, less what was changed since (an edited field loses its message)
  const summaryItems =
    summary && (summary.code === 'AVIS_INCOMPLETE' || summary.code === 'VALIDATION_FAILED') ? Object.entries(summary.fields) : [];
  const remainingItems = summaryItems.filter(([path]) => messages[path] !== undefined);
  const first = grid.scoreScale[0];
  const last = grid.scoreScale[grid.scoreScale.length - 1];

  return (
    <Box
      component="form"
      noValidate
      aria-label="Avis sur le dossier"
      onSubmit={(e) => e.preventDefault()}
      // on a phone, every choice is a 48 px target (one thumb, no zoom)
      sx={[focusVisibleSx, { '& .MuiRadio-root, & .MuiCheckbox-root': { p: { xs: 1.5, md: 1 } } }]}
    >
      {conflict ? (
        <Alert
          severity="error"
          role="alert"
          sx={{ mb: 2 }}
          action={
            <Button color="inherit" variant="outlined" size="small" onClick={onReload}>
              Recharger l’avis
            </Button>
          }
        >
          <AlertTitle>L’avis a été modifié entre-temps</AlertTitle>
          {state.failure.message} Au rechargement, vos dernières modifications non enregistrées seront perdues : copiez-les si besoin.
        </Alert>
      ) : null}

      {summary && (!summaryItems.length || remainingItems.length) ? (
        <ErrorSummary failure={summary} items={remainingItems} total={summaryItems.length} />
      ) : null}

      {can('decline') || can('conflict') ? (
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          flexWrap="wrap"
          alignItems="center"
          sx={{ mb: 2, p: 1.5, bgcolor: 'background.paper', border: 1, borderColor: 'divider' }}
        >
          <Typography variant="body2" sx={{ mr: 1 }}>
            Vous ne pouvez pas rédiger cet avis ?
          </Typography>
          {can('decline') ? (
            <Button size="small" variant="outlined" onClick={() => setDialog('decline')} disabled={busy}>
              Décliner
            </Button>
          ) : null}
          {can('conflict') ? (
            <Button size="small" variant="outlined" color="error" onClick={() => setDialog('conflict')} disabled={busy}>
              Déclarer un conflit d’intérêts
            </Button>
          ) : null}
        </Stack>
      ) : null}

      <Box component="section" aria-labelledby="avis-grid-title">
        <SectionTitle id="avis-grid-title">Grille d’analyse</SectionTitle>
        <Typography variant="body2" sx={{ mb: 2 }}>
          Pour chaque entrée : une note
          {first && last ? `, de ${first.value} (${first.label.toLowerCase()}) à ${last.value} (${last.label.toLowerCase()})` : ''}, et un
          commentaire. Les questions à se poser et les exemples de la grille s’affichent sous chaque entrée.
        </Typography>
        {grid.entries.map((entry, i) => (
          <EntryBlock
            key={entry.code}
            index={i}
            entry={entry}
            value={content.scores[entry.code]}
            scoreOptions={scoreOptions}
            scoreError={pick(messages, `scores.${entry.code}.score`, `scores.${entry.code}`)}
            commentError={pick(messages, `scores.${entry.code}.comment`)}
            edit={edit}
          />
        ))}
      </Box>

      <MaturitySection
        grid={grid}
        maturity={content.maturity}
        messages={pickPrefix(messages, 'maturity')}
        scoreOptions={scoreOptions}
        edit={edit}
      />
      <TypologySection grid={grid} typology={content.typology} messages={pickPrefix(messages, 'typology')} edit={edit} />
      <ConclusionSection
        grid={grid}
        recommendation={content.recommendation}
        synthesis={content.synthesis}
        recommendationError={pick(messages, 'recommendation')}
        synthesisError={pick(messages, 'synthesis')}
        edit={edit}
      />

      {/* Action bar: stays at the bottom of the window while the form scrolls. */}
      <Box
        sx={{
          position: 'sticky',
          bottom: 0,
          zIndex: 2,
          bgcolor: 'background.paper',
          borderTop: 2,
          borderColor: 'primary.main',
          boxShadow: '0 -4px 12px rgba(0,0,0,0.08)',
          px: 2,
          py: 1.25,
          // on a phone, one-handed: the buttons take the full width at thumb height, 48 px tall
          '& .MuiButton-root': { minHeight: { xs: 48, md: 'auto' }, flex: { xs: '1 1 0', md: '0 0 auto' } },
          '& .avis-actions': { width: { xs: '100%', md: 'auto' } },
        }}
      >
        <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" justifyContent="space-between">
          <Typography
            role="status"
            aria-live="polite"
            variant="body2"
            data-testid="autosave-status"
            data-state={state.kind}
            sx={{
              flex: '1 1 260px',
              fontWeight: 700,
              color: state.kind === 'error' || conflict ? 'error.main' : state.kind === 'saved' ? 'success.main' : 'text.secondary',
            }}
          >
            {saveText(state)}
          </Typography>
          <Stack
            className="avis-actions"
            direction="row"
            spacing={1}
            useFlexGap
            flexWrap="wrap"
            justifyContent="flex-end"
            sx={{ flex: '0 0 auto', ml: 'auto' }}
          >
            {can('save') ? (
              <Button
                variant="outlined"
                startIcon={<SaveIcon />}
                onClick={() => void draft.saveNow()}
                disabled={busy || conflict || state.kind === 'saving'}
              >
                Enregistrer le brouillon
              </Button>
            ) : null}
            {can('submit') ? (
              <Button variant="contained" startIcon={<SendIcon />} onClick={askSubmit} disabled={busy || conflict}>
                Rendre l’avis
              </Button>
            ) : null}
          </Stack>
        </Stack>
      </Box>

      <Dialog
        open={confirmSubmit}
        onClose={() => setConfirmSubmit(false)}
        aria-labelledby="confirm-submit-title"
        aria-describedby="confirm-submit-text"
      >
        <DialogTitle id="confirm-submit-title" component="h2">
          Rendre l’avis ?
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="confirm-submit-text">
            Une fois rendu, l’avis n’est plus modifiable par vous (seule l’instruction peut le rouvrir). Il est transmis à l’instruction et
            au cabinet, et vous verrez les autres avis rendus sur ce dossier.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmSubmit(false)}>Continuer la rédaction</Button>
          <Button
            variant="contained"
            onClick={() => {
              setConfirmSubmit(false);
              void submit();
            }}
            autoFocus
          >
            Confirmer et rendre l’avis
          </Button>
        </DialogActions>
      </Dialog>
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

/**
 * The messages under a prefix, as a stable object when there are none (so that a memoised section does not
 * re-render at each keystroke elsewhere).
 */
const NONE: FieldMessages = Object.freeze({}) as FieldMessages;
function pickPrefix(messages: FieldMessages, prefix: string): FieldMessages {
  const entries = Object.entries(messages).filter(([k]) => k === prefix || k.startsWith(`${prefix}.`));
  return entries.length ? Object.fromEntries(entries) : NONE;
}
