import { useId, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  GlobalStyles,
  Grid,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { useQuery } from '@tanstack/react-query';
import { Title, usePermissions } from 'react-admin';
import { useNavigate, useParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppDataProvider } from '../../providers/dataProvider';
import { DownloadButton } from '../../components/DownloadButton';
import { formatCents } from '../../components/euros';
import { AccessDenied } from '../AccessDenied';
import { FranceRegionsMap } from './FranceRegionsMap';
import { CHARACTERISATION_TITLES, type CampaignStats, type CountRow } from './types';

export const BILAN_ROLES = ['instructeur', 'admin', 'cabinet'];
const BLUE = '#000091';
const RED = '#c9191e';
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`);
const daysLabel = (d: number | null) => (d === null ? '—' : `${d.toLocaleString('fr-FR')} j`);

const Block = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) => {
  const id = useId();
  return (
    <Card component="section" aria-labelledby={id} data-testid={testId} sx={{ breakInside: 'avoid', height: '100%' }}>
      <CardContent>
        <Typography id={id} component="h2" variant="h6" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
};

const Figure = ({ label, value }: { label: string; value: string | number }) => (
  <Box sx={{ minWidth: 150 }}>
    <Typography variant="h5" component="p" sx={{ fontWeight: 700 }}>
      {value}
    </Typography>
    <Typography variant="body2" color="text.secondary">
      {label}
    </Typography>
  </Box>
);

/** A bar chart of dossiers and lauréats per row, with the same table under it (for print and screen readers). */
const CountChart = ({ rows, testId }: { rows: CountRow[]; testId: string }) => (
  <>
    <Box sx={{ height: Math.max(160, 34 * rows.length + 60) }} data-testid={testId} className="bilan-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={190} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="dossiers" name="Dossiers" fill={BLUE} isAnimationActive={false} />
          <Bar dataKey="laureats" name="Lauréats" fill={RED} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Box>
    <Table size="small" sx={{ mt: 1 }}>
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell align="right">Dossiers</TableCell>
          <TableCell align="right">Lauréats</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.code}>
            <TableCell>{r.label}</TableCell>
            <TableCell align="right">{r.dossiers}</TableCell>
            <TableCell align="right">{r.laureats}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </>
);

/**
 * « Bilan » of a campaign's phase (`#/bilan/:campaignId/:phase`), as the ministry writes after each edition
 * (seed 004): counts by state, eligibility rate, lauréats by region (table, bar chart, map of France with the overseas
 * regions), by legal category, maturity, typology, characterisation (seed 003), avis turnaround and money.
 * Served by `GET /api/campaigns/:id/stats?phase=N`; XLSX by `&format=xlsx`; printable (the menu and buttons hide).
 */
export const BilanPage = () => {
  const { campaignId = '', phase: phaseParam } = useParams();
  const phase: 1 | 2 = phaseParam === '2' ? 2 : 1;
  const navigate = useNavigate();
  const dp = useAppDataProvider();
  const { permissions, isPending } = usePermissions<string[]>();
  const roles = Array.isArray(permissions) ? permissions : [];
  const allowed = roles.some((r) => BILAN_ROLES.includes(r));
  const [mapMetric, setMapMetric] = useState<'laureats' | 'dossiers'>('laureats');
  const query = useQuery({
    queryKey: ['stats', campaignId, phase],
    queryFn: ({ signal }) => dp.call<CampaignStats>('GET', `/campaigns/${campaignId}/stats?phase=${phase}`, undefined, { signal }),
    enabled: Boolean(campaignId) && allowed,
  });
  if (isPending) return null;
  if (!allowed) return <AccessDenied />;
  const s = query.data;
  const title = `Bilan — phase ${phase}${s ? ` — ${s.campaignName}` : ''}`;

  return (
    <Box sx={{ p: { xs: 1, md: 2 } }}>
      <GlobalStyles
        styles={{
          '@media print': {
            'header, nav, .RaSidebar-fixed, .RaAppBar-toolbar, .bilan-no-print': { display: 'none !important' },
            '.RaLayout-content': { padding: '0 !important' },
          },
        }}
      />
      <Title title={title} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { md: 'center' } }}>
        <Typography component="h1" variant="h4" sx={{ flex: 1 }}>
          {title}
        </Typography>
        <Stack direction="row" spacing={1} className="bilan-no-print">
          <Tabs value={phase} onChange={(_, p) => navigate(`/bilan/${campaignId}/${p}`)} aria-label="Phase">
            <Tab value={1} label="Phase 1" />
            <Tab value={2} label="Phase 2" />
          </Tabs>
          <DownloadButton
            path={`/api/campaigns/${campaignId}/stats?phase=${phase}&format=xlsx`}
            filename={`bilan-phase${phase}.xlsx`}
            label="Exporter (XLSX)"
          />
          <Button size="small" startIcon={<PrintIcon />} onClick={() => window.print()}>
            Imprimer
          </Button>
        </Stack>
      </Stack>
      {query.isPending && <CircularProgress aria-label="Chargement du bilan" />}
      {query.isError && <Alert severity="error">{(query.error as Error).message}</Alert>}
      {s && (
        <Grid container spacing={2}>
          <Grid size={12}>
            <Block title="Chiffres clés" testId="bilan-totals">
              <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <Figure label="Dossiers déposés" value={s.totals.dossiers} />
                <Figure label="Dont hors délai" value={s.totals.lateDeposits} />
                <Figure label="Taux d’éligibilité" value={pct(s.totals.eligibilityRate)} />
                <Figure label="Éligibilité à vérifier" value={s.totals.eligibilityPending} />
                <Figure label="Lauréats" value={s.totals.laureats} />
                <Figure label="Non retenus" value={s.totals.nonRetenus} />
                <Figure label="Classés « historique » par les avis" value={s.totals.historique} />
                <Figure label="Délai médian des avis" value={daysLabel(s.avisTurnaround.overall.medianDays)} />
              </Stack>
            </Block>
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <Block title="Dossiers par état" testId="bilan-states">
              {/* horizontal bars: the state names (« En attente de compléments ») get a wide axis instead of being
                  slanted and cut at the chart's edge */}
              <Box sx={{ height: Math.max(300, 30 * s.byState.length + 40) }} className="bilan-chart" data-testid="chart-states">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={s.byState} layout="vertical" margin={{ left: 8, right: 16 }}>
                    <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                    <XAxis type="number" allowDecimals={false} />
                    <YAxis type="category" dataKey="label" width={180} tick={{ fontSize: 12 }} interval={0} />
                    <Tooltip />
                    <Bar dataKey="count" name="Dossiers" fill={BLUE} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </Box>
            </Block>
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <Block title="Montants" testId="bilan-money">
              <Table size="small">
                <TableBody>
                  <TableRow>
                    <TableCell>Enveloppe</TableCell>
                    <TableCell align="right">{formatCents(s.money.envelopeCents)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>Montants demandés</TableCell>
                    <TableCell align="right">{formatCents(s.money.requestedCents)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>Montants attribués</TableCell>
                    <TableCell align="right">{formatCents(s.money.decidedCents)}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>Reste de l’enveloppe</TableCell>
                    <TableCell align="right">{formatCents(s.money.leftCents)}</TableCell>
                  </TableRow>
                </TableBody>
              </Table>
            </Block>
          </Grid>
          <Grid size={12}>
            <Block title="Par région" testId="bilan-regions">
              <Grid container spacing={2}>
                <Grid size={{ xs: 12, md: 5 }}>
                  <Tabs
                    value={mapMetric}
                    onChange={(_, v) => setMapMetric(v)}
                    aria-label="Valeur affichée sur la carte"
                    className="bilan-no-print"
                  >
                    <Tab value="laureats" label="Lauréats" />
                    <Tab value="dossiers" label="Dossiers" />
                  </Tabs>
                  <FranceRegionsMap
                    values={Object.fromEntries(s.byRegion.map((r) => [r.region, r[mapMetric]]))}
                    label={mapMetric === 'laureats' ? 'lauréats' : 'dossiers'}
                    unit={(n) => `${n} ${mapMetric === 'laureats' ? (n > 1 ? 'lauréats' : 'lauréat') : n > 1 ? 'dossiers' : 'dossier'}`}
                  />
                </Grid>
                <Grid size={{ xs: 12, md: 7 }}>
                  <Box sx={{ height: 420 }} className="bilan-chart" data-testid="chart-regions">
                    <ResponsiveContainer width="100%" height="100%">
                      <BarChart data={s.byRegion} layout="vertical" margin={{ left: 8, right: 16 }}>
                        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                        <XAxis type="number" allowDecimals={false} />
                        <YAxis type="category" dataKey="regionLabel" width={170} tick={{ fontSize: 11 }} interval={0} />
                        <Tooltip />
                        <Legend />
                        <Bar dataKey="dossiers" name="Dossiers" fill={BLUE} isAnimationActive={false} />
                        <Bar dataKey="laureats" name="Lauréats" fill={RED} isAnimationActive={false} />
                      </BarChart>
                    </ResponsiveContainer>
                  </Box>
                </Grid>
              </Grid>
              <Table size="small" sx={{ mt: 2 }} aria-label="Dossiers et lauréats par région">
                <TableHead>
                  <TableRow>
                    <TableCell>Région</TableCell>
                    <TableCell align="right">Dossiers</TableCell>
                    <TableCell align="right">Éligibles</TableCell>
                    <TableCell align="right">Lauréats</TableCell>
                    {phase === 2 && <TableCell align="right">Demandé</TableCell>}
                    {phase === 2 && <TableCell align="right">Attribué</TableCell>}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {s.byRegion.map((r) => (
                    <TableRow key={r.region}>
                      <TableCell>{r.regionLabel}</TableCell>
                      <TableCell align="right">{r.dossiers}</TableCell>
                      <TableCell align="right">{r.eligible}</TableCell>
                      <TableCell align="right">{r.laureats}</TableCell>
                      {phase === 2 && <TableCell align="right">{formatCents(r.amountRequestedCents)}</TableCell>}
                      {phase === 2 && <TableCell align="right">{formatCents(r.amountDecidedCents)}</TableCell>}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Block>
          </Grid>
          <Grid size={{ xs: 12, lg: 4 }}>
            <Block title="Par forme juridique">
              <CountChart rows={s.byLegalCategory} testId="chart-legal" />
            </Block>
          </Grid>
          <Grid size={{ xs: 12, lg: 4 }}>
            <Block title="Par maturité (majorité des avis)">
              <CountChart rows={s.byMaturity} testId="chart-maturity" />
            </Block>
          </Grid>
          <Grid size={{ xs: 12, lg: 4 }}>
            <Block title="Par typologie (majorité des avis)">
              <CountChart rows={s.byTypology} testId="chart-typology" />
            </Block>
          </Grid>
          {Object.entries(s.characterisation).map(([field, rows]) => (
            <Grid key={field} size={{ xs: 12, md: 6, lg: 4 }}>
              <Block title={CHARACTERISATION_TITLES[field] ?? field}>
                <CountChart rows={rows} testId={`chart-${field}`} />
              </Block>
            </Grid>
          ))}
          <Grid size={{ xs: 12, md: 6, lg: 4 }}>
            <Block title="Membres déclarés (dossiers ayant au moins un membre de cette nature)">
              <CountChart rows={s.memberKinds} testId="chart-members" />
            </Block>
          </Grid>
          <Grid size={12}>
            <Block title="Délai des avis (de l’attribution au rendu)" testId="bilan-turnaround">
              <Grid container spacing={2}>
                {(
                  [
                    [
                      'Par rôle',
                      s.avisTurnaround.byRole.map((r) => ({ key: r.role, label: r.label, rendered: r.rendered, medianDays: r.medianDays })),
                    ],
                    [
                      'Par région',
                      s.avisTurnaround.byRegion.map((r) => ({
                        key: r.region,
                        label: r.regionLabel,
                        rendered: r.rendered,
                        medianDays: r.medianDays,
                      })),
                    ],
                  ] as const
                ).map(([caption, rows]) => (
                  <Grid key={caption} size={{ xs: 12, md: 6 }}>
                    <Table size="small" aria-label={`Délai des avis ${caption.toLowerCase()}`}>
                      <TableHead>
                        <TableRow>
                          <TableCell>{caption}</TableCell>
                          <TableCell align="right">Avis rendus</TableCell>
                          <TableCell align="right">Délai médian</TableCell>
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {rows.map((r) => (
                          <TableRow key={r.key}>
                            <TableCell>{r.label}</TableCell>
                            <TableCell align="right">{r.rendered}</TableCell>
                            <TableCell align="right">{daysLabel(r.medianDays)}</TableCell>
                          </TableRow>
                        ))}
                        {rows.length === 0 && (
                          <TableRow>
                            <TableCell colSpan={3}>Aucun avis rendu.</TableCell>
                          </TableRow>
                        )}
                      </TableBody>
                    </Table>
                  </Grid>
                ))}
              </Grid>
            </Block>
          </Grid>
        </Grid>
      )}
    </Box>
  );
};
