import { Alert, Box, CircularProgress, Stack, Typography } from '@mui/material';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { useQuery } from '@tanstack/react-query';
import { useRecordContext } from 'react-admin';
import { useAppDataProvider } from '../../../providers/dataProvider';
import { apiFailure } from '../../../components/apiErrors';
import { ACTION_LABELS, ELIGIBILITY_CRITERIA, ELIGIBILITY_LABELS } from '../../../components/domainLabels';
import { formatParis } from '../../../components/parisTime';
import { ParisDate } from '../../../components/ParisDateField';
import { roleLabel } from '../../../labels';
import { StateChip } from '../fields';
import type { DossierRecord, JournalEntry } from '../types';

/** Journal entries that are not workflow actions (content, eligibility, avis). */
const OTHER_ACTION_LABELS: Record<string, string> = {
  creer: 'Création du dossier',
  modifier_contenu: 'Modification du contenu',
  modifier_eligibilite: 'Décisions d’éligibilité',
  assigner_avis: 'Avis attribué',
  avis_rendu: 'Avis rendu',
  avis_sans_relecteur: 'Avis sans relecteur disponible',
  retirer_avis: 'Avis retiré',
  rouvrir_avis: 'Avis rouvert',
  decliner_avis: 'Avis décliné par son relecteur',
  declarer_conflit: 'Conflit d’intérêts déclaré',
  importer: 'Dossier importé',
  reimporter: 'Dossier mis à jour par un import',
  rattacher_phase1: 'Rattaché au dossier de phase 1',
  modifier_membres: 'Organisations membres modifiées',
  modifier_montant: 'Montant attribué modifié',
  rouvrir_selection: 'Sélection rouverte',
};

const SOURCE_LABELS: Record<string, string> = { ds: 'Démarches Simplifiées', fichier: 'fichier d’export', manuel: 'saisie manuelle' };

/** Always a French label: an action this screen does not know yet reads « Autre opération », never its code. */
export const journalActionLabel = (action: string): string =>
  (ACTION_LABELS as Record<string, string>)[action] ?? OTHER_ACTION_LABELS[action] ?? 'Autre opération';

/** « Avis attribué » and its kin name the avis: who, in which role. */
const AVIS_ACTIONS = new Set([
  'assigner_avis',
  'retirer_avis',
  'rouvrir_avis',
  'avis_rendu',
  'decliner_avis',
  'declarer_conflit',
  'avis_sans_relecteur',
]);

const actorOf = (e: JournalEntry): string => {
  if (e.actorRole === 'system') return 'La plateforme (automatique)';
  const role = roleLabel(e.actorRole);
  return e.actorName ? `${e.actorName}, ${role}` : role;
};

/** Content fields named in `modifier_contenu` entries. */
const FIELD_LABELS: Record<string, string> = {
  projectName: 'nom du projet',
  region: 'région',
  structure: 'structure porteuse',
  referent: 'personne référente',
  sections: 'rubriques du dossier',
  characterisation: 'caractérisation',
  memberSirets: 'organisations membres',
  amountRequestedCents: 'montant demandé',
  attachments: 'pièces jointes',
};

const CRITERION_LABELS: Record<string, string> = Object.fromEntries(ELIGIBILITY_CRITERIA.map((c) => [c.code, c.label]));
const DECISION_LABELS: Record<string, string> = { ok: 'satisfait', ko: 'non satisfait', confirme: 'confirmé', infirme: 'infirmé' };

