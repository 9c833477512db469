import { Box, Button, IconButton, Stack, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { useQuery } from '@tanstack/react-query';
import { LinkBase } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../../components/apiErrors';
import { AvisSynthesisMatrix, useAvisGrid, type AvisSynthesisView } from '../../components/avis';
import { labelOf } from '../../components/avis/useAvisGrid';
import { InfoList } from '../../components/InfoList';
import { formatCents } from '../../components/euros';
import { regionLabel } from '../../labels';
import { StateChip } from '../../resources/dossiers/fields';
import { useBoard } from './BoardContext';
import { DecisionChip, RecommendationCounts } from './cells';

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/**
 * The dossier chosen on the board (click, or the arrow keys): its summary as the board has it, a link to its page,
 * and the synthesis of its avis (`GET /api/dossiers/:id/avis-synthesis`, the same matrix as the dossier's Avis tab).
 */
export const SidePanel = () => {
  const { currentId, itemsById, phase, setCurrentId } = useBoard();
  const dp = useAppDataProvider();
  const item = currentId ? itemsById.get(currentId) : undefined;
  const grid = useAvisGrid(phase);
  const synthesis = useQuery({
    queryKey: ['avis-synthesis', item?.id],
    queryFn: ({ signal }) => dp.call<AvisSynthesisView>('GET', `/dossiers/${item!.id}/avis-synthesis`, undefined, { signal }),
    enabled: Boolean(item),
  });
  return (
    <Box
      component="aside"
      aria-labelledby="selection-panel-title"
      data-testid="selection-panel"
      sx={{
        border: 1,
        borderColor: 'divider',
        p: 2,
        bgcolor: 'background.paper',
        position: { xl: 'sticky' },
        top: { xl: 72 },
        maxHeight: { xl: 'calc(100vh - 90px)' },
        overflow: 'auto',
      }}
    >
      {!item ? (
        <>
          <Typography id="selection-panel-title" component="h2" variant="h6" sx={{ fontWeight: 700 }}>
            Dossier
          </Typography>
          <Typography sx={{ fontStyle: 'italic' }}>
            Choisissez une ligne (clic, ou flèches haut et bas) pour voir ici le résumé du dossier et la synthèse de ses avis.
          </Typography>
        </>
      ) : (
        <>
          <Stack direction="row" alignItems="flex-start" spacing={1}>
            <Typography
              id="selection-panel-title"
              component="h2"
              variant="h6"
              sx={{ fontWeight: 700, overflowWrap: 'anywhere', flex: 1 }}
              tabIndex={-1}
            >
              {item.rank}. {item.projectName}
            </Typography>
            <IconButton size="small" onClick={() => setCurrentId(null)} aria-label="Fermer le résumé du dossier">
              <CloseIcon fontSize="small" />
            </IconButton>
          </Stack>
          <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
            {item.structureName} — {regionLabel(item.region)}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" sx={{ mb: 1.5 }}>
            {item.decision ? null : <StateChip state={item.state} />}
            <DecisionChip item={item} />
          </Stack>
          <InfoList
            labelWidth={170}
            items={[
              { label: 'Note moyenne', value: item.meanScore === null ? null : `${numberFormat.format(item.meanScore)} / 4` },
              { label: 'Recommandations', value: <RecommendationCounts item={item} /> },
              { label: 'Maturité', value: labelOf(grid.data?.maturityLevels, item.maturity) || null },
              { label: 'Typologie', value: labelOf(grid.data?.typologies, item.typology) || null },
              { label: 'Avis rendus', value: String(item.avisRendered) },
              ...(phase === 2
                ? [
                    { label: 'Montant demandé', value: formatCents(item.amountRequestedCents) || null },
                    { label: 'Montant accordé', value: formatCents(item.decision?.amountCents) || null },
                  ]
                : []),
              { label: 'Motif de la décision', value: item.decision?.motif ?? null },
            ]}
          />
          <Button
            component={LinkBase}
            to={`/dossiers/${item.id}/show`}
            target="_blank"
            size="small"
            startIcon={<OpenInNewIcon />}
            sx={{ mt: 1, mb: 2 }}
          >
            Ouvrir le dossier (nouvel onglet)
          </Button>
          <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 700, mb: 1 }}>
            Synthèse des avis
          </Typography>
          <AvisSynthesisMatrix
            synthesis={synthesis.data}
            grid={grid.data}
            isPending={synthesis.isPending}
            error={synthesis.isError ? apiFailure(synthesis.error).message : null}
          />
        </>
      )}
    </Box>
  );
};
