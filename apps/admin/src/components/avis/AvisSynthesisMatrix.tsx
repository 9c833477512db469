import { useId, type ReactNode } from 'react';
import { AVIS_STATUS_LABELS, DIVERGENCE_SPREAD } from '@ptce/domain';
import { Alert, Box, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { roleLabel } from '../../labels';
import { ParisDate } from '../ParisDateField';
import { StatusChip, type Tone } from '../StatusChip';
import { AvisStatusChip } from './AvisStatusChip';
import { DIVERGENT, NO_SCORE, SCORE_COLORS, scoreColor } from './scoreColors';
import type { AvisGrid, AvisSynthesisView } from './types';
import { labelOf } from './useAvisGrid';

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : numberFormat.format(x));

export const SrOnly = ({ children }: { children: ReactNode }) => <span className="fr-sr-only">{children}</span>;

const RECOMMENDATION_TONES: Record<string, Tone> = { favorable: 'success', favorable_reserves: 'warning', defavorable: 'error' };

export const RecommendationChip = ({ code, grid }: { code: string | null | undefined; grid: AvisGrid | undefined }) =>
  code ? (
    <StatusChip tone={RECOMMENDATION_TONES[code] ?? 'grey'} label={labelOf(grid?.recommendations, code)} data-recommendation={code} />
  ) : null;

/** One score cell: coloured by value, the value always written (and its label read out). */
const ScoreCell = ({ score, grid }: { score: number | null; grid: AvisGrid | undefined }) => {
  const label = score === null ? '' : grid?.scoreScale.find((s) => s.value === score)?.label;
  const c = scoreColor(score);
  return (
    <TableCell
      align="center"
      sx={{ bgcolor: c.bg, color: c.fg, fontWeight: 700, fontSize: '1rem', borderLeft: '2px solid #fff', minWidth: 72 }}
      title={score === null ? 'Non noté' : `${score}${label ? ` — ${label}` : ''}`}
      data-score={score ?? ''}
    >
      {score === null ? (
        <>
          <span aria-hidden="true">—</span>
          <SrOnly>Non noté</SrOnly>
        </>
      ) : (
        <>
          {score}
          {label ? <SrOnly>{` — ${label}`}</SrOnly> : null}
        </>
      )}
    </TableCell>
  );
};

const Legend = ({ grid }: { grid: AvisGrid | undefined }) => (
  <Box component="section" aria-label="Légende de la matrice" sx={{ mt: 1.5 }}>
    <Typography component="p" variant="body2" sx={{ fontWeight: 700, mb: 0.5 }}>
      Légende
    </Typography>
    <Stack
      direction="row"
      spacing={1.5}
      useFlexGap
      flexWrap="wrap"
      component="ul"
      sx={{ listStyle: 'none', p: 0, m: 0, alignItems: 'center' }}
    >
      {(grid?.scoreScale ?? []).map((s) => (
        <Box component="li" key={s.value} sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
          <Box
            aria-hidden="true"
            sx={{
              width: 28,
              height: 24,
              bgcolor: SCORE_COLORS[s.value]?.bg,
              color: SCORE_COLORS[s.value]?.fg,
              fontWeight: 700,
              textAlign: 'center',
              lineHeight: '24px',
            }}
          >
            {s.value}
          </Box>
          <Typography variant="body2" component="span">
            {s.value} : {s.label}
          </Typography>
        </Box>
      ))}
      <Box component="li" sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
        <Box
          aria-hidden="true"
          sx={{ width: 28, height: 24, bgcolor: NO_SCORE.bg, color: NO_SCORE.fg, textAlign: 'center', lineHeight: '24px' }}
        >
          —
        </Box>
        <Typography variant="body2" component="span">
          non noté
        </Typography>
      </Box>
      <Box component="li" sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
        <Box aria-hidden="true" sx={{ width: 28, height: 24, bgcolor: DIVERGENT.bg, borderLeft: `4px solid ${DIVERGENT.border}` }} />
        <Typography variant="body2" component="span">
          ligne « Divergence » : écart de {DIVERGENCE_SPREAD} points ou plus entre les notes des relecteurs
        </Typography>
      </Box>
    </Stack>
  </Box>
);

interface MatrixRow {
  entry: string;
  label: string;
  scores: (number | null)[];
  mean: number | null;
  spread: number | null;
  divergent: boolean;
}

