import { useId } from 'react';
import { Box, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import HowToVoteIcon from '@mui/icons-material/HowToVote';
import BarChartIcon from '@mui/icons-material/BarChart';
import LocalActivityIcon from '@mui/icons-material/LocalActivity';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';
import { Button, EditButton, LinkBase, Show, TopToolbar, usePermissions, useRecordContext } from 'react-admin';
import { canSee } from '../../access';
import { CampaignTimeline } from '../../components/notifications';
import { CALENDAR_FIELDS, CALENDAR_FIELD_LABELS } from '../../components/domainLabels';
import { InfoList, Section } from '../../components/InfoList';
import { ParisDate } from '../../components/ParisDateField';
import { formatCents } from '../../components/euros';
import { roleLabel } from '../../labels';
import type { CampaignRecord } from './types';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const CampaignTitle = () => {
  const record = useRecordContext<CampaignRecord>();
  return <>Campagne{record ? ` : ${record.name}` : ''}</>;
};

const DossiersLink = () => {
  const record = useRecordContext<CampaignRecord>();
  if (!record) return null;
  const filter = encodeURIComponent(JSON.stringify({ campaignId: record.id }));
  return (
    <Button component={LinkBase} to={`/dossiers?filter=${filter}`} label="Dossiers de la campagne">
      <FolderOpenIcon />
    </Button>
  );
};

/** Links to the selection boards of both phases (cabinet, instructeurs, admins). */
const SelectionLinks = () => {
  const record = useRecordContext<CampaignRecord>();
  const { permissions } = usePermissions<string[]>();
  if (!record || !canSee('selection', Array.isArray(permissions) ? permissions : [])) return null;
  return (
    <>
      {([1, 2] as const).map((phase) => (
        <Button key={phase} component={LinkBase} to={`/selection/${record.id}/${phase}`} label={`Sélection — phase ${phase}`}>
          <HowToVoteIcon />
        </Button>
      ))}
    </>
  );
};

/** What the campaign will send, when and to how many (instructeurs, admins, cabinet). */
const CampaignMailTimeline = () => {
  const record = useRecordContext<CampaignRecord>();
  const { permissions } = usePermissions<string[]>();
  if (!record || !canSee('notifications', Array.isArray(permissions) ? permissions : [])) return null;
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <CampaignTimeline campaignId={record.id} />
      </CardContent>
    </Card>
  );
};

/** The bilan of each phase (issue 15): same audience as the selection board. */
const BilanLinks = () => {
  const record = useRecordContext<CampaignRecord>();
  const { permissions } = usePermissions<string[]>();
  if (!record || !canSee('selection', Array.isArray(permissions) ? permissions : [])) return null;
  return (
    <>
      {([1, 2] as const).map((phase) => (
        <Button key={phase} component={LinkBase} to={`/bilan/${record.id}/${phase}`} label={`Bilan — phase ${phase}`}>
          <BarChartIcon />
        </Button>
      ))}
    </>
  );
};

/** The campaign's bouquet de services (catalogue) and its follow-up per lauréat (seed 001). */
const ServicesLinks = () => {
  const record = useRecordContext<CampaignRecord>();
  const { permissions } = usePermissions<string[]>();
  if (!record || !canSee('services', Array.isArray(permissions) ? permissions : [])) return null;
  const filter = encodeURIComponent(JSON.stringify({ campaignId: record.id }));
  return (
    <>
      <Button component={LinkBase} to={`/services?filter=${filter}`} label="Bouquet de services">
        <LocalActivityIcon />
      </Button>
      <Button component={LinkBase} to={`/service-allocations?filter=${filter}`} label="Suivi des services">
        <AssignmentTurnedInIcon />
      </Button>
    </>
  );
};

const ShowActions = () => (
  <TopToolbar>
    <DossiersLink />
    <SelectionLinks />
    <BilanLinks />
    <ServicesLinks />
    <EditButton label="Modifier" />
  </TopToolbar>
);

const CampaignDetails = () => {
  const record = useRecordContext<CampaignRecord>();
  const uid = useId();
  if (!record) return null;
  return (
    <Card>
      <CardContent>
        <Section title="Calendrier (heure de Paris)" id={`${uid}-cal`}>
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" sx={{ maxWidth: 720 }} aria-labelledby={`${uid}-cal`}>
              <TableHead>
                <TableRow>
                  <TableCell component="th" scope="col">
                    Étape
                  </TableCell>
                  <TableCell component="th" scope="col">
                    Date et heure
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {CALENDAR_FIELDS.map((field) => (
                  <TableRow key={field}>
                    <TableCell component="th" scope="row" sx={{ fontWeight: 400 }}>
                      {capitalise(CALENDAR_FIELD_LABELS[field])}
                    </TableCell>
                    <TableCell>
                      <ParisDate value={record.calendar?.[field]} emptyText="À fixer" />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        </Section>
        <Section title="Financement et Démarches Simplifiées">
          <InfoList
            items={[
              { label: 'Enveloppe', value: formatCents(record.envelopeCents) },
              { label: 'Démarche DS — phase 1', value: record.dsDemarches?.phase1 ? `n° ${record.dsDemarches.phase1}` : null },
              { label: 'Démarche DS — phase 2', value: record.dsDemarches?.phase2 ? `n° ${record.dsDemarches.phase2}` : null },
            ]}
          />
        </Section>
        <Section title="Avis">
          <InfoList
            items={[
              {
                label: 'Avis requis sur chaque dossier',
                value: record.requiredAvisRoles?.length ? (
                  <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" component="span">
                    {record.requiredAvisRoles.map((role) => (
                      <Chip key={role} label={roleLabel(role)} size="small" color="secondary" />
                    ))}
                  </Stack>
                ) : (
                  'Aucun'
                ),
              },
              { label: 'PTCE Compagnons par dossier', value: String(record.compagnonsPerDossier) },
              { label: 'Délai de remise des avis', value: `${record.avisDelayDays} jours` },
            ]}
          />
        </Section>
        <Section title="Sélection">
          <InfoList
            items={[
              {
                label: 'Sélection de la phase 1',
                value: record.selection?.phase1ArreteAt ? (
                  <>
                    Arrêtée le <ParisDate value={record.selection.phase1ArreteAt} />
                  </>
                ) : (
                  'Non arrêtée'
                ),
              },
              {
                label: 'Sélection de la phase 2',
                value: record.selection?.phase2ArreteAt ? (
                  <>
                    Arrêtée le <ParisDate value={record.selection.phase2ArreteAt} />
                  </>
                ) : (
                  'Non arrêtée'
                ),
              },
            ]}
          />
        </Section>
      </CardContent>
    </Card>
  );
};

export const CampaignShow = () => (
  <Show<CampaignRecord> title={<CampaignTitle />} actions={<ShowActions />}>
    <CampaignDetails />
    <CampaignMailTimeline />
  </Show>
);
