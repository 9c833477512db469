import { Alert, Box, CircularProgress, Stack, Typography } from '@mui/material';
import { useGetOne, usePermissions, useRecordContext } from 'react-admin';
import { apiFailure } from '../../../components/apiErrors';
import { LinkParentForm, PhaseColumn } from '../../../components/phases';
import type { DossierRecord } from '../types';

const LINK_ROLES = ['instructeur', 'admin'];

/**
 * « Phases » tab of the dossier page (issue 11 §3): a phase-2 dossier beside its phase-1 dossier (summary and avis
 * synthesis of each), or, when the import could not link it by SIRET, the "Non rattaché" alert and the manual link.
 * A phase-1 dossier has no parent: the tab says so (the API does not list a phase-1 dossier's phase-2 dossier).
 */
export const PhasesTab = () => {
  const record = useRecordContext<DossierRecord>();
  const { permissions } = usePermissions<string[]>();
  const canLink = Array.isArray(permissions) && permissions.some((r) => LINK_ROLES.includes(r));
  const parentId = record?.phase === 2 ? record.parentDossierId : null;
  const parent = useGetOne<DossierRecord>('dossiers', { id: parentId ?? '' }, { enabled: Boolean(parentId) });
  if (!record) return null;
  if (record.phase !== 2) {
    return (
      <Box data-testid="phases-tab">
        <Typography sx={{ mb: 2 }}>
          Ce dossier est un dossier de phase 1. Le dossier de phase 2 de la structure, s’il a été déposé, montre les deux phases côte à côte
          (filtre « Phase 2 » de la liste des dossiers).
        </Typography>
        <PhaseColumn dossier={record} current />
      </Box>
    );
  }
  return (
    <Box data-testid="phases-tab">
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={3} alignItems="stretch">
        {parentId ? (
          parent.isPending ? (
            <Box role="status" sx={{ flex: '1 1 0', display: 'flex', gap: 1, alignItems: 'center' }}>
              <CircularProgress size={20} aria-hidden="true" /> Chargement du dossier de phase 1…
            </Box>
          ) : parent.isError || !parent.data ? (
            <Box sx={{ flex: '1 1 0' }}>
              <Alert severity="error">{apiFailure(parent.error).message}</Alert>
            </Box>
          ) : (
            <PhaseColumn dossier={parent.data} current={false} />
          )
        ) : (
          <Box component="section" aria-label="Phase 1" sx={{ flex: '1 1 0', minWidth: 0 }}>
            <LinkParentForm dossier={record} canLink={canLink} />
          </Box>
        )}
        <PhaseColumn dossier={record} current />
      </Stack>
    </Box>
  );
};
