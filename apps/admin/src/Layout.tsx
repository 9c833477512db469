import { Suspense, useEffect, type ReactNode } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import { Box, GlobalStyles, Typography } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import {
  AppBar,
  Error as RaError,
  Logout,
  Menu,
  Sidebar,
  SkipNavigationButton,
  TitlePortal,
  UserMenu,
  useCanAccess,
  useGetIdentity,
  type MenuItemLinkProps,
} from 'react-admin';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { PageLoading } from './components/PageLoading';

/** A menu entry for a custom page, shown only when `authProvider.canAccess({resource})` allows it. */
export const AccessMenuItem = ({ resource, ...props }: MenuItemLinkProps & { resource: string }) => {
  const { canAccess, isPending } = useCanAccess({ resource, action: 'list' });
  if (isPending || !canAccess) return null;
  return <Menu.Item {...props} />;
};

/**
 * Side menu: the dashboard, then one entry per registered `<Resource>` (in App.tsx order, filtered by
 * `authProvider.canAccess`), then the custom pages. Adding a resource in App.tsx adds its entry here.
 */
export const AppMenu = () => (
  <Menu>
    <Menu.DashboardItem primaryText="Tableau de bord" />
    <Menu.ResourceItems />
    <AccessMenuItem resource="dev-mails" to="/dev/mails" primaryText="Courriels (développement)" leftIcon={<MailOutlineIcon />} />
  </Menu>
);

const AppTitle = () => (
  <Box sx={{ display: 'flex', alignItems: 'center', flex: 1, minWidth: 0, gap: 2 }}>
    <Box
      aria-hidden="true"
      sx={{
        display: { xs: 'none', sm: 'block' },
        fontWeight: 700,
        fontSize: '0.75rem',
        lineHeight: 1.05,
        textTransform: 'uppercase',
        letterSpacing: '0.02em',
        borderRight: '1px solid rgba(255,255,255,0.5)',
        pr: 2,
      }}
    >
      République
      <br />
      Française
    </Box>
    <Typography component="span" sx={{ fontWeight: 700, whiteSpace: 'nowrap', display: { xs: 'none', md: 'inline' } }}>
      AMI PTCE — instruction
    </Typography>
    <TitlePortal variant="body1" sx={{ opacity: 0.9, overflow: 'hidden', textOverflow: 'ellipsis' }} />
  </Box>
);

/** The user menu's accessible name contains what it shows (the user's name): WCAG 2.5.3 "label in name". */
const AppUserMenu = () => {
  const { identity } = useGetIdentity();
  return (
    <UserMenu label={identity?.fullName ? `Compte de ${identity.fullName}` : 'Votre compte'}>
      <Logout />
    </UserMenu>
  );
};

const AppAppBar = () => (
  <AppBar color="primary" userMenu={<AppUserMenu />}>
    <AppTitle />
    <ShortcutsHelp />
  </AppBar>
);

/** A focus ring on everything that takes the keyboard (the theme's own is invisible on some DSFR surfaces). */
const focusStyles = (
  <GlobalStyles
    styles={{
      '*:focus-visible': { outline: '3px solid #0a76f6 !important', outlineOffset: '2px' },
      '.MuiTableRow-root:focus-visible, .MuiTableRow-root:focus-within': { backgroundColor: 'rgba(10, 118, 246, 0.08)' },
      // recharts colours its tooltip's items like the series: dark text instead (contrast), the colour stays in the swatch
      '.recharts-tooltip-item, .recharts-tooltip-item-name, .recharts-tooltip-item-value, .recharts-tooltip-item-separator': {
        color: '#161616 !important',
      },
    }}
  />
);

/**
 * Every page has an h1 (RGAA): a page that has none of its own (lists, forms) gets its title in the top bar exposed as
 * the level-1 heading; a page with its own h1 (a dossier, an avis) keeps it alone.
 */
function syncPageHeading(main: HTMLElement): void {
  const title = document.getElementById('react-admin-title');
  if (!title) return;
  if (main.querySelector('h1')) {
    title.removeAttribute('role');
    title.removeAttribute('aria-level');
  } else if (title.getAttribute('role') !== 'heading') {
    title.setAttribute('role', 'heading');
    title.setAttribute('aria-level', '1');
  }
}

/**
 * Two framework defects, mended where they appear (axe-core: serious / critical):
 * - react-admin's row and "select all" checkboxes put their aria-label on MUI's wrapping span (a prohibited attribute
 *   there), leaving the real checkbox without a name: the label moves to the input;
 * - a chart drawn for the eye only (aria-hidden, its data given as a table) must not take the keyboard focus.
 */
function mendAccessibility(main: HTMLElement): void {
  main.querySelectorAll<HTMLElement>('.MuiCheckbox-root[aria-label]').forEach((span) => {
    const input = span.querySelector('input');
    if (!input) return;
    if (!input.getAttribute('aria-label')) input.setAttribute('aria-label', span.getAttribute('aria-label') ?? '');
    span.removeAttribute('aria-label');
  });
  main
    .querySelectorAll<HTMLElement>('[aria-hidden="true"] [tabindex]:not([tabindex="-1"])')
    .forEach((el) => el.setAttribute('tabindex', '-1'));
}

function usePageAccessibility(): void {
  useEffect(() => {
    const main = document.getElementById('main-content');
    if (!main) return undefined;
    let scheduled = false;
    const update = () => {
      scheduled = false;
      syncPageHeading(main);
      mendAccessibility(main);
    };
    update();
    // at most once per frame, whatever the number of mutations (a form being typed in re-renders often)
    let frame = 0;
    const observer = new MutationObserver(() => {
      // the heading at once (a microtask): two level-1 headings must never be seen, not even for a frame
      syncPageHeading(main);
      if (scheduled) return;
      scheduled = true;
      frame = requestAnimationFrame(update);
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
}

const PageAccessibility = () => {
  usePageAccessibility();
  return null;
};

/**
 * react-admin's layout, with the landmarks right: the menu in its own navigation, the page alone in `<main>` (react-admin
 * puts the menu inside `<main>`), an h1 on every page, a skip link to the content.
 */
export const AppLayout = ({ children }: { children: ReactNode }) => (
  <Box
    className="layout"
    sx={(theme) => ({
      display: 'flex',
      flexDirection: 'column',
      zIndex: 1,
      minHeight: '100vh',
      backgroundColor: theme.palette.background.default,
      position: 'relative',
      minWidth: 'fit-content',
      width: '100%',
      '& .RaLayout-appFrame': { display: 'flex', flexDirection: 'column', flexGrow: 1, mt: { xs: 7, sm: 6 } },
      '& .RaLayout-contentWithSidebar': { display: 'flex', flexGrow: 1 },
      '& .RaLayout-content': {
        backgroundColor: theme.palette.background.default,
        zIndex: 2,
        display: 'flex',
        flexDirection: 'column',
        flexGrow: 1,
        flexBasis: 0,
        p: 0,
        px: { xs: 1, sm: 0 },
        pr: { md: 1 },
      },
    })}
  >
    {focusStyles}
    <PageAccessibility />
    <SkipNavigationButton />
    <div className="RaLayout-appFrame">
      <AppAppBar />
      <div className="RaLayout-contentWithSidebar">
        <Sidebar>
          <AppMenu />
        </Sidebar>
        <main id="main-content" className="RaLayout-content" tabIndex={-1}>
          <ErrorBoundary
            fallbackRender={({ error, resetErrorBoundary }) => <RaError error={error} resetErrorBoundary={resetErrorBoundary} />}
          >
            <Suspense fallback={<PageLoading />}>{children}</Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  </Box>
);
