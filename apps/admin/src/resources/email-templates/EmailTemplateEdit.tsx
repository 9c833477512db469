import { useEffect, useId, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { HttpError, LinkBase, Title, useGetOne, useNotify } from 'react-admin';
import { useParams } from 'react-router-dom';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../../components/apiErrors';
import { MailPreview, type EmailTemplateRecord, type RenderedMail } from '../../components/notifications';

interface Draft {
  subject: string;
  html: string;
  text: string;
}

/** The value, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** `details.unknownVariables` of the server's VALIDATION_FAILED, when the template names a variable it does not know. */
function unknownVariables(error: unknown): string[] {
  const details = (error instanceof HttpError ? (error.body as { details?: unknown })?.details : undefined) as
    { unknownVariables?: unknown } | undefined;
  return Array.isArray(details?.unknownVariables) ? details.unknownVariables.map(String) : [];
}

/**
 * The template editor: subject, HTML and text with their variables (`{{variable}}`), a live preview rendered by the
 * server (`POST /api/email-templates/:code/preview`, optionally with a real dossier), and the server's refusal of an
 * unknown variable shown beside the fields. Saving (`PUT`) waits for the server.
 */
export const EmailTemplateEdit = () => {
  const { id: rawId } = useParams();
  const code = decodeURIComponent(rawId ?? '');
  const uid = useId();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { data: template, error: loadError, isPending } = useGetOne<EmailTemplateRecord>('email-templates', { id: code });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dossierId, setDossierId] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ message: string; unknown: string[] } | null>(null);

  useEffect(() => {
    if (template && !draft) setDraft({ subject: template.subject ?? '', html: template.html ?? '', text: template.text ?? '' });
  }, [template, draft]);

  const debounced = useDebounced(draft, 500);
  const debouncedDossier = useDebounced(dossierId.trim(), 500);
  const preview = useQuery({
    queryKey: ['email-templates', code, 'preview', debounced, debouncedDossier],
    queryFn: ({ signal }) =>
      dp.call<RenderedMail>(
        'POST',
        `/email-templates/${encodeURIComponent(code)}/preview`,
        { ...debounced, ...(debouncedDossier ? { dossierId: debouncedDossier } : {}) },
        { signal },
      ),
    enabled: Boolean(debounced),
    retry: false,
    placeholderData: (previous) => previous,
  });

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await dp.call<EmailTemplateRecord>('PUT', `/email-templates/${encodeURIComponent(code)}`, draft);
      notify('Modèle enregistré.', { type: 'success' });
      if (saved) setDraft({ subject: saved.subject, html: saved.html, text: saved.text });
      await queryClient.invalidateQueries({ queryKey: ['email-templates'] });
    } catch (e) {
      setSaveError({ message: apiFailure(e).message, unknown: unknownVariables(e) });
    } finally {
      setSaving(false);
    }
  };

  if (loadError)
    return (
      <Alert severity="error" sx={{ mt: 2 }}>
        {apiFailure(loadError).message}
      </Alert>
    );
  if (isPending || !template || !draft) {
    return (
      <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 2 }}>
        <CircularProgress size={20} aria-hidden="true" /> Chargement du modèle…
      </Box>
    );
  }
  const previewUnknown = preview.error ? unknownVariables(preview.error) : [];
  const set = (field: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft((d) => (d ? { ...d, [field]: e.target.value } : d));

  return (
    <Box sx={{ mt: 2 }}>
      <Title title={`Modèle : ${template.label}`} />
      <Typography variant="body2" sx={{ mb: 1 }}>
        <LinkBase to="/email-templates">← Modèles de courriels</LinkBase>
      </Typography>
      <Typography variant="h5" component="h1" sx={{ fontWeight: 700 }}>
        {template.label}
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary', mb: 2 }}>
        Code <code>{template.code}</code>
        {template.audience ? ` — destinataires : ${template.audience}` : ''}
        {template.description ? ` — ${template.description}` : ''}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <Card variant="outlined">
          <CardContent>
            <Typography component="h2" variant="h6" sx={{ fontWeight: 700, mb: 1 }}>
              Contenu
            </Typography>
            <Box component="section" aria-labelledby={`${uid}-vars`} sx={{ mb: 2 }}>
              <Typography id={`${uid}-vars`} component="h3" variant="subtitle2" sx={{ fontWeight: 700 }}>
                Variables disponibles (à écrire entre doubles accolades)
              </Typography>
              <Stack
                direction="row"
                spacing={0.5}
                useFlexGap
                flexWrap="wrap"
                component="ul"
                sx={{ listStyle: 'none', p: 0, m: 0, mt: 0.5 }}
              >
                {template.variables.map((v) => (
                  <li key={v}>
                    <Chip size="small" label={`{{${v}}}`} sx={{ fontFamily: 'monospace' }} />
                  </li>
                ))}
              </Stack>
            </Box>
            <TextField label="Objet" value={draft.subject} onChange={set('subject')} fullWidth variant="filled" sx={{ mb: 2 }} />
            <TextField
              label="Version HTML"
              value={draft.html}
              onChange={set('html')}
              fullWidth
              multiline
              minRows={10}
              variant="filled"
              sx={{ mb: 2 }}
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: '0.85rem' } } }}
            />
            <TextField
              label="Version texte"
              value={draft.text}
              onChange={set('text')}
              fullWidth
              multiline
              minRows={8}
              variant="filled"
              sx={{ mb: 2 }}
              slotProps={{ htmlInput: { style: { fontFamily: 'monospace', fontSize: '0.85rem' } } }}
            />
            <div aria-live="assertive">
              {saveError ? (
                <Alert severity="error" sx={{ mb: 2 }} data-testid="template-save-error">
                  {saveError.message}
                  {saveError.unknown.length ? ` Variables inconnues : ${saveError.unknown.map((v) => `{{${v}}}`).join(', ')}.` : ''}
                </Alert>
              ) : null}
            </div>
            <Button
              variant="contained"
              startIcon={saving ? <CircularProgress size={16} color="inherit" /> : <SaveIcon />}
              disabled={saving}
              onClick={() => void save()}
            >
              Enregistrer
            </Button>
          </CardContent>
        </Card>
        <Card variant="outlined" component="section" aria-labelledby={`${uid}-preview`}>
          <CardContent>
            <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
              <Typography id={`${uid}-preview`} component="h2" variant="h6" sx={{ fontWeight: 700, flex: 1 }}>
                Aperçu
              </Typography>
              {preview.isFetching ? <CircularProgress size={18} aria-label="Aperçu en cours de calcul" /> : null}
            </Stack>
            <TextField
              label="Dossier d’exemple (identifiant, facultatif)"
              helperText="Vide : des données d’exemple. Sinon, l’aperçu utilise ce dossier."
              value={dossierId}
              onChange={(e) => setDossierId(e.target.value)}
              fullWidth
              size="small"
              sx={{ mb: 2 }}
            />
            <div aria-live="polite">
              {preview.error ? (
                <Alert severity="error" sx={{ mb: 2 }} data-testid="template-preview-error">
                  {apiFailure(preview.error).message}
                  {previewUnknown.length ? (
                    <>
                      {' '}
                      Variables inconnues :{' '}
                      {previewUnknown.map((v, i) => (
                        <span key={v}>
                          {i ? ', ' : ''}
                          <code>{`{{${v}}}`}</code>
                        </span>
                      ))}
                      .
                    </>
                  ) : null}
                </Alert>
              ) : null}
            </div>
            {preview.data && !preview.error ? <MailPreview mail={preview.data} /> : null}
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
};
