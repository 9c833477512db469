import { Box, Checkbox, Divider, FormControlLabel, FormHelperText, Typography } from '@mui/material';
import { CheckboxGroupInput, NumberInput, SaveButton, SimpleForm, TextInput, Toolbar, maxLength, required, useInput } from 'react-admin';
import { CALENDAR_FIELDS, CALENDAR_FIELD_LABELS, REVIEWER_ROLES, type CalendarField } from '../../components/domainLabels';
import { ParisDateTimeInput } from '../../components/ParisDateTimeInput';
import { EurosInput } from '../../components/euros';
import { roleLabel } from '../../labels';

const FormToolbar = () => (
  <Toolbar>
    <SaveButton label="Enregistrer" />
  </Toolbar>
);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Input conveniences only (the time filled in when a day is picked); the server checks the calendar. */
const CALENDAR_INPUTS: Record<CalendarField, { defaultTime: string; helperText?: string; optional?: boolean }> = {
  publishedAt: { defaultTime: '00:00:00' },
  phase1DepositDeadline: { defaultTime: '23:59:59', helperText: 'Un dossier déposé après cet instant est signalé « hors délai ».' },
  phase1AnnouncementAt: { defaultTime: '10:00:00', helperText: 'Les courriels de décision de la phase 1 partent à cette date.' },
  phase2InvitationAt: { defaultTime: '10:00:00' },
  phase2DepositDeadline: { defaultTime: '23:59:59', helperText: 'Un dossier déposé après cet instant est signalé « hors délai ».' },
  phase2AnnouncementAt: { defaultTime: '10:00:00', optional: true, helperText: 'Peut être fixée plus tard.' },
};

export const REVIEWER_ROLE_CHOICES = REVIEWER_ROLES.map((id) => ({ id, name: roleLabel(id) }));

/** A labelled checkbox bound to a boolean field (react-admin's BooleanInput is a switch). */
const CheckboxInput = ({ source, label, helperText }: { source: string; label: string; helperText: string }) => {
  const { id, field } = useInput({ source, defaultValue: false });
  return (
    <Box sx={{ mb: 1, maxWidth: 720 }}>
      <FormControlLabel
        control={<Checkbox id={id} checked={!!field.value} onChange={(e) => field.onChange(e.target.checked)} onBlur={field.onBlur} />}
        label={label}
      />
      <FormHelperText sx={{ mt: -0.5, ml: 4 }}>{helperText}</FormHelperText>
    </Box>
  );
};

const SectionTitle = ({ children }: { children: string }) => (
  <Typography variant="h6" component="h2" sx={{ mt: 1, mb: 1 }}>
    {children}
  </Typography>
);

/**
 * Campaign form with its calendar editor: each date is entered as a day and a time in Paris time and sent as ISO
 * 8601 with the offset; the server refuses an impossible order (VALIDATION_FAILED, details `calendar.<field>`),
 * shown under the date concerned. The record's `version` goes back with the form (optimistic lock).
 */
export const CampaignForm = () => (
  <SimpleForm toolbar={<FormToolbar />} warnWhenUnsavedChanges sx={{ maxWidth: 900 }}>
    <SectionTitle>Campagne</SectionTitle>
    <TextInput
      source="name"
      label="Nom de la campagne"
      validate={[required('Le nom est obligatoire.'), maxLength(200, 'Le nom est trop long (200 caractères au plus).')]}
      sx={{ maxWidth: 640 }}
    />

    <Divider flexItem sx={{ my: 2 }} />
    <SectionTitle>Calendrier (heure de Paris)</SectionTitle>
    <Typography variant="body2" sx={{ mb: 2, maxWidth: 640 }}>
      Les dates se saisissent en heure de Paris, dans l’ordre chronologique des étapes de l’appel. Modifier une date en cours de campagne
      décale tout ce qui en dépend (relances, courriels de décision, signalement « hors délai »).
    </Typography>
    <Box sx={{ display: 'flex', flexDirection: 'column', width: '100%' }}>
      {CALENDAR_FIELDS.map((field) => (
        <ParisDateTimeInput
          key={field}
          source={`calendar.${field}`}
          label={capitalise(CALENDAR_FIELD_LABELS[field])}
          defaultTime={CALENDAR_INPUTS[field].defaultTime}
          helperText={CALENDAR_INPUTS[field].helperText}
          optional={CALENDAR_INPUTS[field].optional}
        />
      ))}
    </Box>

    <Divider flexItem sx={{ my: 2 }} />
    <SectionTitle>Financement</SectionTitle>
    <EurosInput
      source="envelopeCents"
      label="Enveloppe de la campagne (euros)"
      helperText="Soutien financier de la phase 2, pour l’ensemble des lauréats."
    />

    <Divider flexItem sx={{ my: 2 }} />
    <SectionTitle>Démarches Simplifiées</SectionTitle>
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <NumberInput source="dsDemarches.phase1" label="Numéro de démarche — phase 1" min={1} step={1} sx={{ width: 280 }} />
      <NumberInput source="dsDemarches.phase2" label="Numéro de démarche — phase 2" min={1} step={1} sx={{ width: 280 }} />
    </Box>
    <CheckboxInput
      source="dsDepositAcknowledgement"
      label="Envoyer aussi notre accusé de réception pour les dossiers déposés sur DS"
      helperText="DS accuse déjà réception des dépôts : à cocher seulement si vous voulez un second courriel."
    />
    <CheckboxInput
      source="dsChannelEnabled"
      label="Renvoyer le suivi vers Démarches Simplifiées (passage en instruction, demandes de compléments, décisions)"
      helperText="Les dossiers venus de DS y sont passés en instruction, reçoivent les demandes de compléments par la messagerie DS et la décision avec son motif à la date d’annonce ; DS prévient alors lui-même le porteur et nos courriels correspondants ne partent pas. Nécessite un jeton DS en écriture et DS_INSTRUCTEUR_ID."
    />

    <Divider flexItem sx={{ my: 2 }} />
    <SectionTitle>Avis</SectionTitle>
    <CheckboxGroupInput
      source="requiredAvisRoles"
      label="Avis requis sur chaque dossier"
      choices={REVIEWER_ROLE_CHOICES}
      row={false}
      helperText="Un dossier éligible est instruit quand tous ces avis sont rendus."
    />
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <NumberInput source="compagnonsPerDossier" label="PTCE Compagnons par dossier" min={0} max={5} step={1} sx={{ width: 280 }} />
      <NumberInput source="avisDelayDays" label="Délai de remise des avis (jours)" min={1} max={365} step={1} sx={{ width: 280 }} />
    </Box>
  </SimpleForm>
);
