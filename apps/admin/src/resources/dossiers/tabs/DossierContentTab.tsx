import { Box, List, ListItem, ListItemText, Typography } from '@mui/material';
import { LinkBase, ReferenceField, TextField, useCreatePath, useRecordContext } from 'react-admin';
import {
  CHARACTERISATION_OPTIONS,
  LEGAL_CATEGORY_LABELS,
  MANDATORY_SECTIONS,
  OPTIONAL_SECTIONS,
  SECTION_LABELS,
} from '../../../components/domainLabels';
import { DownloadButton } from '../../../components/DownloadButton';
import { InfoList, Section } from '../../../components/InfoList';
import { ParisDate } from '../../../components/ParisDateField';
import { formatCents } from '../../../components/euros';
import { formatSiret } from '../../../components/frenchFormat';
import { regionLabel } from '../../../labels';
import { EligibilityChip, LateBadge, StateChip, stateLabel } from '../fields';
import type { DossierRecord } from '../types';

const SOURCE_LABELS: Record<string, string> = {
  manuel: 'Saisie manuelle',
  ds: 'Démarches Simplifiées (API)',
  fichier: 'Fichier d’export Démarches Simplifiées',
};

export const ATTACHMENT_KIND_LABELS: Record<string, string> = {
  statuts: 'Statuts de la structure porteuse',
  budget: 'Budget',
  autre: 'Autre pièce',
};

/** Field names of the characterisation (seed 003). */
const CHARACTERISATION_LABELS: Record<string, string> = {
  localAuthorities: 'Collectivités impliquées',
  stage: 'Stade de développement',
  perimeter: 'Périmètre',
  setting: 'Milieu',
  size: 'Nombre d’organisations membres',
  memberKinds: 'Types de membres',
  sector: 'Secteurs d’activité',
  fragileTerritory: 'Territoire fragile',
  // Seed 003: the services the PTCE mobilises and the nature of its activity.
  servicesMobilises: 'Services mobilisés',
  activityNature: 'Nature d’activité',
};

