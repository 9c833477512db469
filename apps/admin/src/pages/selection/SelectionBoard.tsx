import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Box, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { LinkBase, Title, useGetOne, usePermissions } from 'react-admin';
import { useParams } from 'react-router-dom';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../../components/apiErrors';
import { useAvisGrid } from '../../components/avis';
import { labelOf } from '../../components/avis/useAvisGrid';
import { AccessDenied } from '../AccessDenied';
import { BoardContext, hasRole, type BoardContextValue } from './BoardContext';
import { applyFilters, BoardFilters, EMPTY_FILTERS, type BoardFilterValues } from './BoardFilters';
import { EnvelopeTracker, RegionBalance, Totals } from './BoardSummary';
import { BoardTable, rowElement } from './BoardTable';
import { SelectionActions } from './SelectionActions';
import { SidePanel } from './SidePanel';
import { SELECTION_ROLES, type SelectionBoardData } from './types';

const plainEuros = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/**
 * The cabinet's selection board for one campaign and phase (`#/selection/:campaignId/:phase`): the server's ranked
 * board (`GET /api/campaigns/:id/phases/:phase/selection`), totals, envelope (phase 2), regional balance, display
 * filters, the dense table with bulk decisions, the side panel, the arrêt and the publication.
 */
export const SelectionBoard = () => {
  const { campaignId = '', phase: phaseParam } = useParams();
  const phase: 1 | 2 = phaseParam === '2' ? 2 : 1;
  const dp = useAppDataProvider();
  const { permissions, isPending: permissionsPending } = usePermissions<string[]>();
  const roles = useMemo(() => (Array.isArray(permissions) ? permissions : []), [permissions]);
  const allowed = hasRole(roles, SELECTION_ROLES);
  const campaign = useGetOne<{ id: string; name: string }>('campaigns', { id: campaignId }, { enabled: Boolean(campaignId) && allowed });
  const query = useQuery({
    queryKey: ['selection', campaignId, phase],
    queryFn: ({ signal }) =>
      dp.call<SelectionBoardData>('GET', `/campaigns/${campaignId}/phases/${phase}/selection`, undefined, { signal }),
    enabled: Boolean(campaignId) && allowed,
  });
  const grid = useAvisGrid(phase);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [filters, setFilters] = useState<BoardFilterValues>(EMPTY_FILTERS);

  // the amounts already granted fill the row inputs (what the user typed and has not sent stays)
  useEffect(() => {
    const items = query.data?.items ?? [];
    setAmounts((prev) => {
      const next = { ...prev };
      for (const i of items) {
        if (next[i.id] === undefined && typeof i.decision?.amountCents === 'number')
          next[i.id] = plainEuros.format(i.decision.amountCents / 100);
      }
      return next;
    });
  }, [query.data]);

  const refetch = query.refetch;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);

  const itemsById = useMemo(() => new Map((query.data?.items ?? []).map((i) => [i.id, i])), [query.data]);
  const filtered = useMemo(() => applyFilters(query.data?.items ?? [], filters), [query.data, filters]);

  const focusRow = useCallback(
    (id: string) => {
      setCurrentId(id);
      if (!filtered.some((i) => i.id === id)) setFilters(EMPTY_FILTERS);
      requestAnimationFrame(() => requestAnimationFrame(() => rowElement(id)?.focus()));
    },
    [filtered],
  );

  if (permissionsPending) return null;
  if (!allowed) return <AccessDenied />;

  const title = `Sélection — phase ${phase}`;
  const header = (
    <Box component="header" sx={{ mb: 2 }}>
      <Title title={campaign.data ? `${title} — ${campaign.data.name}` : title} />
      <Typography variant="h5" component="h1" sx={{ fontWeight: 700 }}>
        {title}
        {campaign.data ? ` — ${campaign.data.name}` : ''}
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" sx={{ mt: 0.5 }}>
        <LinkBase to={`/campaigns/${campaignId}/show`}>Fiche de la campagne</LinkBase>
        <LinkBase to={`/selection/${campaignId}/${phase === 1 ? 2 : 1}`}>Sélection de la phase {phase === 1 ? 2 : 1}</LinkBase>
      </Stack>
    </Box>
  );

  if (query.error) {
    return (
      <Box sx={{ mt: 2 }}>
        {header}
        <Alert severity="error">{apiFailure(query.error).message}</Alert>
      </Box>
    );
  }
  if (query.isPending || !query.data) {
    return (
      <Box sx={{ mt: 2 }}>
        {header}
        <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <CircularProgress size={20} aria-hidden="true" /> Chargement du tableau de sélection…
        </Box>
      </Box>
    );
  }

  const value: BoardContextValue = {
    campaignId,
    phase,
    board: query.data,
    reload,
    currentId,
    setCurrentId,
    amounts,
    setAmount: (id, text) => setAmounts((a) => ({ ...a, [id]: text })),
    itemsById,
    roles,
  };

  return (
    <BoardContext.Provider value={value}>
      <Box sx={{ mt: 2 }}>
        {header}
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <SelectionActions focusRow={focusRow} />
            <Totals />
            {phase === 2 ? <EnvelopeTracker /> : null}
            <RegionBalance />
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <Typography component="h2" variant="h6" sx={{ fontWeight: 700, mb: 0.5 }}>
              Dossiers classés
            </Typography>
            <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1.5 }} id="selection-keyboard-help">
              Classement par note moyenne des avis. Clavier : flèches haut et bas pour passer d’un dossier à l’autre, Espace pour le cocher,
              Entrée pour lire son résumé ; cochez plusieurs dossiers pour une décision groupée.
            </Typography>
            <BoardFilters
              items={query.data.items}
              values={filters}
              onChange={setFilters}
              maturityLabel={(code) => labelOf(grid.data?.maturityLevels, code)}
            />
            <Box
              sx={{
                display: 'grid',
                gap: 2,
                gridTemplateColumns: { xs: '1fr', xl: currentId ? 'minmax(0, 1fr) 420px' : '1fr' },
                alignItems: 'start',
              }}
            >
              <BoardTable items={filtered} total={query.data.items.length} storeKey={`selection-${campaignId}-${phase}`} />
              {currentId ? <SidePanel /> : null}
            </Box>
          </CardContent>
        </Card>
      </Box>
    </BoardContext.Provider>
  );
};