/** The few details of `data` worth reading in the journal. */
function details(e: JournalEntry): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  if (AVIS_ACTIONS.has(e.action)) {
    const who = typeof d.reviewerName === 'string' && d.reviewerName ? d.reviewerName : null;
    const role = typeof d.role === 'string' ? roleLabel(d.role) : null;
    if (who || role) out.push(`Relecteur : ${[who, role ? `(${role})` : null].filter(Boolean).join(' ')}`);
    if (d.auto === true) out.push('Attribution automatique (rôle requis par la campagne)');
  }
  if ((e.action === 'importer' || e.action === 'reimporter') && typeof d.source === 'string') {
    out.push(`Source : ${SOURCE_LABELS[d.source] ?? d.source}${typeof d.dsNumber === 'number' ? `, dossier DS n° ${d.dsNumber}` : ''}`);
  }
  // an action that records the eligibility without changing the state (declarer_eligible)
  if (typeof d.eligibility === 'string' && e.from === e.to && e.action in ACTION_LABELS) {
    out.push(`Éligibilité : ${(ELIGIBILITY_LABELS as Record<string, string>)[d.eligibility] ?? d.eligibility}`);
  }
  if (typeof d.message === 'string' && d.message) out.push(`Message au porteur : ${d.message}`);
  if (typeof d.dueAt === 'string' && d.dueAt) {
    // one date format: « 1 juillet 2021 » (a plain day is read at noon, Paris, so that it never shifts)
    const when = /^\d{4}-\d{2}-\d{2}$/.test(d.dueAt) ? formatParis(`${d.dueAt}T12:00:00+02:00`, 'date') : formatParis(d.dueAt, 'date');
    out.push(`${AVIS_ACTIONS.has(e.action) ? 'Échéance' : 'Date limite de réponse'} : ${when}`);
  }
  if (Array.isArray(d.fields) && d.fields.length)
    out.push(`Champs modifiés : ${d.fields.map((f) => FIELD_LABELS[String(f)] ?? String(f)).join(', ')}`);
  if (d.decisions && typeof d.decisions === 'object') {
    for (const [code, dec] of Object.entries(d.decisions as Record<string, { status?: string; reason?: string | null } | null>)) {
      const label = CRITERION_LABELS[code] ?? code;
      if (!dec) out.push(`${label} : décision retirée`);
      else out.push(`${label} : ${DECISION_LABELS[dec.status ?? ''] ?? dec.status}${dec.reason ? ` — « ${dec.reason} »` : ''}`);
    }
  }
  return out;
}

/** The append-only audit trail of the dossier (GET /api/dossiers/:id/journal), the most recent first. */
export const JournalTab = () => {
  const record = useRecordContext<DossierRecord>();
  const dp = useAppDataProvider();
  const { data, isPending, error } = useQuery({
    queryKey: ['dossiers', String(record?.id), 'journal', record?.version],
    queryFn: ({ signal }) => dp.call<JournalEntry[]>('GET', `/dossiers/${record!.id}/journal`, undefined, { signal }),
    enabled: !!record,
    placeholderData: (previous) => previous,
  });
  if (!record) return null;
  if (isPending) {
    return (
      <Stack direction="row" spacing={1} alignItems="center" role="status">
        <CircularProgress size={20} aria-hidden="true" />
        <Typography>Chargement du journal…</Typography>
      </Stack>
    );
  }
  if (error) return <Alert severity="error">{apiFailure(error).message}</Alert>;
  const entries = [...data].reverse();

  return (
    <Box>
      <Typography variant="h6" component="h2" sx={{ fontWeight: 700, mb: 0.5 }}>
        Journal du dossier
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary', mb: 2 }}>
        Qui a fait quoi, quand et pourquoi ; du plus récent au plus ancien, heure de Paris. Le journal ne se modifie pas.
      </Typography>
      {entries.length === 0 ? (
        <Typography sx={{ fontStyle: 'italic' }}>Aucune entrée.</Typography>
      ) : (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, borderLeft: 2, borderColor: 'primary.main', ml: 1 }}>
          {entries.map((e) => (
            <Box
              component="li"
              key={e.id}
              data-journal-action={e.action}
              sx={{ position: 'relative', pl: 3, pb: 2.5, listStyle: 'none', '&::marker': { content: 'none' } }}
            >
              <Box
                aria-hidden="true"
                sx={{
                  position: 'absolute',
                  left: -7,
                  top: 6,
                  width: 12,
                  height: 12,
                  borderRadius: '50%',
                  bgcolor: 'primary.main',
                  border: '2px solid white',
                }}
              />
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                <ParisDate value={e.at} format="datetime" /> — {actorOf(e)}
              </Typography>
              <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700 }}>
                {journalActionLabel(e.action)}
              </Typography>
              {e.from !== e.to || (e.from === null && e.to) ? (
                <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap" sx={{ mt: 0.5 }}>
                  {e.from ? <StateChip state={e.from} /> : null}
                  {e.from && e.to ? <ArrowForwardIcon fontSize="small" titleAccess="devient" /> : null}
                  {e.to ? <StateChip state={e.to} /> : null}
                </Stack>
              ) : null}
              {e.motif ? (
                <Box
                  component="blockquote"
                  sx={{
                    m: 0,
                    mt: 1,
                    pl: 1.5,
                    borderLeft: 3,
                    borderColor: 'divider',
                    whiteSpace: 'pre-wrap',
                    overflowWrap: 'anywhere',
                    maxWidth: '80ch',
                  }}
                >
                  <Typography variant="body2" component="span" sx={{ fontWeight: 700 }}>
                    Motif :{' '}
                  </Typography>
                  <Typography variant="body2" component="span">
                    {e.motif}
                  </Typography>
                </Box>
              ) : null}
              {details(e).map((line) => (
                <Typography key={line} variant="body2" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>
                  {line}
                </Typography>
              ))}
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
};
