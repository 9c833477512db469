import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, AlertTitle, Box, Button, CircularProgress, Paper, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import { LinkBase, Title } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../../components/apiErrors';
import { ParisDate } from '../../components/ParisDateField';
import { AvisStatusChip } from '../../components/avis/AvisStatusChip';
import type { AvisRecord } from '../../components/avis/types';
import { useAvisGrid } from '../../components/avis/useAvisGrid';
import { regionLabel, roleLabel } from '../../labels';
import { AvisForm } from './AvisForm';
import { AvisReadOnly } from './AvisReadOnly';
import { DossierPanel } from './DossierPanel';
import { DueDate, isStaff } from './fields';
import { readSession } from '../../providers/session';
import { PrevNextNav } from '../../components/PrevNextNav';

const Loading = ({ text }: { text: string }) => (
  <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center', p: 3 }}>
    <CircularProgress size={22} aria-hidden="true" /> {text}
  </Box>
);

/** Moves the keyboard focus past the dossier, to the grid (the dossier comes first on narrow screens). */
const goToGrid = () => {
  const target = document.getElementById('avis-main');
  target?.focus({ preventScroll: true });
  target?.scrollIntoView({ block: 'start' });
};

const Header = ({ avis }: { avis: AvisRecord }) => (
  <Box sx={{ mb: 2 }}>
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" sx={{ mb: 1, ml: -1 }}>
      <Button component={LinkBase} to="/avis" startIcon={<ArrowBackIcon />} size="small">
        Retour à la liste des avis
      </Button>
      <Button size="small" startIcon={<ArrowDownwardIcon />} onClick={goToGrid}>
        {avis.actions.includes('save') ? 'Aller à la grille à remplir' : 'Aller à l’avis'}
      </Button>
      <PrevNextNav
        resource="avis"
        record={avis}
        linkType={isStaff(readSession()?.user.roles) ? 'show' : 'edit'}
        storeKey={isStaff(readSession()?.user.roles) ? 'avis.staff' : 'avis.mine'}
        filter={isStaff(readSession()?.user.roles) ? undefined : { mine: true }}
        noun="avis"
        listPath="/avis"
        sort={{ field: 'dueAt', order: 'ASC' }}
      />
    </Stack>
    <Typography variant="h4" component="h1" sx={{ fontWeight: 700, fontSize: { xs: '1.5rem', md: '2rem' }, overflowWrap: 'anywhere' }}>
      {avis.dossier.projectName}
    </Typography>
    <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" alignItems="center" sx={{ mt: 1 }}>
      <Typography component="span">
        {avis.dossier.structureName} — {regionLabel(avis.dossier.region)} — phase {avis.dossier.phase}
      </Typography>
      <AvisStatusChip status={avis.status} label={avis.statusLabel} />
      <Typography component="span">
        Avis {roleLabel(avis.role)}
        {avis.reviewerName ? ` de ${avis.reviewerName}` : ''}
      </Typography>
      {avis.status === 'a_rediger' || avis.status === 'brouillon' ? (
        <Typography component="span">
          Échéance : <DueDate avis={avis} />
        </Typography>
      ) : null}
    </Stack>
  </Box>
);

/**
 * One avis: `/avis/:id` (edit: the form, for its assigned reviewer) and `/avis/:id/show` (read-only). Which one
 * shows is the server's call: the form when the avis' `actions` include `save`, the read-only view otherwise. The
 * dossier is readable beside the grid on wide screens, above it on narrow ones.
 */
export const AvisPage = () => {
  const { id } = useParams<{ id: string }>();
  // a new avis (« avis suivant ») starts from a fresh page state
  return <AvisPageOf key={id} id={id} />;
};

