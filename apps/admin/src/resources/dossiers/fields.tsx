import { useRecordContext } from 'react-admin';
import { StatusChip, type Tone } from '../../components/StatusChip';
import { ELIGIBILITY_LABELS, STATE_LABELS, type DossierState, type Eligibility } from '../../components/domainLabels';
import type { DossierRecord } from './types';

const STATE_TONES: Record<DossierState, Tone> = {
  depose: 'info',
  en_instruction: 'blueFrance',
  en_attente_complements: 'warning',
  instruit: 'purple',
  laureat: 'success',
  non_retenu: 'grey',
  ineligible: 'error',
  sans_suite: 'grey',
};

const ELIGIBILITY_TONES: Record<Eligibility, Tone> = {
  a_verifier: 'warning',
  eligible: 'success',
  ineligible: 'error',
};

export const stateLabel = (state: string | null | undefined): string =>
  state ? ((STATE_LABELS as Record<string, string>)[state] ?? state) : '';

/** The dossier's state as a coloured chip with its French label. */
export const StateChip = ({ state }: { state: string | null | undefined }) =>
  state ? <StatusChip tone={STATE_TONES[state as DossierState] ?? 'grey'} label={stateLabel(state)} data-state={state} /> : null;

export const EligibilityChip = ({ eligibility }: { eligibility: string | null | undefined }) =>
  eligibility ? (
    <StatusChip
      tone={ELIGIBILITY_TONES[eligibility as Eligibility] ?? 'grey'}
      label={(ELIGIBILITY_LABELS as Record<string, string>)[eligibility] ?? eligibility}
      data-eligibility={eligibility}
    />
  ) : null;

/** Deposited after the phase's deadline: flagged, never dropped. */
export const LateBadge = ({ late }: { late: boolean | null | undefined }) =>
  late ? (
    <StatusChip tone="error" label="Hors délai" variant="outlined" sx={{ borderColor: 'currentColor', bgcolor: 'transparent' }} />
  ) : null;

export const StateField = () => {
  const record = useRecordContext<DossierRecord>();
  return <StateChip state={record?.state} />;
};

export const EligibilityField = () => {
  const record = useRecordContext<DossierRecord>();
  return <EligibilityChip eligibility={record?.eligibility} />;
};
