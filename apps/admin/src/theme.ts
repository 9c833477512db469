import { deepmerge } from '@mui/utils';
import { defaultLightTheme, type RaThemeOptions } from 'react-admin';
import { getMuiDsfrThemeOptions } from '@codegouvfr/react-dsfr/mui';
import { fr } from '@codegouvfr/react-dsfr';
import type { BreakpointsValues } from '@codegouvfr/react-dsfr/useBreakpointsValuesPx';

/**
 * react-admin theme = react-admin's light theme (its component defaults: sidebar width, filled inputs...)
 * + the DSFR MUI theme of @codegouvfr/react-dsfr (palette bleu France, Marianne typography, square corners,
 * MUI component fixes) + a few adjustments for react-admin screens.
 *
 * react-admin builds its own MUI ThemeProvider from `theme` options, so we pass the options behind
 * `createMuiDsfrThemeProvider` (`getMuiDsfrThemeOptions`) rather than wrapping the app in that provider.
 */
export function createAdminTheme(breakpointsValues: BreakpointsValues): RaThemeOptions {
  const dsfr = getMuiDsfrThemeOptions({ isDark: false, breakpointsValues });
  const { decisions } = fr.colors.getHex({ isDark: false });
  const blueFrance = decisions.background.actionHigh.blueFrance.default; // #000091

  const adjustments: RaThemeOptions = {
    // The DSFR spacing function maps integers to DSFR tokens only (spacing(0.5) would be "0.5px");
    // react-admin uses fractional spacings: keep MUI's 8px unit (= DSFR "1w" at the default font size).
    spacing: 8,
    sidebar: { width: 280, closedWidth: 56 },
    palette: {
      background: { default: decisions.background.alt.grey.default },
    },
    components: {
      MuiAppBar: {
        styleOverrides: {
          root: { backgroundColor: blueFrance, color: '#ffffff' },
        },
      },
      MuiButtonBase: {
        // buttons rendered as links (CreateButton, EditButton...): no DSFR link underline
        styleOverrides: { root: { backgroundImage: 'none' } },
      },
      MuiDivider: {
        // DSFR styles <hr> too
        styleOverrides: { root: { padding: 0, backgroundImage: 'none' } },
      },
      MuiButton: {
        defaultProps: { disableElevation: true },
        styleOverrides: { root: { textTransform: 'none', fontWeight: 500 } },
      },
      MuiLink: {
        // the DSFR CSS draws its own underline on links with background-image
        styleOverrides: { root: { backgroundImage: 'none' } },
      },
      MuiFilledInput: {
        styleOverrides: {
          root: {
            // DSFR inputs: light grey background, dark bottom border
            backgroundColor: decisions.background.contrast.grey.default,
            '&:hover': { backgroundColor: decisions.background.contrast.grey.hover },
            '&.Mui-focused': { backgroundColor: decisions.background.contrast.grey.default },
          },
          underline: {
            '&::before': { borderBottom: `2px solid ${decisions.border.plain.grey.default}` },
          },
        },
      },
      MuiTableCell: {
        styleOverrides: {
          head: { fontWeight: 700 },
        },
      },
      MuiChip: {
        styleOverrides: { root: { borderRadius: 16 } },
      },
      RaMenuItemLink: {
        styleOverrides: {
          root: {
            backgroundImage: 'none',
            whiteSpace: 'normal',
            '&.RaMenuItemLink-active': {
              color: blueFrance,
              fontWeight: 700,
              boxShadow: `inset 3px 0 0 0 ${blueFrance}`,
              backgroundColor: decisions.background.open.blueFrance.default,
              '& .RaMenuItemLink-icon': { color: blueFrance },
            },
          },
        },
      },
      RaToolbar: {
        styleOverrides: { root: { backgroundColor: decisions.background.alt.blueFrance.default } },
      },
    },
  };

  return deepmerge(deepmerge(defaultLightTheme, dsfr as RaThemeOptions), adjustments) as RaThemeOptions;
}
