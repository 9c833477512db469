import { Box, Tooltip } from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { StatusChip } from '../../components/StatusChip';
import { favorableWithReserves, OUTCOME_LABELS, type SelectionItem } from './types';

/** The provisional (or arrêtée) decision of a row; « À décider » when none. */
export const DecisionChip = ({ item }: { item: SelectionItem }) => {
  const d = item.decision;
  if (!d) return <StatusChip tone="warning" label="À décider" data-decision="" />;
  const chip = (
    <StatusChip
      tone={d.outcome === 'laureat' ? 'success' : 'grey'}
      label={OUTCOME_LABELS[d.outcome] ?? d.outcome}
      data-decision={d.outcome}
    />
  );
  return d.motif ? (
    <Tooltip title={`Motif : ${d.motif}`}>
      <span>{chip}</span>
    </Tooltip>
  ) : (
    chip
  );
};

/** « 2 F · 1 R · 0 D », each number with its full label for screen readers. */
export const RecommendationCounts = ({ item }: { item: SelectionItem }) => {
  const r = item.recommendations ?? {};
  const parts = [
    { short: 'F', label: 'favorable', n: r.favorable ?? 0, color: 'success.dark' },
    { short: 'R', label: 'favorable avec réserves', n: favorableWithReserves(r), color: 'warning.dark' },
    { short: 'D', label: 'défavorable', n: r.defavorable ?? 0, color: 'error.dark' },
  ];
  return (
    <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
      {parts.map((p, i) => (
        <Box component="span" key={p.short} title={`${p.n} ${p.label}`} sx={{ mr: i < 2 ? 1 : 0 }}>
          <Box component="span" aria-hidden="true" sx={{ fontWeight: 700, color: p.n ? p.color : 'text.secondary' }}>
            {p.n} {p.short}
          </Box>
          <span className="fr-sr-only">
            {p.n} {p.label}
            {i < 2 ? ',' : ''}
          </span>
        </Box>
      ))}
    </Box>
  );
};

export const DivergenceFlag = ({ divergent }: { divergent: boolean }) =>
  divergent ? (
    <Box
      component="span"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, color: 'warning.dark', fontWeight: 700 }}
      data-divergent="true"
    >
      <WarningAmberIcon fontSize="small" aria-hidden="true" />
      Divergent
    </Box>
  ) : (
    <Box component="span" sx={{ color: 'text.secondary' }}>
      Non
    </Box>
  );

/** Seed 001: the AMI targets emerging cooperation dynamics; a PTCE the reviewers class « historique » is flagged. */
export const HISTORIQUE_TITLE =
  'Les avis classent ce PTCE « historique » : l’AMI vise l’émergence et le développement de nouvelles dynamiques de coopération.';

/** « Historique » on a row whose reviewers class the PTCE historique (`historique: true` served by the board). */
export const HistoriqueChip = ({ item }: { item: SelectionItem & { historique?: boolean } }) =>
  item.historique ? (
    <StatusChip tone="purple" label="Historique" size="small" title={HISTORIQUE_TITLE} data-historique="true" sx={{ mt: 0.5 }} />
  ) : null;
