import { createElement } from 'react';
import { Box, Card, CardActionArea, CardContent, Chip, Stack, Typography } from '@mui/material';
import ViewListIcon from '@mui/icons-material/ViewList';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import { LinkBase, Title, useCreatePath, useGetIdentity, useGetResourceLabel, usePermissions, useResourceDefinitions } from 'react-admin';
import type { ComponentType } from 'react';
import { roleLabel } from './labels';
import { canSee } from './access';

interface Section {
  key: string;
  to: string;
  label: string;
  icon: ComponentType;
  /** `canAccess` resource name */
  resource: string;
}

const SectionCard = ({ section }: { section: Section }) => (
  <Card variant="outlined" sx={{ width: { xs: '100%', sm: 280 } }}>
    <CardActionArea component={LinkBase} to={section.to} sx={{ height: '100%', backgroundImage: 'none' }}>
      <CardContent sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Box sx={{ color: 'primary.main', display: 'flex' }} aria-hidden="true">
          {createElement(section.icon)}
        </Box>
        <Typography component="span" sx={{ fontWeight: 700, color: 'primary.main' }}>
          {section.label}
        </Typography>
      </CardContent>
    </CardActionArea>
  </Card>
);

/** Home page: greeting, the user's roles, and links to the sections they can open. */
export const Dashboard = () => {
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<string[]>();
  const resources = useResourceDefinitions();
  const createPath = useCreatePath();
  const getResourceLabel = useGetResourceLabel();

  const sections: Section[] = [
    ...Object.values(resources)
      .filter((r) => r.hasList)
      .map((r) => ({
        key: r.name,
        resource: r.name,
        to: createPath({ resource: r.name, type: 'list' }),
        label: getResourceLabel(r.name, 2),
        icon: (r.icon as ComponentType | undefined) ?? ViewListIcon,
      })),
    {
      key: 'dev-mails',
      resource: 'dev-mails',
      to: '/dev/mails',
      label: 'Courriels (développement)',
      icon: MailOutlineIcon,
    },
  ];

  const roles = Array.isArray(permissions) ? permissions : [];
  // same rule as authProvider.canAccess (menu entries)
  const visibleSections = sections.filter((section) => canSee(section.resource, roles));

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Tableau de bord" />
      <Card>
        <CardContent>
          <Typography variant="h4" component="h1" gutterBottom>
            Bonjour{identity?.fullName ? ` ${identity.fullName}` : ''}
          </Typography>
          <Typography gutterBottom>
            Bienvenue dans l’outil d’instruction de l’appel à manifestation d’intérêt « Pôles territoriaux de coopération économique » (AMI
            PTCE).
          </Typography>
          <Box component="section" aria-labelledby="dashboard-roles" sx={{ mt: 2 }}>
            <Typography id="dashboard-roles" variant="h6" component="h2" gutterBottom>
              Vos rôles
            </Typography>
            {roles.length ? (
              <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" component="ul" sx={{ p: 0, m: 0, listStyle: 'none' }}>
                {roles.map((role) => (
                  <li key={role}>
                    <Chip label={roleLabel(role)} color="secondary" />
                  </li>
                ))}
              </Stack>
            ) : (
              <Typography>Aucun rôle ne vous est attribué : contactez un administrateur.</Typography>
            )}
          </Box>
        </CardContent>
      </Card>

      {visibleSections.length ? (
        <Box component="section" aria-labelledby="dashboard-sections" sx={{ mt: 3 }}>
          <Typography id="dashboard-sections" variant="h6" component="h2" gutterBottom>
            Rubriques
          </Typography>
          <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
            {visibleSections.map((section) => (
              <SectionCard key={section.key} section={section} />
            ))}
          </Stack>
        </Box>
      ) : null}
    </Box>
  );
};
