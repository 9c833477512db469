import { Chip, type ChipProps } from '@mui/material';
import { fr } from '@codegouvfr/react-dsfr';

/** DSFR colour pairs (light background, dark text: contrast AA) for status chips. */
export type Tone = 'info' | 'success' | 'warning' | 'error' | 'grey' | 'blueFrance' | 'purple';

const { decisions } = fr.colors.getHex({ isDark: false });

export const TONES: Record<Tone, { bg: string; fg: string }> = {
  info: { bg: decisions.background.contrast.info.default, fg: decisions.text.default.info.default },
  success: { bg: decisions.background.contrast.success.default, fg: decisions.text.default.success.default },
  warning: { bg: decisions.background.contrast.warning.default, fg: decisions.text.default.warning.default },
  error: { bg: decisions.background.contrast.error.default, fg: decisions.text.default.error.default },
  grey: { bg: decisions.background.contrast.grey.default, fg: decisions.text.default.grey.default },
  blueFrance: { bg: decisions.background.contrast.blueFrance.default, fg: decisions.text.actionHigh.blueFrance.default },
  purple: { bg: decisions.background.contrast.purpleGlycine.default, fg: decisions.text.label.purpleGlycine.default },
};

/** A coloured, non-interactive chip: the text carries the meaning, the colour only helps. */
export const StatusChip = ({
  tone,
  label,
  size = 'small',
  sx,
  ...rest
}: { tone: Tone; label: string } & Omit<ChipProps, 'color' | 'label'>) => (
  <Chip
    label={label}
    size={size}
    sx={{ bgcolor: TONES[tone].bg, color: TONES[tone].fg, fontWeight: 700, maxWidth: '100%', ...sx }}
    {...rest}
  />
);