const MatrixRows = ({ title, rows, grid, colSpan }: { title: string; rows: MatrixRow[]; grid: AvisGrid | undefined; colSpan: number }) => (
  <>
    <TableRow>
      <TableCell
        component="th"
        scope="colgroup"
        colSpan={colSpan}
        sx={{ bgcolor: 'background.default', fontWeight: 700, textTransform: 'uppercase', fontSize: '0.8rem', letterSpacing: '0.03em' }}
      >
        {title}
      </TableCell>
    </TableRow>
    {rows.map((r) => {
      const hl = r.divergent ? { bgcolor: DIVERGENT.bg } : {};
      return (
        <TableRow
          key={r.entry}
          data-entry={r.entry}
          data-divergent={r.divergent || undefined}
          sx={r.divergent ? { outline: `2px solid ${DIVERGENT.border}`, outlineOffset: '-2px' } : undefined}
        >
          <TableCell
            component="th"
            scope="row"
            sx={{
              fontWeight: 400,
              minWidth: 220,
              borderLeft: r.divergent ? `6px solid ${DIVERGENT.border}` : '6px solid transparent',
              ...hl,
            }}
          >
            {r.label}
            {r.divergent ? (
              <Box
                component="span"
                sx={{
                  display: 'inline-flex',
                  alignItems: 'center',
                  gap: 0.5,
                  ml: 1,
                  color: DIVERGENT.fg,
                  fontWeight: 700,
                  fontSize: '0.8rem',
                  whiteSpace: 'nowrap',
                }}
              >
                <WarningAmberIcon fontSize="inherit" aria-hidden="true" />
                Divergence
              </Box>
            ) : null}
          </TableCell>
          {r.scores.map((s, i) => (
            <ScoreCell key={i} score={s} grid={grid} />
          ))}
          <TableCell align="center" sx={{ fontWeight: 700, ...hl }}>
            {fmt(r.mean)}
          </TableCell>
          <TableCell align="center" sx={{ fontWeight: r.divergent ? 700 : 400, ...hl, color: r.divergent ? DIVERGENT.fg : undefined }}>
            {fmt(r.spread)}
          </TableCell>
        </TableRow>
      );
    })}
  </>
);

const Counts = ({
  title,
  items,
  divergent,
  divergentText,
}: {
  title: string;
  items: { label: string; count: number }[];
  divergent?: boolean;
  divergentText?: string;
}) => (
  <Box sx={{ minWidth: 220 }}>
    <Typography component="h4" variant="body2" sx={{ fontWeight: 700, mb: 0.5 }}>
      {title}
    </Typography>
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {items.map((i) => (
        <li key={i.label}>
          <Typography variant="body2" component="span">
            {i.label} : <strong>{i.count}</strong>
          </Typography>
        </li>
      ))}
    </Box>
    {divergent ? (
      <Typography variant="body2" sx={{ color: DIVERGENT.fg, fontWeight: 700, display: 'flex', alignItems: 'center', gap: 0.5, mt: 0.5 }}>
        <WarningAmberIcon fontSize="small" aria-hidden="true" />
        {divergentText}
      </Typography>
    ) : null}
  </Box>
);

export interface AvisSynthesisMatrixProps {
  synthesis: AvisSynthesisView | undefined;
  grid: AvisGrid | undefined;
  isPending?: boolean;
  error?: string | null;
  /** Avis ids the server flags as overdue (from `GET /api/avis`), to mark late pending reviewers. */
  overdueIds?: ReadonlySet<string>;
}

/**
 * The synthesis of a dossier's avis (GET /api/dossiers/:id/avis-synthesis), for instructeurs and the cabinet: a
 * matrix (rows: grid entries and maturity markers; columns: reviewers with their role and recommendation), each
 * cell coloured by score with its value written, mean and spread per row, divergent rows highlighted, then the
 * overall score, the recommendation counts, the maturity votes and the avis still expected.
 */
