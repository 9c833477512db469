import { fr } from '@codegouvfr/react-dsfr';

const { decisions } = fr.colors.getHex({ isDark: false });

/**
 * Cell colours of the scores 1..4 (DSFR palette, each pair at least AA contrast: 4.9:1 or more). The colour only
 * helps: the value is always written in the cell. Strong red, light orange, light green, strong green.
 */
export const SCORE_COLORS: Record<number, { bg: string; fg: string }> = {
  1: { bg: decisions.background.actionHigh.error.default, fg: '#ffffff' },
  2: { bg: decisions.background.contrast.yellowMoutarde.default, fg: decisions.text.label.yellowMoutarde.default },
  3: { bg: decisions.background.contrast.greenBourgeon.default, fg: decisions.text.label.greenBourgeon.default },
  4: { bg: decisions.background.actionHigh.greenEmeraude.default, fg: '#ffffff' },
};

export const NO_SCORE = { bg: decisions.background.alt.grey.default, fg: decisions.text.mention.grey.default };

export function scoreColor(score: number | null | undefined): { bg: string; fg: string } {
  return (score !== null && score !== undefined && SCORE_COLORS[Math.round(score)]) || NO_SCORE;
}

/** Highlight of rows where the reviewers diverge (DSFR warning tones). */
export const DIVERGENT = {
  bg: decisions.background.contrast.warning.default,
  fg: decisions.text.default.warning.default,
  border: decisions.border.plain.warning.default,
};

/** Visible keyboard focus for MUI radios and checkboxes (their native input is transparent). */
export const FOCUS_RING = '#0a76f6';
export const focusVisibleSx = {
  '& .MuiRadio-root.Mui-focusVisible, & .MuiCheckbox-root.Mui-focusVisible': {
    outline: `2px solid ${FOCUS_RING}`,
    outlineOffset: '-4px',
  },
} as const;