const AvisPageOf = ({ id }: { id: string | undefined }) => {
  const dp = useAppDataProvider();
  const [reloadKey, setReloadKey] = useState(0);
  const [rendered, setRendered] = useState<AvisRecord | null>(null);
  const query = useQuery({
    queryKey: ['avis-page', id, reloadKey],
    queryFn: ({ signal }) => dp.call<AvisRecord>('GET', `/avis/${id}`, undefined, { signal }),
    enabled: Boolean(id),
    gcTime: 0,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const avis = rendered ?? query.data;
  const grid = useAvisGrid(avis?.dossier.phase);

  if (query.isError) {
    return (
      <Box sx={{ mt: 2 }}>
        <Title title="Avis" />
        <Alert severity="error">{apiFailure(query.error).message}</Alert>
        <Button component={LinkBase} to="/avis" startIcon={<ArrowBackIcon />} sx={{ mt: 2 }}>
          Retour à la liste des avis
        </Button>
      </Box>
    );
  }
  if (!avis) return <Loading text="Chargement de l’avis…" />;

  const editable = avis.actions.includes('save');
  const released = avis.status === 'decline' || avis.status === 'conflit';
  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title={`Avis — ${avis.dossier.projectName}`} />
      <Header avis={avis} />
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', xl: 'minmax(0, 5fr) minmax(0, 7fr)' },
          gap: 3,
          alignItems: 'start',
        }}
      >
        <Paper
          component="aside"
          aria-labelledby="avis-dossier-title"
          variant="outlined"
          tabIndex={0}
          sx={{
            p: 2,
            position: { xl: 'sticky' },
            top: { xl: 64 },
            maxHeight: { xl: 'calc(100vh - 80px)' },
            overflowY: { xl: 'auto' },
            '&:focus-visible': { outline: '2px solid #0a76f6', outlineOffset: 2 },
          }}
        >
          <Typography id="avis-dossier-title" variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1.5 }}>
            Dossier de candidature
          </Typography>
          <DossierPanel dossierId={avis.dossierId} />
        </Paper>

        <Box id="avis-main" tabIndex={-1} sx={{ minWidth: 0, outline: 'none' }}>
          {grid.isError ? (
            <Alert severity="error">La grille d’analyse n’a pas pu être chargée : {apiFailure(grid.error).message}</Alert>
          ) : null}
          {released ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              <AlertTitle>{avis.status === 'decline' ? 'Avis décliné' : 'Conflit d’intérêts déclaré'}</AlertTitle>
              Motif : {avis.declinedReason ?? avis.conflictReason ?? '—'}
            </Alert>
          ) : null}
          {avis.status === 'annule' ? (
            <Alert severity="info" sx={{ mb: 2 }} data-testid="avis-cancelled">
              <AlertTitle>Avis annulé</AlertTitle>
              {avis.cancelledReason ?? 'Le dossier a quitté l’instruction : cet avis n’est plus attendu.'} Il reviendra tel quel si le
              dossier est rouvert.
            </Alert>
          ) : null}
          {avis.status === 'rendu' ? (
            <Alert severity="success" sx={{ mb: 2 }} data-testid="avis-rendered">
              Avis rendu le <ParisDate value={avis.renderedAt} /> : il n’est plus modifiable
              {avis.actions.includes('reopen')
                ? ' (vous pouvez le rouvrir depuis le dossier).'
                : ' (l’instruction peut le rouvrir si besoin).'}
            </Alert>
          ) : null}
          {!editable && !released && avis.status !== 'rendu' && avis.status !== 'annule' ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              Avis en cours de rédaction : il est affiché tel que le relecteur l’a enregistré.
            </Alert>
          ) : null}
          {!grid.data ? (
            grid.isError ? null : (
              <Loading text="Chargement de la grille d’analyse…" />
            )
          ) : editable ? (
            <AvisForm
              key={`${avis.id}-${reloadKey}`}
              avis={avis}
              grid={grid.data}
              onRendered={(a) => {
                setRendered(a);
                window.scrollTo({ top: 0 });
              }}
              onReload={() => {
                setRendered(null);
                setReloadKey((k) => k + 1);
              }}
            />
          ) : released ? null : (
            <AvisReadOnly avis={avis} grid={grid.data} />
          )}
        </Box>
      </Box>
    </Box>
  );
};