export const AvisSynthesisMatrix = ({ synthesis, grid, isPending, error, overdueIds }: AvisSynthesisMatrixProps) => {
  const uid = useId();
  if (error) return <Alert severity="error">{error}</Alert>;
  if (isPending || !synthesis) {
    return (
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }} role="status">
        <CircularProgress size={20} aria-hidden="true" /> Chargement de la synthèse des avis…
      </Box>
    );
  }
  const s = synthesis;
  const colSpan = s.reviewers.length + 3;
  return (
    <Box data-testid="avis-synthesis">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} useFlexGap flexWrap="wrap" sx={{ mb: 2 }}>
        <Box sx={{ minWidth: 200 }}>
          <Typography component="h4" variant="body2" sx={{ fontWeight: 700, mb: 0.5 }}>
            Note globale
          </Typography>
          <Typography sx={{ fontSize: '1.75rem', fontWeight: 700, lineHeight: 1.2 }} data-testid="avis-overall">
            {s.overall.mean === null ? (
              <>
                <span aria-hidden="true">—</span>
                <SrOnly>aucune note</SrOnly>
              </>
            ) : (
              `${fmt(s.overall.mean)} / ${grid?.rules.scoreMax ?? 4}`
            )}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {s.renderedCount} avis rendu{s.renderedCount > 1 ? 's' : ''}
            {s.expectedCount !== undefined ? ` sur ${s.expectedCount} attendu${s.expectedCount > 1 ? 's' : ''}` : ''}
          </Typography>
        </Box>
        <Counts
          title="Recommandations"
          items={(grid?.recommendations ?? []).map((r) => ({ label: r.label, count: s.recommendationCounts[r.code] ?? 0 }))}
          divergent={s.divergence.recommendations}
          divergentText="Recommandations opposées (favorable et défavorable)"
        />
        <Counts
          title="Maturité (votes)"
          items={(grid?.maturityLevels ?? []).map((m) => ({ label: m.label, count: s.maturityVotes[m.code] ?? 0 }))}
          divergent={s.divergence.maturity}
          divergentText="Appréciations de maturité opposées"
        />
      </Stack>

      {s.renderedCount === 0 ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          Aucun avis rendu pour l’instant : la matrice apparaîtra au premier avis rendu.
        </Alert>
      ) : (
        <>
          {s.divergence.any ? (
            <Alert severity="warning" sx={{ mb: 1.5 }}>
              Les relecteurs divergent sur ce dossier
              {s.divergence.entries.length + s.divergence.markers.length > 0
                ? ` : ${s.divergence.entries.length + s.divergence.markers.length} critère${s.divergence.entries.length + s.divergence.markers.length > 1 ? 's' : ''} signalé${s.divergence.entries.length + s.divergence.markers.length > 1 ? 's' : ''} dans la matrice`
                : ''}
              .
            </Alert>
          ) : null}
          <Box sx={{ overflowX: 'auto', border: 1, borderColor: 'divider' }} tabIndex={0} role="region" aria-labelledby={`${uid}-caption`}>
            <Table size="small" sx={{ minWidth: 480 }}>
              <caption
                id={`${uid}-caption`}
                style={{ captionSide: 'top', textAlign: 'left', fontWeight: 700, padding: '8px 16px', color: 'inherit' }}
              >
                Notes des relecteurs par critère (de 1 à 4)
              </caption>
              <TableHead>
                <TableRow>
                  <TableCell component="th" scope="col">
                    Critère
                  </TableCell>
                  {s.reviewers.map((r) => (
                    <TableCell key={r.avisId} component="th" scope="col" align="center" sx={{ verticalAlign: 'top', minWidth: 140 }}>
                      <Stack spacing={0.5} alignItems="center">
                        <span>{r.reviewerName ?? 'Relecteur'}</span>
                        <Typography variant="caption" component="span" sx={{ fontWeight: 400 }}>
                          {roleLabel(r.role)}
                        </Typography>
                        <RecommendationChip code={r.recommendation} grid={grid} />
                        <Typography variant="caption" component="span" sx={{ fontWeight: 400 }}>
                          moyenne {fmt(r.overall)}
                        </Typography>
                      </Stack>
                    </TableCell>
                  ))}
                  <TableCell component="th" scope="col" align="center">
                    Moyenne
                  </TableCell>
                  <TableCell component="th" scope="col" align="center">
                    Écart
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                <MatrixRows title="Grille d’analyse" rows={s.matrix} grid={grid} colSpan={colSpan} />
                <MatrixRows title="Marqueurs de maturité" rows={s.markers} grid={grid} colSpan={colSpan} />
              </TableBody>
            </Table>
          </Box>
          <Legend grid={grid} />
        </>
      )}

      <Box component="section" aria-labelledby={`${uid}-pending`} sx={{ mt: 2.5 }}>
        <Typography id={`${uid}-pending`} component="h4" variant="body2" sx={{ fontWeight: 700, mb: 0.5 }}>
          Avis attendus
        </Typography>
        {s.pending.length === 0 ? (
          <Typography variant="body2">Aucun avis en attente.</Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {s.pending.map((p) => {
              const late = overdueIds?.has(p.avisId);
              return (
                <Box component="li" key={p.avisId} sx={{ mb: 0.5 }}>
                  <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center">
                    <Typography variant="body2" component="span" sx={{ fontWeight: 700 }}>
                      {p.reviewerName ?? 'Relecteur'}
                    </Typography>
                    <Typography variant="body2" component="span">
                      ({roleLabel(p.role)}
                      {p.required ? '' : ', facultatif'})
                    </Typography>
                    <AvisStatusChip status={p.status} label={(AVIS_STATUS_LABELS as Record<string, string>)[p.status]} />
                    <Typography variant="body2" component="span" sx={late ? { color: 'error.main', fontWeight: 700 } : undefined}>
                      {p.dueAt ? (
                        <>
                          échéance <ParisDate value={p.dueAt} format="date" />
                          {late ? ' — en retard' : ''}
                        </>
                      ) : (
                        'sans échéance'
                      )}
                    </Typography>
                  </Stack>
                </Box>
              );
            })}
          </Box>
        )}
      </Box>
    </Box>
  );
};
