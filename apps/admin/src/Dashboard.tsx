import type { ReactNode } from 'react';
import { Alert, Box, Card, CardActionArea, CardContent, CircularProgress, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { LinkBase, Title, useGetIdentity } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppDataProvider } from './providers/dataProvider';
import { apiFailure } from './components/apiErrors';
import { DOSSIER_STATES, STATE_LABELS } from './components/domainLabels';
import { formatCents } from './components/euros';
import { ParisDate } from './components/ParisDateField';
import { roleLabel } from './labels';
import { parisWeekStart } from '@ptce/domain/calendar';

/** `GET /api/dashboard` (apps/api/src/dashboard). */
interface DashboardData {
  campaign: { id: string; name: string; envelopeCents: number; calendar: Record<string, string | null> } | null;
  roles: string[];
  pipeline: Array<{ phase: 1 | 2; total: number; byState: Record<string, number> }>;
  avisCompletion: Array<{ region: string; regionLabel: string; expected: number; rendered: number; overdue: number }>;
  instructeur: {
    toOpen: number;
    eligibilityToDecide: number;
    complementsOverdue: number;
    complementsPending: number;
    readyForCabinet: number;
    avisOverdue: number;
    avisOverdueByRegionRole: Array<{ region: string; regionLabel: string; role: string; count: number }>;
    lastImport: { id: string; kind: string; status: string; createdAt: string; finishedAt: string | null; errorCount: number } | null;
    failedEmails: number;
  } | null;
  reviewer: {
    toWrite: number;
    drafts: number;
    overdue: number;
    renderedThisWeek: number;
    rendered: number;
    next: Array<{
      id: string;
      dossierId: string;
      projectName: string;
      role: string;
      status: string;
      dueAt: string | null;
      overdue: boolean;
    }>;
  } | null;
  cabinet: {
    awaitingDecision: number;
    decided: number;
    phases: Array<{ phase: number; awaitingDecision: number; laureat: number; nonRetenu: number; arreteAt: string | null }>;
    envelope: { envelopeCents: number; usedCents: number; leftCents: number };
  } | null;
  admin: {
    imports: { running: number; failed: number; total: number };
    usersWithoutRegion: number;
    calendar: Array<{ field: string; label: string; at: string | null; past: boolean }>;
    nextDate: { field: string; label: string; at: string | null } | null;
  } | null;
}

/** A list URL with react-admin's filter in the query string (the list opens filtered). */
const listUrl = (resource: string, filter: Record<string, unknown>, sort?: { field: string; order: 'ASC' | 'DESC' }) => {
  const q = new URLSearchParams({ filter: JSON.stringify(filter), page: '1' });
  if (sort) {
    q.set('sort', sort.field);
    q.set('order', sort.order);
  }
  return `/${resource}?${q.toString()}`;
};

/** One figure: its number, what it counts, and the filtered list it opens. */
const Figure = ({
  id,
  value,
  label,
  to,
  tone = 'normal',
  hint,
}: {
  id: string;
  value: number | string;
  label: string;
  to: string;
  tone?: 'normal' | 'alert';
  hint?: string;
}) => (
  <Card variant="outlined" sx={{ width: { xs: '100%', sm: 220 }, borderColor: tone === 'alert' && value ? 'error.main' : undefined }}>
    <CardActionArea component={LinkBase} to={to} sx={{ height: '100%', backgroundImage: 'none' }} data-figure={id} data-value={value}>
      <CardContent>
        <Typography
          component="span"
          sx={{ display: 'block', fontSize: '2rem', fontWeight: 700, color: tone === 'alert' && value ? 'error.main' : 'primary.main' }}
        >
          {value}
        </Typography>
        <Typography component="span" sx={{ display: 'block', fontWeight: 700 }}>
          {label}
        </Typography>
        {hint ? (
          <Typography component="span" variant="body2" sx={{ display: 'block', color: 'text.secondary' }}>
            {hint}
          </Typography>
        ) : null}
      </CardContent>
    </CardActionArea>
  </Card>
);

const Section = ({ id, title, children }: { id: string; title: string; children: ReactNode }) => (
  <Box component="section" aria-labelledby={`dashboard-${id}`} sx={{ mt: 3 }} data-section={id}>
    <Typography id={`dashboard-${id}`} variant="h6" component="h2" sx={{ fontWeight: 700, mb: 1 }}>
      {title}
    </Typography>
    {children}
  </Box>
);

const Figures = ({ children }: { children: ReactNode }) => (
  <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap">
    {children}
  </Stack>
);

