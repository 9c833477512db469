import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import { useGetOne } from 'react-admin';
import { LEGAL_CATEGORY_LABELS, MANDATORY_SECTIONS, OPTIONAL_SECTIONS, SECTION_LABELS } from '../../components/domainLabels';
import { InfoList } from '../../components/InfoList';
import { ParisDate } from '../../components/ParisDateField';
import { apiFailure } from '../../components/apiErrors';
import { formatCents } from '../../components/euros';
import { formatSiret } from '../../components/frenchFormat';
import { regionLabel } from '../../labels';

/** What the panel reads of `GET /api/dossiers/:id` (see apps/api/src/dossiers/dossier.mapper.ts). */
interface DossierForReview {
  id: string;
  phase: 1 | 2;
  projectName: string;
  region: string;
  structure: {
    siret: string | null;
    name: string;
    legalForm: string | null;
    legalCategory: string | null;
    esus: boolean;
    esusDate: string | null;
  };
  sections?: Record<string, string | null>;
  amountRequestedCents: number | null;
  attachments?: { id: string; kind: string; filename: string }[];
  depositedAt: string;
  lateDeposit: boolean;
}

const ORDERED_SECTIONS: readonly string[] = [...MANDATORY_SECTIONS, ...OPTIONAL_SECTIONS];
const sectionLabel = (key: string) => (SECTION_LABELS as Record<string, string>)[key] ?? key;

/**
 * The dossier, readable beside the grid: identity of the project and of the structure porteuse, then every written
 * section under its label (the DS headings), optional ones last. Headings start at level 3 (under « Dossier »).
 */
export const DossierPanel = ({ dossierId }: { dossierId: string }) => {
  const { data: d, isPending, error } = useGetOne<DossierForReview>('dossiers', { id: dossierId });
  if (error) return <Alert severity="error">Le dossier n’a pas pu être chargé : {apiFailure(error).message}</Alert>;
  if (isPending || !d) {
    return (
      <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center', p: 2 }}>
        <CircularProgress size={20} aria-hidden="true" /> Chargement du dossier…
      </Box>
    );
  }
  const sections = d.sections ?? {};
  const extra = Object.keys(sections).filter((k) => !ORDERED_SECTIONS.includes(k));
  const keys = [...ORDERED_SECTIONS, ...extra];
  const category = d.structure.legalCategory
    ? ((LEGAL_CATEGORY_LABELS as Record<string, string>)[d.structure.legalCategory] ?? d.structure.legalCategory)
    : null;
  return (
    <Box>
      <InfoList
        labelWidth={150}
        items={[
          { label: 'Projet', value: d.projectName },
          { label: 'Région', value: regionLabel(d.region) },
          { label: 'Phase', value: `Phase ${d.phase}` },
          { label: 'Structure porteuse', value: d.structure.name },
          { label: 'Forme juridique', value: [d.structure.legalForm, category].filter(Boolean).join(' — ') },
          {
            label: 'Agrément ESUS',
            value: d.structure.esus ? (
              d.structure.esusDate ? (
                <>
                  Oui, depuis le <ParisDate value={d.structure.esusDate} format="date" />
                </>
              ) : (
                'Oui'
              )
            ) : (
              'Non'
            ),
          },
          { label: 'SIRET', value: d.structure.siret ? formatSiret(d.structure.siret) : null },
          ...(d.phase === 2 ? [{ label: 'Montant demandé', value: formatCents(d.amountRequestedCents) }] : []),
          {
            label: 'Dépôt',
            value: (
              <>
                <ParisDate value={d.depositedAt} format="date" />
                {d.lateDeposit ? ' (hors délai)' : ''}
              </>
            ),
          },
        ]}
      />
      {keys.map((key) => {
        const text = sections[key];
        const optional = (OPTIONAL_SECTIONS as readonly string[]).includes(key);
        if (optional && !text) return null;
        return (
          <Box component="section" key={key} aria-labelledby={`dossier-section-${key}`} sx={{ mt: 2.5 }}>
            <Typography
              id={`dossier-section-${key}`}
              component="h3"
              variant="subtitle1"
              sx={{ fontWeight: 700, mb: 0.5, color: 'primary.main' }}
            >
              {sectionLabel(key)}
              {optional ? ' (facultatif)' : ''}
            </Typography>
            {text ? (
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {text}
              </Typography>
            ) : (
              <Typography variant="body2" sx={{ fontStyle: 'italic' }}>
                Non renseigné
              </Typography>
            )}
          </Box>
        );
      })}
      {d.attachments?.length ? (
        <Box component="section" aria-labelledby="dossier-section-attachments" sx={{ mt: 2.5 }}>
          <Typography
            id="dossier-section-attachments"
            component="h3"
            variant="subtitle1"
            sx={{ fontWeight: 700, mb: 0.5, color: 'primary.main' }}
          >
            Pièces jointes
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {d.attachments.map((a) => (
              <li key={a.id}>
                <Typography variant="body2" component="span">
                  {a.filename}
                </Typography>
              </li>
            ))}
          </Box>
        </Box>
      ) : null}
    </Box>
  );
};
