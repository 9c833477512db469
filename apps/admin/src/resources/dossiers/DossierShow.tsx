import { Box, Card, CardContent, Stack, Tab, Tabs, Typography } from '@mui/material';
import {
  EditButton,
  LinkBase,
  ReferenceField,
  Show,
  TextField,
  TopToolbar,
  useParams,
  usePermissions,
  useRecordContext,
  useSplatPathBase,
} from 'react-admin';
import { regionLabel } from '../../labels';
import { ParisDate } from '../../components/ParisDateField';
import { EligibilityChip, LateBadge, StateChip } from './fields';
import { TransitionButtons } from './TransitionButtons';
import { PrevNextNav } from '../../components/PrevNextNav';
import { DOSSIER_TABS, type DossierTab } from './tabs';
import type { DossierRecord } from './types';

const DossierTitle = () => {
  const record = useRecordContext<DossierRecord>();
  return <>Dossier{record ? ` : ${record.projectName}` : ''}</>;
};

const ShowActions = () => {
  const record = useRecordContext<DossierRecord>();
  return (
    <TopToolbar sx={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 1 }}>
      <PrevNextNav
        resource="dossiers"
        record={record}
        linkType="show"
        noun="dossier"
        listPath="/dossiers"
        sort={{ field: 'depositedAt', order: 'DESC' }}
      />
      <EditButton label="Modifier le contenu" />
    </TopToolbar>
  );
};

/** Who, what, where, and the state: always visible above the tabs, with the actions the server allows now. */
const DossierHeader = () => {
  const record = useRecordContext<DossierRecord>();
  if (!record) return null;
  return (
    <Box component="header" sx={{ mb: 2 }}>
      <Typography variant="h5" component="h1" sx={{ fontWeight: 700, overflowWrap: 'anywhere' }}>
        {record.projectName}
      </Typography>
      <Typography variant="body1" sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>
        {record.structure?.name} — {regionLabel(record.region)} — phase {record.phase}
        {record.dsNumber ? ` — dossier DS n° ${record.dsNumber}` : ''}
      </Typography>
      <Typography variant="body2" component="div" sx={{ mt: 0.5 }}>
        Campagne :{' '}
        <ReferenceField source="campaignId" reference="campaigns" link="show">
          <TextField source="name" />
        </ReferenceField>
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" sx={{ mt: 1.5 }} aria-label="Situation du dossier">
        <Typography component="span" variant="body2" sx={{ fontWeight: 700 }}>
          État :
        </Typography>
        <StateChip state={record.state} />
        <Typography component="span" variant="body2" sx={{ fontWeight: 700, ml: 1 }}>
          Éligibilité :
        </Typography>
        <EligibilityChip eligibility={record.eligibility} />
        <Typography component="span" variant="body2" sx={{ ml: 1 }}>
          Déposé le <ParisDate value={record.depositedAt} />
        </Typography>
        <LateBadge late={record.lateDeposit} />
      </Stack>
      <TransitionButtons />
    </Box>
  );
};

/** Tabs as links (`…/show/<path>`), so that a tab can be bookmarked and the browser's back button works. */
const DossierTabs = ({ tabs }: { tabs: DossierTab[] }) => {
  const params = useParams();
  const base = useSplatPathBase();
  const current = tabs.find((t) => t.path === (params['*'] ?? '')) ?? tabs[0];
  const Component = current.Component;
  const tabId = (t: DossierTab) => `dossier-tab-${t.path || 'dossier'}`;
  const panelId = (t: DossierTab) => `dossier-panel-${t.path || 'dossier'}`;
  return (
    <>
      {/* width 0 / min-width 100 %: the tabs scroll inside the page's width instead of widening it */}
      <Box sx={{ borderBottom: 1, borderColor: 'divider', width: 0, minWidth: '100%' }}>
        <Tabs value={current.path} aria-label="Rubriques du dossier" variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile>
          {tabs.map((t) => (
            <Tab
              key={t.path}
              value={t.path}
              label={t.label}
              id={tabId(t)}
              aria-controls={panelId(t)}
              component={LinkBase}
              to={t.path ? `${base}/${t.path}` : base}
              sx={{ backgroundImage: 'none', fontWeight: 700, textTransform: 'none', fontSize: '1rem' }}
            />
          ))}
        </Tabs>
      </Box>
      <Box role="tabpanel" id={panelId(current)} aria-labelledby={tabId(current)} sx={{ pt: 3 }}>
        <Component />
      </Box>
    </>
  );
};

const DossierPage = () => {
  const { permissions } = usePermissions<string[]>();
  const roles = Array.isArray(permissions) ? permissions : [];
  const tabs = DOSSIER_TABS.filter((t) => !t.roles || t.roles.some((r) => roles.includes(r)));
  return (
    <Card>
      <CardContent>
        <DossierHeader />
        <DossierTabs tabs={tabs} />
      </CardContent>
    </Card>
  );
};

export const DossierShow = () => (
  <Show<DossierRecord> title={<DossierTitle />} actions={<ShowActions />} component="div">
    <DossierPage />
  </Show>
);
