import type { AvisContent } from '../../../components/avis/types';
import { toPayload } from '../useAvisDraft';
import type { EntryAnswer } from './shared';

/**
 * The content as sent to the API, with each entry's answer horizon (`scores.<entry>.horizon`: `prevu` | `realise`)
 * kept; the server validates it with the rest.
 */
export function payloadOf(c: AvisContent): Record<string, unknown> {
  const payload = toPayload(c);
  const scores = { ...(payload.scores as Record<string, Record<string, unknown>>) };
  for (const [code, v] of Object.entries(c.scores) as [string, EntryAnswer | undefined][]) {
    if (v?.horizon === 'prevu' || v?.horizon === 'realise') scores[code] = { ...(scores[code] ?? {}), horizon: v.horizon };
  }
  return { ...payload, scores };
}