const STATE_COLORS: Record<string, string> = {
  depose: '#6a6af4',
  en_instruction: '#0063cb',
  en_attente_complements: '#b34000',
  instruit: '#18753c',
  laureat: '#1f8d49',
  non_retenu: '#7b7b7b',
  ineligible: '#ce0500',
  sans_suite: '#3a3a3a',
};

/** Dossiers by state for each phase (stacked bars), with the same figures as a table for screen readers. */
const PipelineChart = ({ pipeline, campaignId }: { pipeline: DashboardData['pipeline']; campaignId: string }) => {
  const data = pipeline.map((p) => ({ name: `Phase ${p.phase}`, ...p.byState }));
  return (
    <Box component="figure" sx={{ m: 0 }} aria-labelledby="pipeline-caption">
      <Box sx={{ width: '100%', height: 220 }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart data={data} layout="vertical" margin={{ left: 16, right: 16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={70} />
            <Tooltip />
            <Legend />
            {DOSSIER_STATES.map((s) => (
              <Bar key={s} dataKey={s} name={STATE_LABELS[s]} stackId="a" fill={STATE_COLORS[s] ?? '#888'} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </Box>
      <Box component="figcaption" id="pipeline-caption" sx={{ mt: 1 }}>
        <details>
          <summary>Dossiers par état et par phase (tableau)</summary>
          <table data-testid="pipeline-table">
            <thead>
              <tr>
                <th scope="col">État</th>
                {pipeline.map((p) => (
                  <th key={p.phase} scope="col">
                    Phase {p.phase}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {DOSSIER_STATES.map((s) => (
                <tr key={s}>
                  <th scope="row">{STATE_LABELS[s]}</th>
                  {pipeline.map((p) => (
                    <td key={p.phase}>
                      <LinkBase to={listUrl('dossiers', { campaignId, phase: p.phase, state: s })}>{p.byState[s] ?? 0}</LinkBase>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </Box>
    </Box>
  );
};

/** Avis rendered out of avis expected, per region. */
const CompletionChart = ({ rows, campaignId }: { rows: DashboardData['avisCompletion']; campaignId: string }) => {
  if (!rows.length) return <Typography>Aucun avis attribué pour le moment.</Typography>;
  const data = rows.map((r) => ({ name: r.regionLabel, Rendus: r.rendered, 'À rendre': r.expected - r.rendered }));
  return (
    <Box component="figure" sx={{ m: 0 }} aria-labelledby="completion-caption">
      <Box sx={{ width: '100%', height: Math.max(160, 40 * rows.length + 60) }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart data={data} layout="vertical" margin={{ left: 16, right: 16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={170} />
            <Tooltip />
            <Legend />
            <Bar dataKey="Rendus" stackId="a" fill="#18753c" isAnimationActive={false} />
            <Bar dataKey="À rendre" stackId="a" fill="#b34000" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Box>
      <Box component="figcaption" id="completion-caption" sx={{ mt: 1 }}>
        <details>
          <summary>Avis rendus par région (tableau)</summary>
          <table data-testid="completion-table">
            <thead>
              <tr>
                <th scope="col">Région</th>
                <th scope="col">Rendus</th>
                <th scope="col">Attendus</th>
                <th scope="col">En retard</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.region} data-region={r.region}>
                  <th scope="row">{r.regionLabel}</th>
                  <td>{r.rendered}</td>
                  <td>{r.expected}</td>
                  <td>
                    <LinkBase to={listUrl('avis', { campaignId, overdue: true, region: r.region })}>{r.overdue}</LinkBase>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </Box>
    </Box>
  );
};

const InstructeurSection = ({ d, campaignId }: { d: NonNullable<DashboardData['instructeur']>; campaignId: string }) => (
  <Section id="instructeur" title="Instruction : à faire">
    <Figures>
      <Figure
        id="toOpen"
        value={d.toOpen}
        label="Dossiers à ouvrir"
        hint="Déposés, instruction non ouverte"
        to={listUrl('dossiers', { campaignId, state: 'depose' })}
      />
      <Figure
        id="eligibilityToDecide"
        value={d.eligibilityToDecide}
        label="Éligibilité à décider"
        hint="En instruction, éligibilité à vérifier"
        to={listUrl('dossiers', { campaignId, state: 'en_instruction', eligibility: 'a_verifier' })}
      />
      <Figure
        id="complementsOverdue"
        value={d.complementsOverdue}
        tone="alert"
        label="Compléments en retard"
        hint={`${d.complementsPending} en attente au total`}
        to={listUrl('dossiers', { campaignId, complementsOverdue: true })}
      />
      <Figure
        id="readyForCabinet"
        value={d.readyForCabinet}
        label="Prêts pour le cabinet"
        hint="Instruits"
        to={listUrl('dossiers', { campaignId, state: 'instruit' })}
      />
      <Figure
        id="avisOverdue"
        value={d.avisOverdue}
        tone="alert"
        label="Avis en retard"
        to={listUrl('avis', { campaignId, overdue: true })}
      />
      <Figure
        id="failedEmails"
        value={d.failedEmails}
        tone="alert"
        label="Courriels en échec"
        to={listUrl('notifications', { status: 'failed' })}
      />
    </Figures>
    {d.avisOverdueByRegionRole.length ? (
      <Box sx={{ mt: 2 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
          Avis en retard par région et par rôle
        </Typography>
        <Box component="ul" sx={{ pl: 3 }}>
          {d.avisOverdueByRegionRole.map((r) => (
            <li key={`${r.region}-${r.role}`}>
              <LinkBase to={listUrl('avis', { campaignId, overdue: true, role: r.role, region: r.region })}>
                {r.regionLabel}, {roleLabel(r.role)} : {r.count}
              </LinkBase>
            </li>
          ))}
        </Box>
      </Box>
    ) : null}
    <Typography sx={{ mt: 2 }} data-testid="last-import">
      {d.lastImport ? (
        <>
          Dernier import ({d.lastImport.kind === 'ds' ? 'Démarches Simplifiées' : 'fichier'}) lancé le{' '}
          <ParisDate value={d.lastImport.createdAt} /> :{' '}
          <LinkBase to={`/imports/${d.lastImport.id}/show`}>
            {d.lastImport.errorCount ? `${d.lastImport.errorCount} erreur${d.lastImport.errorCount > 1 ? 's' : ''}` : 'aucune erreur'}
          </LinkBase>
          .
        </>
      ) : (
        'Aucun import pour cette campagne.'
      )}
    </Typography>
  </Section>
);

const ReviewerSection = ({ d, campaignId }: { d: NonNullable<DashboardData['reviewer']>; campaignId: string }) => (
  <Section id="reviewer" title="Mes avis">
    <Figures>
      <Figure
        id="toWrite"
        value={d.toWrite}
        label="À rédiger"
        to={listUrl('avis', { campaignId, mine: true, status: 'a_rediger' }, { field: 'dueAt', order: 'ASC' })}
      />
      <Figure
        id="drafts"
        value={d.drafts}
        label="Brouillons en cours"
        to={listUrl('avis', { campaignId, mine: true, status: 'brouillon' }, { field: 'dueAt', order: 'ASC' })}
      />
      <Figure
        id="overdue"
        value={d.overdue}
        tone="alert"
        label="En retard"
        to={listUrl('avis', { campaignId, mine: true, overdue: true })}
      />
      <Figure
        id="renderedThisWeek"
        value={d.renderedThisWeek}
        label="Rendus cette semaine"
        hint={`${d.rendered} rendus en tout`}
        to={listUrl(
          'avis',
          { campaignId, mine: true, status: 'rendu', renderedSince: parisWeekStart(new Date()).toISOString() },
          { field: 'renderedAt', order: 'DESC' },
        )}
      />
    </Figures>
    {d.next.length ? (
      <Box sx={{ mt: 2 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
          Prochains avis à rendre (les retards d’abord)
        </Typography>
        <Box component="ol" sx={{ pl: 3 }} data-testid="next-avis">
          {d.next.map((a) => (
            <li key={a.id} data-overdue={a.overdue}>
              <LinkBase to={`/avis/${a.id}`}>{a.projectName}</LinkBase> — {roleLabel(a.role)} — échéance{' '}
              <ParisDate value={a.dueAt} format="date" emptyText="non fixée" />
              {a.overdue ? (
                <Typography component="strong" sx={{ color: 'error.main', fontWeight: 700 }}>
                  {' '}
                  (en retard)
                </Typography>
              ) : null}
            </li>
          ))}
        </Box>
      </Box>
    ) : (
      <Typography sx={{ mt: 2 }}>Aucun avis à rédiger pour le moment.</Typography>
    )}
  </Section>
);

const CabinetSection = ({ d, campaignId }: { d: NonNullable<DashboardData['cabinet']>; campaignId: string }) => {
  const used = d.envelope.envelopeCents ? Math.min(100, (100 * d.envelope.usedCents) / d.envelope.envelopeCents) : 0;
  return (
    <Section id="cabinet" title="Sélection">
      <Figures>
        <Figure
          id="awaitingDecision"
          value={d.awaitingDecision}
          label="En attente de décision"
          hint="Dossiers instruits"
          to={listUrl('dossiers', { campaignId, state: 'instruit' })}
        />
        <Figure
          id="decided"
          value={d.decided}
          label="Décidés"
          hint="Lauréats et non retenus"
          to={listUrl('dossiers', { campaignId, state: ['laureat', 'non_retenu'] })}
        />
        {d.phases.map((p) => (
          <Figure
            key={p.phase}
            id={`board${p.phase}`}
            value={p.awaitingDecision}
            label={`Tableau de sélection, phase ${p.phase}`}
            hint={p.arreteAt ? 'Sélection arrêtée' : `${p.laureat} lauréat(s), ${p.nonRetenu} non retenu(s)`}
            to={`/selection/${campaignId}/${p.phase}`}
          />
        ))}
      </Figures>
      <Box sx={{ mt: 2, maxWidth: 480 }}>
        <Typography id="envelope-label" sx={{ fontWeight: 700 }}>
          Enveloppe de la phase 2 : {formatCents(d.envelope.usedCents)} engagés sur {formatCents(d.envelope.envelopeCents)} (reste{' '}
          {formatCents(d.envelope.leftCents)})
        </Typography>
        <LinearProgress variant="determinate" value={used} aria-labelledby="envelope-label" sx={{ height: 10, mt: 1 }} />
      </Box>
    </Section>
  );
};

const AdminSection = ({ d, campaignId }: { d: NonNullable<DashboardData['admin']>; campaignId: string }) => (
  <Section id="admin" title="Administration">
    <Figures>
      <Figure
        id="importsRunning"
        value={d.imports.running}
        label="Imports en cours"
        to={listUrl('imports', { campaignId, status: 'running' })}
      />
      <Figure
        id="importsFailed"
        value={d.imports.failed}
        tone="alert"
        label="Imports en échec"
        to={listUrl('imports', { campaignId, status: 'failed' })}
      />
      <Figure
        id="usersWithoutRegion"
        value={d.usersWithoutRegion}
        tone="alert"
        label="Utilisateurs sans région"
        hint="CRESS et correspondants ESS"
        to={listUrl('users', { active: true, regionMissing: true })}
      />
    </Figures>
    <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700, mt: 2 }}>
      Calendrier de la campagne
    </Typography>
    <Box component="ul" sx={{ pl: 3 }} data-testid="calendar">
      {d.calendar.map((e) => (
        <li key={e.field} data-past={e.past}>
          {e.label[0].toUpperCase() + e.label.slice(1)} : <ParisDate value={e.at} emptyText="date à fixer" />
          {d.nextDate?.field === e.field ? <strong> (prochaine échéance)</strong> : null}
        </li>
      ))}
    </Box>
    <LinkBase to={`/campaigns/${campaignId}/show`}>Voir la campagne et son calendrier</LinkBase>
  </Section>
);

/** Home page: what to do next, per role (GET /api/dashboard), each figure opening the filtered list. */
export const Dashboard = () => {
  const { identity } = useGetIdentity();
  const dp = useAppDataProvider();
  const { data, isPending, error } = useQuery({
    queryKey: ['dashboard'],
    queryFn: ({ signal }) => dp.call<DashboardData>('GET', '/dashboard', undefined, { signal }),
  });
  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title="Tableau de bord" />
      <Typography variant="h5" component="p" sx={{ fontWeight: 700 }}>
        Bonjour{identity?.fullName ? ` ${identity.fullName}` : ''}
      </Typography>
      {isPending ? (
        <Stack direction="row" spacing={1} alignItems="center" role="status" sx={{ mt: 2 }}>
          <CircularProgress size={20} aria-hidden="true" />
          <Typography>Chargement du tableau de bord…</Typography>
        </Stack>
      ) : error ? (
        <Alert severity="error" sx={{ mt: 2 }}>
          {apiFailure(error).message}
        </Alert>
      ) : !data.campaign ? (
        <Typography sx={{ mt: 2 }}>Aucune campagne pour le moment.</Typography>
      ) : (
        <>
          <Typography sx={{ mt: 1 }} data-testid="dashboard-campaign">
            Campagne : <LinkBase to={`/campaigns/${data.campaign.id}/show`}>{data.campaign.name}</LinkBase>
          </Typography>
          {data.instructeur ? <InstructeurSection d={data.instructeur} campaignId={data.campaign.id} /> : null}
          {data.reviewer ? <ReviewerSection d={data.reviewer} campaignId={data.campaign.id} /> : null}
          {data.cabinet ? <CabinetSection d={data.cabinet} campaignId={data.campaign.id} /> : null}
          {data.admin ? <AdminSection d={data.admin} campaignId={data.campaign.id} /> : null}
          <Section id="pipeline" title="Dossiers par état">
            <PipelineChart pipeline={data.pipeline} campaignId={data.campaign.id} />
          </Section>
          <Section id="completion" title="Avis rendus par région">
            <CompletionChart rows={data.avisCompletion} campaignId={data.campaign.id} />
          </Section>
        </>
      )}
    </Box>
  );
};
