import { useId } from 'react';
import { Box, LinearProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fr } from '@codegouvfr/react-dsfr';
import { formatCents } from '../../components/euros';
import { regionLabel } from '../../labels';
import { FranceRegionsMap } from '../bilan/FranceRegionsMap';
import { useBoard } from './BoardContext';

const { decisions, options } = fr.colors.getHex({ isDark: false });

/** Counts per decision, as the server computed them. */
export const Totals = () => {
  const { board } = useBoard();
  const t = board.totals;
  const items = [
    { key: 'laureat', label: 'Lauréats', value: t.laureat },
    { key: 'non_retenu', label: 'Non retenus', value: t.non_retenu },
    { key: 'undecided', label: 'Sans décision', value: t.undecided },
  ];
  return (
    <Stack direction="row" spacing={3} useFlexGap flexWrap="wrap" component="dl" sx={{ m: 0, mb: 2 }} data-testid="selection-totals">
      {items.map((i) => (
        <Box key={i.key} data-total={i.key}>
          <Typography component="dt" variant="body2" sx={{ color: 'text.secondary', fontWeight: 700 }}>
            {i.label}
          </Typography>
          <Typography component="dd" sx={{ m: 0, fontSize: '1.75rem', fontWeight: 700, lineHeight: 1.2 }}>
            {i.value}
          </Typography>
        </Box>
      ))}
    </Stack>
  );
};

/** Phase 2: the envelope used and left, from the server's figures. */
export const EnvelopeTracker = () => {
  const uid = useId();
  const { board } = useBoard();
  if (board.envelopeCents === null || board.envelopeCents === undefined) return null;
  const used = board.envelopeUsedCents ?? 0;
  const percent = board.envelopeCents > 0 ? Math.min(100, Math.round((used / board.envelopeCents) * 100)) : 0;
  const over = (board.envelopeLeftCents ?? 0) < 0;
  return (
    <Box component="section" aria-labelledby={`${uid}-t`} sx={{ mb: 2, maxWidth: 720 }} data-testid="envelope-tracker">
      <Typography id={`${uid}-t`} component="h2" variant="h6" sx={{ fontWeight: 700, mb: 0.5 }}>
        Enveloppe
      </Typography>
      <Typography id={`${uid}-p`} variant="body2" sx={{ mb: 0.5 }}>
        {formatCents(used)} attribués sur {formatCents(board.envelopeCents)} — reste{' '}
        <strong style={over ? { color: decisions.text.default.error.default } : undefined}>
          {formatCents(board.envelopeLeftCents ?? 0)}
        </strong>
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-labelledby={`${uid}-p`}
        color={over ? 'error' : percent >= 90 ? 'warning' : 'primary'}
        sx={{ height: 12, borderRadius: 1 }}
      />
    </Box>
  );
};

/**
 * The regional balance: a bar chart (dossiers and lauréats per region) and the same figures as a table, which
 * is what assistive technologies read (the chart is a picture of it).
 */
export const RegionBalance = () => {
  const uid = useId();
  const { board, phase } = useBoard();
  const rows = board.byRegion.map((r) => ({ ...r, label: regionLabel(r.region) }));
  if (rows.length === 0) return null;
  return (
    <Box component="section" aria-labelledby={`${uid}-t`} sx={{ mb: 2 }}>
      <Typography id={`${uid}-t`} component="h2" variant="h6" sx={{ fontWeight: 700, mb: 1 }}>
        Équilibre régional
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', xl: 'minmax(0, 3fr) minmax(0, 2fr)' }, alignItems: 'start' }}>
        <Box>
          <Box sx={{ maxWidth: 420, mb: 2 }}>
            <FranceRegionsMap
              testId="selection-map"
              label={phase === 2 ? 'montant attribué par région' : 'lauréats par région'}
              values={Object.fromEntries(board.byRegion.map((r) => [r.region, (phase === 2 ? r.amountCents : r.laureats) ?? 0]))}
              unit={(n) => (phase === 2 ? formatCents(n) : `${n} lauréat${n > 1 ? 's' : ''}`)}
            />
          </Box>
          <Box aria-hidden="true" sx={{ width: '100%', height: Math.max(220, rows.length * 34 + 60) }} data-testid="region-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16, top: 8, bottom: 8 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend />
                <Bar dataKey="dossiers" name="Dossiers" fill={options.blueFrance.main525.default} isAnimationActive={false} />
                <Bar
                  dataKey="laureats"
                  name="Lauréats"
                  fill={decisions.background.actionHigh.blueFrance.default}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </Box>
        </Box>
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-labelledby={`${uid}-t`}>
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  Région
                </TableCell>
                <TableCell component="th" scope="col" align="right">
                  Dossiers
                </TableCell>
                <TableCell component="th" scope="col" align="right">
                  Lauréats
                </TableCell>
                {phase === 2 ? (
                  <TableCell component="th" scope="col" align="right">
                    Montant
                  </TableCell>
                ) : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.region} data-region={r.region}>
                  <TableCell component="th" scope="row" sx={{ fontWeight: 400 }}>
                    {r.label}
                  </TableCell>
                  <TableCell align="right">{r.dossiers}</TableCell>
                  <TableCell align="right">{r.laureats}</TableCell>
                  {phase === 2 ? <TableCell align="right">{formatCents(r.amountCents ?? 0)}</TableCell> : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Box>
    </Box>
  );
};