const formatBytes = (n: number | null) => {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} o`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} ko`;
  return `${(n / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
};

function characterisationValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (key === 'size') return String(value);
  const options = (CHARACTERISATION_OPTIONS as Record<string, readonly { code: string; label: string }[]>)[key] ?? [];
  const label = (code: unknown) => options.find((o) => o.code === code)?.label ?? String(code);
  return Array.isArray(value) ? value.map(label).join(', ') : label(value);
}

const LongText = ({ text }: { text: string | null | undefined }) =>
  text && text.trim() ? (
    <Typography variant="body2" component="div" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxWidth: '80ch' }}>
      {text}
    </Typography>
  ) : (
    <Typography variant="body2" sx={{ fontStyle: 'italic', color: 'text.secondary' }}>
      Non renseigné
    </Typography>
  );

/** Everything the porteur wrote, section by section, with the DS headings. Read only. */
export const DossierContentTab = () => {
  const record = useRecordContext<DossierRecord>();
  const createPath = useCreatePath();
  if (!record) return null;
  const s = record.structure ?? ({} as DossierRecord['structure']);
  const characterisation = record.characterisation ?? {};
  const charKeys = Object.keys(CHARACTERISATION_LABELS);

  return (
    <Box>
      <Section title="Identification">
        <InfoList
          items={[
            { label: 'Nom du projet', value: record.projectName },
            {
              label: 'Campagne',
              value: (
                <ReferenceField source="campaignId" reference="campaigns" link="show">
                  <TextField source="name" />
                </ReferenceField>
              ),
            },
            { label: 'Phase', value: `Phase ${record.phase}` },
            { label: 'Région', value: regionLabel(record.region) },
            { label: 'Numéro de dossier DS', value: record.dsNumber ? String(record.dsNumber) : null },
            {
              label: 'Dépôt',
              value: (
                <Box component="span" sx={{ display: 'inline-flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                  <ParisDate value={record.depositedAt} />
                  <LateBadge late={record.lateDeposit} />
                </Box>
              ),
            },
            { label: 'Origine', value: SOURCE_LABELS[record.source] ?? record.source },
            { label: 'État', value: <StateChip state={record.state} /> },
            { label: 'Éligibilité', value: <EligibilityChip eligibility={record.eligibility} /> },
            ...(record.phase === 2
              ? [
                  {
                    label: 'Dossier de phase 1',
                    value: record.parentDossierId ? (
                      <LinkBase to={createPath({ resource: 'dossiers', id: record.parentDossierId, type: 'show' })}>
                        Voir le dossier de phase 1
                      </LinkBase>
                    ) : null,
                  },
                  { label: 'Montant demandé', value: formatCents(record.amountRequestedCents) },
                ]
              : []),
            ...(record.invitedToPhase2At ? [{ label: 'Invité en phase 2 le', value: <ParisDate value={record.invitedToPhase2At} /> }] : []),
            ...(record.decision
              ? [
                  {
                    label: 'Décision',
                    value: (
                      <>
                        {stateLabel(record.decision.outcome)}
                        {record.decision.amountCents !== null ? ` — ${formatCents(record.decision.amountCents)}` : ''}
                        {record.decision.motif ? <LongText text={record.decision.motif} /> : null}
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Section>

      <Section title="Structure porteuse">
        <InfoList
          items={[
            { label: 'Raison sociale', value: s.name },
            { label: 'SIRET', value: formatSiret(s.siret) },
            {
              label: 'Forme juridique',
              value:
                s.legalForm || s.legalFormCode
                  ? `${s.legalForm ?? 'Libellé inconnu'}${s.legalFormCode ? ` (catégorie juridique INSEE ${s.legalFormCode})` : ''}`
                  : null,
            },
            {
              label: 'Catégorie',
              value: s.legalCategory ? ((LEGAL_CATEGORY_LABELS as Record<string, string>)[s.legalCategory] ?? s.legalCategory) : null,
            },
            {
              label: 'Agrément ESUS',
              value: s.esus ? (
                <>
                  Oui
                  {s.esusDate ? (
                    <>
                      , depuis le <ParisDate value={s.esusDate} format="date" />
                    </>
                  ) : null}
                </>
              ) : (
                'Non'
              ),
            },
            {
              label: 'Organisations membres (SIREN / SIRET)',
              value: record.memberSirets?.length ? record.memberSirets.map(formatSiret).join(', ') : null,
            },
          ]}
        />
      </Section>

      <Section title="Personne référente">
        <InfoList
          items={[
            { label: 'Nom', value: record.referent?.name },
            {
              label: 'Courriel',
              value: record.referent?.email ? <a href={`mailto:${record.referent.email}`}>{record.referent.email}</a> : null,
            },
            {
              label: 'Téléphone',
              value: record.referent?.phone ? (
                <a href={`tel:${record.referent.phone.replace(/[^\d+]/g, '')}`}>{record.referent.phone}</a>
              ) : null,
            },
          ]}
        />
      </Section>

      <Section title="Pièces jointes">
        {record.attachments?.length ? (
          <List dense disablePadding sx={{ maxWidth: 720 }}>
            {record.attachments.map((a) => (
              <ListItem
                key={a.id}
                disableGutters
                divider
                secondaryAction={
                  a.stored ? (
                    <DownloadButton path={`/api/dossiers/${record.id}/attachments/${a.id}/file`} filename={a.filename} />
                  ) : undefined
                }
              >
                <ListItemText
                  primary={a.filename}
                  secondary={[
                    ATTACHMENT_KIND_LABELS[a.kind] ?? a.kind,
                    formatBytes(a.byteSize),
                    a.stored ? 'fichier conservé' : 'pièce déclarée (fichier non conservé)',
                  ]
                    .filter(Boolean)
                    .join(' — ')}
                  slotProps={{ primary: { sx: { overflowWrap: 'anywhere' } } }}
                />
              </ListItem>
            ))}
          </List>
        ) : (
          <Typography variant="body2" sx={{ fontStyle: 'italic' }}>
            Aucune pièce jointe.
          </Typography>
        )}
      </Section>

      <Section title="Dossier de candidature">
        {MANDATORY_SECTIONS.map((key) => (
          <Box key={key} component="section" sx={{ mb: 2.5 }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700, mb: 0.5 }}>
              {SECTION_LABELS[key]}
            </Typography>
            <LongText text={record.sections?.[key]} />
          </Box>
        ))}
        {OPTIONAL_SECTIONS.map((key) => (
          <Box key={key} component="section" sx={{ mb: 2.5 }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 700, mb: 0.5 }}>
              {SECTION_LABELS[key]}{' '}
              <Typography component="span" variant="body2" sx={{ color: 'text.secondary' }}>
                (facultatif)
              </Typography>
            </Typography>
            <LongText text={record.sections?.[key]} />
          </Box>
        ))}
      </Section>

      <Section title="Caractérisation du PTCE">
        <InfoList
          items={charKeys.map((key) => ({ label: CHARACTERISATION_LABELS[key], value: characterisationValue(key, characterisation[key]) }))}
        />
      </Section>
    </Box>
  );
};

export { CHARACTERISATION_LABELS };
