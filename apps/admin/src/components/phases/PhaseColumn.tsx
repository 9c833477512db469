import { useId, type ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { LinkBase } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../apiErrors';
import { formatCents } from '../euros';
import { formatSiret } from '../frenchFormat';
import { ParisDate } from '../ParisDateField';
import { AvisSynthesisMatrix } from '../avis/AvisSynthesisMatrix';
import type { AvisSynthesisView } from '../avis/types';
import { useAvisGrid } from '../avis/useAvisGrid';
import { StateChip, stateLabel } from '../../resources/dossiers/fields';
import type { DossierRecord } from '../../resources/dossiers/types';

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <>
    <Box component="dt" sx={{ fontWeight: 700 }}>
      {label} :
    </Box>
    <Box component="dd" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
      {children}
    </Box>
  </>
);

/**
 * One phase of a dossier in the « Phases » tab: its summary (project, structure, state, decision, invitation to
 * phase 2) and the synthesis of its avis (`GET /api/dossiers/:id/avis-synthesis`), as the server computes it.
 */
export const PhaseColumn = ({ dossier, current }: { dossier: DossierRecord; current: boolean }) => {
  const dp = useAppDataProvider();
  const titleId = useId();
  const synthesis = useQuery({
    queryKey: ['avis-synthesis', dossier.id],
    queryFn: ({ signal }) => dp.call<AvisSynthesisView>('GET', `/dossiers/${dossier.id}/avis-synthesis`, undefined, { signal }),
  });
  const grid = useAvisGrid(dossier.phase);
  const d = dossier.decision;
  return (
    <Box
      component="section"
      aria-labelledby={titleId}
      data-testid={`phase-${dossier.phase}`}
      sx={{ flex: '1 1 0', minWidth: 0, border: '1px solid', borderColor: 'divider', p: 2 }}
    >
      <Typography id={titleId} component="h2" variant="h6" sx={{ fontWeight: 700, mb: 1 }}>
        Phase {dossier.phase}
        {current ? ' (ce dossier)' : ''}
      </Typography>
      <Box
        component="dl"
        sx={{ m: 0, mb: 2, p: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 1, rowGap: 0.5, alignItems: 'center' }}
      >
        <Row label="Projet">
          {current ? dossier.projectName : <LinkBase to={`/dossiers/${dossier.id}/show`}>{dossier.projectName}</LinkBase>}
        </Row>
        <Row label="Structure">
          {dossier.structure?.name}
          {dossier.structure?.siret ? ` — SIRET ${formatSiret(dossier.structure.siret)}` : ''}
        </Row>
        {dossier.dsNumber ? <Row label="N° DS">{dossier.dsNumber}</Row> : null}
        <Row label="État">
          <StateChip state={dossier.state} />
        </Row>
        <Row label="Décision">
          {d ? (
            <>
              {stateLabel(d.outcome)}
              {d.amountCents !== null ? ` — ${formatCents(d.amountCents)}` : ''}
              {d.motif ? ` — ${d.motif}` : ''}
            </>
          ) : (
            'Aucune décision'
          )}
        </Row>
        {dossier.phase === 1 ? (
          <Row label="Invité en phase 2">
            {dossier.invitedToPhase2At ? <ParisDate value={dossier.invitedToPhase2At} format="short" /> : 'Non invité'}
          </Row>
        ) : null}
      </Box>
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 700, mb: 1 }}>
        Synthèse des avis de la phase {dossier.phase}
      </Typography>
      <AvisSynthesisMatrix
        synthesis={synthesis.data}
        grid={grid.data}
        isPending={synthesis.isPending}
        error={synthesis.isError ? apiFailure(synthesis.error).message : null}
      />
    </Box>
  );
};
