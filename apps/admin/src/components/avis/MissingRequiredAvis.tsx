import { Alert, Box, Button, List, ListItem, Typography } from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { useQueries } from '@tanstack/react-query';
import { useGetOne } from 'react-admin';
import { isRegionalRole, requiredSlots } from '../domainLabels';
import { roleLabel } from '../../labels';
import { useAppDataProvider } from '../../providers/dataProvider';
import type { AssignmentCandidate, AvisRecord } from './types';

interface CampaignRequirement {
  id: string;
  requiredAvisRoles: string[];
  compagnonsPerDossier: number | null;
}

export interface MissingRequiredAvisProps {
  dossierId: string;
  campaignId: string | undefined;
  avis: AvisRecord[] | undefined;
  /** May call the assignment endpoints (instructeur, admin): gets the hint from the candidates and the button. */
  manages: boolean;
  onAssign: (role: string) => void;
}

/** A candidate the server would accept right away in the dossier's region: not involved yet, no conflict. */
const available = (c: AssignmentCandidate) => c.inRegion && !c.alreadyAssigned && !c.declined && !c.conflict;

/**
 * The roles the campaign requires (`requiredAvisRoles`) with no avis at all on the dossier (e.g. nobody could be
 * assigned automatically): one line each, so that a missing avis is seen rather than guessed from an absent row.
 * The hint comes from `GET /api/dossiers/:id/assignment-candidates?role=…` (only for those who may assign).
 */
export const MissingRequiredAvis = ({ dossierId, campaignId, avis, manages, onAssign }: MissingRequiredAvisProps) => {
  const dp = useAppDataProvider();
  const campaign = useGetOne<CampaignRequirement>('campaigns', { id: campaignId ?? '' }, { enabled: Boolean(campaignId) });
  const present = new Set((avis ?? []).map((a) => a.role));
  const missing = avis && campaign.data ? Object.keys(requiredSlots(campaign.data)).filter((role) => !present.has(role)) : [];
  const candidates = useQueries({
    queries: missing.map((role) => ({
      queryKey: ['assignment-candidates', dossierId, role],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        dp.call<AssignmentCandidate[]>('GET', `/dossiers/${dossierId}/assignment-candidates?role=${encodeURIComponent(role)}`, undefined, {
          signal,
        }),
      enabled: manages,
    })),
  });

  if (!missing.length) return null;
  const hint = (role: string, i: number): string => {
    if (!manages) return 'en attente d’affectation par l’instruction';
    const q = candidates[i];
    if (!q || q.isPending) return 'recherche des évaluateurs disponibles…';
    if (q.isError) return 'évaluateurs disponibles inconnus (erreur du serveur)';
    const n = q.data.filter(available).length;
    if (n === 0) {
      // regional roles and experts are picked in the dossier's region (the automatic assignment's rule, on the server)
      return isRegionalRole(role) || role === 'expert' ? 'aucun évaluateur disponible dans la région' : 'aucun évaluateur disponible';
    }
    return n === 1 ? '1 évaluateur disponible' : `${n} évaluateurs disponibles`;
  };

  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="missing-required-avis">
      <Typography component="p" sx={{ fontWeight: 700 }}>
        {missing.length === 1 ? 'Un avis requis n’est pas attribué' : `${missing.length} avis requis ne sont pas attribués`}
      </Typography>
      <List dense disablePadding>
        {missing.map((role, i) => (
          <ListItem key={role} disableGutters data-missing-role={role} sx={{ gap: 2, flexWrap: 'wrap' }}>
            <Box>
              <Box component="span" sx={{ fontWeight: 700 }}>
                Avis {roleLabel(role)} : non attribué
              </Box>
              <Box component="span" sx={{ display: 'block' }} data-hint>
                {hint(role, i)}
              </Box>
            </Box>
            {manages ? (
              <Button size="small" variant="outlined" startIcon={<PersonAddIcon />} onClick={() => onAssign(role)}>
                Affecter<span className="fr-sr-only"> l’avis {roleLabel(role)}</span>
              </Button>
            ) : null}
          </ListItem>
        ))}
      </List>
    </Alert>
  );
};
