import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import { AppBar, Layout as RaLayout, Menu, TitlePortal, useCanAccess, type MenuItemLinkProps } from 'react-admin';

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

const AppAppBar = () => (
  <AppBar color="primary">
    <AppTitle />
  </AppBar>
);

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={AppAppBar} menu={AppMenu}>
    {children}
  </RaLayout>
);
