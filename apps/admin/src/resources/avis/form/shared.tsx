import { Typography } from '@mui/material';
import type { AvisContent, AvisEntryScore } from '../../../components/avis/types';

/** Messages of the server for the fields of the content, keyed by the paths it uses (`details` keys). */
export type FieldMessages = Record<string, string>;

/** Records a change: `paths` (and their sub-paths) and `exact` paths lose their server message. */
export type Edit = (paths: string[], mutate: (c: AvisContent) => AvisContent, exact?: string[]) => void;

/** Seed 000: « les questions peuvent être posées au futur en fonction de la maturité du projet ». */
export type AnswerHorizon = 'prevu' | 'realise';

/** One entry's answer as the server validates it (`scores.<entry>`, libs/domain/src/avis/avis-content.ts). */
export type EntryAnswer = AvisEntryScore & { horizon?: AnswerHorizon | null };

/** The first message found for these paths. */
export const pick = (messages: FieldMessages, ...paths: string[]) => {
  for (const p of paths) if (messages[p]) return messages[p];
  return undefined;
};

/**
 * The messages under a prefix, as a stable object when there are none (so that a memoised section does not
 * re-render at each keystroke elsewhere).
 */
const NONE: FieldMessages = Object.freeze({}) as FieldMessages;
export function pickPrefix(messages: FieldMessages, prefix: string): FieldMessages {
  const entries = Object.entries(messages).filter(([k]) => k === prefix || k.startsWith(`${prefix}.`));
  return entries.length ? Object.fromEntries(entries) : NONE;
}

export const SectionTitle = ({ id, children }: { id: string; children: string }) => (
  <Typography id={id} variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1.5, mt: 1 }}>
    {children}
  </Typography>
);
