import { useMemo } from 'react';
import { Route } from 'react-router-dom';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { useBreakpointsValuesPx } from '@codegouvfr/react-dsfr/useBreakpointsValuesPx';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './i18n';
import { createAdminTheme } from './theme';
import { AppLayout } from './Layout';
import { Dashboard } from './Dashboard';
import { LoginPage } from './LoginPage';
import { DevMails } from './pages/DevMails';
import { AccessDenied } from './pages/AccessDenied';
import users from './resources/users';
import avis from './resources/avis';
import campaigns from './resources/campaigns';
import dossiers from './resources/dossiers';
import imports from './resources/imports';
import notifications from './resources/notifications';
import emailTemplates from './resources/email-templates';
import selection from './pages/selection';
import { BilanPage } from './pages/bilan/BilanPage';

/**
 * One `<Resource>` line per resource (one folder per resource in src/resources, exporting
 * `{list, create, edit, show, icon, options}`); its menu entry and dashboard link follow automatically.
 * Who sees it: src/access.ts.
 */
export const App = () => {
  const { breakpointsValues } = useBreakpointsValuesPx();
  const theme = useMemo(() => createAdminTheme(breakpointsValues), [breakpointsValues]);

  return (
    <Admin
      title="AMI PTCE"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      theme={theme}
      darkTheme={null}
      layout={AppLayout}
      dashboard={Dashboard}
      loginPage={LoginPage}
      accessDenied={AccessDenied}
      requireAuth
      disableTelemetry
    >
      <Resource name="dossiers" {...dossiers} />
      <Resource name="campaigns" {...campaigns} />
      <Resource name="users" {...users} />
      <Resource name="imports" {...imports} />
      <Resource name="avis" {...avis} />
      <Resource name="selection" {...selection} />
      <Resource name="notifications" {...notifications} />
      <Resource name="email-templates" {...emailTemplates} />
      <CustomRoutes>
        <Route path="/dev/mails" element={<DevMails />} />
        <Route path="/bilan/:campaignId/:phase" element={<BilanPage />} />
      </CustomRoutes>
    </Admin>
  );
};

export default App;
