import { useMemo } from 'react';
import { Route } from 'react-router-dom';
import { CssBaseline } from '@mui/material';
import {
  AdminContext,
  AuthCallback,
  AuthenticationError,
  CoreAdminUI,
  CustomRoutes,
  Error as RaError,
  LoadingPage,
  localStorageStore,
  NotFound,
  Notification,
  Resource,
} from 'react-admin';
import { useBreakpointsValuesPx } from '@codegouvfr/react-dsfr/useBreakpointsValuesPx';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './i18n';
import { createAdminTheme } from './theme';
import { AppLayout } from './Layout';
import { AccessDenied } from './pages/AccessDenied';
import FolderIcon from '@mui/icons-material/Folder';
import EventNoteIcon from '@mui/icons-material/EventNote';
import PeopleIcon from '@mui/icons-material/People';
import SyncAltIcon from '@mui/icons-material/SyncAlt';
import RateReviewIcon from '@mui/icons-material/RateReview';
import HowToVoteIcon from '@mui/icons-material/HowToVote';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import DraftsIcon from '@mui/icons-material/Drafts';
import LocalActivityIcon from '@mui/icons-material/LocalActivity';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';
import PolicyIcon from '@mui/icons-material/Policy';
import { lazyPage, lazyResource, preloadResources } from './lazyResource';
import { readSession } from './providers/session';
import { isStaff } from './resources/avis/roles';

// Each resource's screens in a chunk of their own, loaded when first shown (src/lazyResource.tsx): the first screen
// downloads the shell only. `views`, icon and label as in the resource's index.ts (checked in development).
const dossiers = lazyResource(() => import('./resources/dossiers'), {
  views: ['list', 'show', 'create', 'edit'],
  icon: FolderIcon,
  options: { label: 'Dossiers' },
});
const campaigns = lazyResource(() => import('./resources/campaigns'), {
  views: ['list', 'show', 'create', 'edit'],
  icon: EventNoteIcon,
  options: { label: 'Campagnes' },
});
const users = lazyResource(() => import('./resources/users'), {
  views: ['list', 'create', 'edit'],
  icon: PeopleIcon,
  options: { label: 'Utilisateurs' },
});
const imports = lazyResource(() => import('./resources/imports'), {
  views: ['list', 'show', 'create'],
  icon: SyncAltIcon,
  options: { label: 'Imports' },
});
const avis = lazyResource(() => import('./resources/avis'), {
  views: ['list', 'edit', 'show'],
  icon: RateReviewIcon,
  options: {
    get label() {
      return isStaff(readSession()?.user.roles) ? 'Avis' : 'Mes avis';
    },
  },
});
const notifications = lazyResource(() => import('./resources/notifications'), {
  views: ['list'],
  icon: MailOutlineIcon,
  options: { label: 'Courriels' },
});
const emailTemplates = lazyResource(() => import('./resources/email-templates'), {
  views: ['list', 'edit'],
  icon: DraftsIcon,
  options: { label: 'Modèles de courriels' },
});
// admins only, rarely the first screen: its table (react-admin's DataTable and List) stays out of the first load
const audit = lazyResource(() => import('./resources/audit'), { views: ['list'], icon: PolicyIcon, options: { label: 'Journal d’audit' } });
// the sign-in form (react-admin's inputs, ProConnect) is not needed by a session restored from its cookie
const LoginPage = lazyPage(() => import('./LoginPage').then((m) => ({ default: m.LoginPage })));
const DevMails = lazyPage(() => import('./pages/DevMails').then((m) => ({ default: m.DevMails })));
const Dashboard = lazyPage(() => import('./Dashboard').then((m) => ({ default: m.Dashboard })));
const SelectionBoard = lazyPage(() => import('./pages/selection/SelectionBoard').then((m) => ({ default: m.SelectionBoard })));
const BilanPage = lazyPage(() => import('./pages/bilan/BilanPage').then((m) => ({ default: m.BilanPage })));
const selection = lazyResource(() => import('./pages/selection'), {
  views: ['list'],
  icon: HowToVoteIcon,
  options: { label: 'Sélection' },
  children: <Route path=":campaignId/:phase" element={<SelectionBoard />} />,
});
// The bouquet de services of a campaign and its follow-up (issue 15).
const services = lazyResource(() => import('./resources/bouquet').then((m) => ({ default: m.services })), {
  views: ['list', 'create', 'edit'],
  icon: LocalActivityIcon,
  options: { label: 'Bouquet de services' },
});
const serviceAllocations = lazyResource(() => import('./resources/bouquet').then((m) => ({ default: m.serviceAllocations })), {
  views: ['list', 'edit'],
  icon: AssignmentTurnedInIcon,
  options: { label: 'Suivi des services' },
});
preloadResources();

/** react-admin's page for an unknown address (its own props are narrower than what CoreAdminUI passes). */
const CatchAll = () => <NotFound />;

// Lists' preferences (sort, filters, columns) kept in this browser, as react-admin's <Admin> does by default.
const store = localStorageStore();

/**
 * One `<Resource>` line per resource (one folder per resource in src/resources, exporting
 * `{list, create, edit, show, icon, options}`); its menu entry and dashboard link follow automatically.
 * Who sees it: src/access.ts.
 */
export const App = () => {
  const { breakpointsValues } = useBreakpointsValuesPx();
  const theme = useMemo(() => createAdminTheme(breakpointsValues), [breakpointsValues]);

  return (
    // react-admin's <Admin> is <AdminContext> + <AdminUI>; AdminUI's defaults put the stock login form (and <Admin> the
    // English messages) in the first load even when replaced. The same parts here, our login page loaded on demand.
    <AdminContext
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      store={store}
      theme={theme}
      darkTheme={null}
    >
      <CssBaseline enableColorScheme>
        <CoreAdminUI
          title="AMI PTCE"
          layout={AppLayout}
          dashboard={Dashboard}
          loginPage={LoginPage}
          accessDenied={AccessDenied}
          authCallbackPage={AuthCallback}
          authenticationError={AuthenticationError}
          catchAll={CatchAll}
          error={RaError}
          loading={LoadingPage}
          requireAuth
          disableTelemetry
        >
          <Resource name="dossiers" {...dossiers} />
          <Resource name="campaigns" {...campaigns} />
          <Resource name="users" {...users} />
          <Resource name="imports" {...imports} />
          <Resource name="avis" {...avis} />
          <Resource name="selection" {...selection} />
          <Resource name="services" {...services} />
          <Resource name="service-allocations" {...serviceAllocations} />
          <Resource name="notifications" {...notifications} />
          <Resource name="email-templates" {...emailTemplates} />
          <Resource name="audit-events" {...audit} />
          <CustomRoutes>
            <Route path="/dev/mails" element={<DevMails />} />
            <Route path="/bilan/:campaignId/:phase" element={<BilanPage />} />
          </CustomRoutes>
        </CoreAdminUI>
        <Notification />
      </CssBaseline>
    </AdminContext>
  );
};

export default App;
