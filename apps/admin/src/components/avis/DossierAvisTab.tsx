import { useMemo, useState } from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useGetList, useNotify, usePermissions, useRecordContext } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { apiFailure } from '../apiErrors';
import { AssignmentDialog } from './AssignmentDialog';
import { AvisSynthesisMatrix } from './AvisSynthesisMatrix';
import { DossierAvisList } from './DossierAvisList';
import { MissingRequiredAvis } from './MissingRequiredAvis';
import type { AvisRecord, AvisSynthesisView } from './types';
import { useAvisGrid } from './useAvisGrid';

/** Who sees the synthesis and may open the assignment dialog (UI comfort; the API checks every call). */
const SYNTHESIS_ROLES = ['instructeur', 'cabinet', 'admin'];
const MANAGER_ROLES = ['instructeur', 'admin'];

interface DossierLike {
  id: string;
  phase?: 1 | 2;
  projectName?: string;
  campaignId?: string;
}

/**
 * The dossier page's « Avis » tab, for instructeurs and the cabinet: the synthesis matrix of the rendered avis, the
 * list of the dossier's avis (re-open, remove when the server allows it) and, for instructeurs, the assignment
 * dialog. `record` defaults to the surrounding record context (a react-admin Show).
 */
export const DossierAvisTab = ({ record: recordProp }: { record?: DossierLike }) => {
  const contextRecord = useRecordContext<DossierLike>();
  const record = recordProp ?? contextRecord;
  const dossierId = record?.id;
  const dp = useAppDataProvider();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { permissions } = usePermissions<string[]>();
  const roles = Array.isArray(permissions) ? permissions : [];
  const seesSynthesis = roles.some((r) => SYNTHESIS_ROLES.includes(r));
  const manages = roles.some((r) => MANAGER_ROLES.includes(r));
  const [assigning, setAssigning] = useState(false);
  const [assignRole, setAssignRole] = useState<string | undefined>(undefined);

  const synthesis = useQuery({
    queryKey: ['avis-synthesis', dossierId],
    queryFn: ({ signal }) => dp.call<AvisSynthesisView>('GET', `/dossiers/${dossierId}/avis-synthesis`, undefined, { signal }),
    enabled: Boolean(dossierId) && seesSynthesis,
  });
  const grid = useAvisGrid(synthesis.data?.phase ?? record?.phase ?? undefined);
  const avis = useGetList<AvisRecord>(
    'avis',
    { filter: { dossierId }, pagination: { page: 1, perPage: 100 }, sort: { field: 'role', order: 'ASC' } },
    { enabled: Boolean(dossierId) },
  );
  const overdueIds = useMemo(() => new Set((avis.data ?? []).filter((a) => a.overdue).map((a) => a.id)), [avis.data]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['avis'] });
    void queryClient.invalidateQueries({ queryKey: ['avis-synthesis', dossierId] });
    // the dossier may have changed state (instruit once its last required avis is in, or no longer)
    void queryClient.invalidateQueries({ queryKey: ['dossiers'] });
  };

  if (!dossierId) return null;
  return (
    <Box data-testid="dossier-avis-tab">
      {seesSynthesis ? (
        <Box component="section" aria-labelledby="dossier-avis-synthesis" sx={{ mb: 4 }}>
          <Typography id="dossier-avis-synthesis" variant="h6" component="h2" sx={{ mb: 1.5, fontWeight: 700 }}>
            Synthèse des avis
          </Typography>
          <AvisSynthesisMatrix
            synthesis={synthesis.data}
            grid={grid.data}
            isPending={synthesis.isPending}
            error={synthesis.isError ? apiFailure(synthesis.error).message : null}
            overdueIds={overdueIds}
          />
        </Box>
      ) : null}

      <Box component="section" aria-labelledby="dossier-avis-list">
        <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" alignItems="center" justifyContent="space-between" sx={{ mb: 1.5 }}>
          <Typography id="dossier-avis-list" variant="h6" component="h2" sx={{ fontWeight: 700 }}>
            Avis du dossier
          </Typography>
          {manages ? (
            <Button
              variant="contained"
              startIcon={<PersonAddIcon />}
              onClick={() => {
                setAssignRole(undefined);
                setAssigning(true);
              }}
            >
              Affecter un relecteur
            </Button>
          ) : null}
        </Stack>
        <MissingRequiredAvis
          dossierId={dossierId}
          campaignId={record?.campaignId}
          avis={avis.data}
          manages={manages}
          onAssign={(role) => {
            setAssignRole(role);
            setAssigning(true);
          }}
        />
        <DossierAvisList
          avis={avis.data}
          grid={grid.data}
          isPending={avis.isPending}
          error={avis.error ? apiFailure(avis.error).message : null}
          onChanged={refresh}
        />
      </Box>

      {manages ? (
        <AssignmentDialog
          dossierId={dossierId}
          open={assigning}
          initialRole={assignRole}
          onClose={() => setAssigning(false)}
          onAssigned={(a) => {
            setAssigning(false);
            notify(`Avis affecté à ${a.reviewerName ?? 'ce relecteur'}.`, { type: 'success' });
            refresh();
          }}
        />
      ) : null}
    </Box>
  );
};
