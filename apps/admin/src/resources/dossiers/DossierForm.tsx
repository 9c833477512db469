import type { ReactNode } from 'react';
import { Box, Divider, Typography } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  CheckboxGroupInput,
  DateInput,
  FormDataConsumer,
  NumberInput,
  RadioButtonGroupInput,
  ReferenceInput,
  SaveButton,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Toolbar,
  email,
  maxLength,
  regex,
  required,
  useRecordContext,
} from 'react-admin';
import { CHARACTERISATION_OPTIONS, MANDATORY_SECTIONS, OPTIONAL_SECTIONS, SECTION_LABELS } from '../../components/domainLabels';
import { ParisDateTimeInput } from '../../components/ParisDateTimeInput';
import { EurosInput } from '../../components/euros';
import { REGION_CHOICES } from '../../labels';
import { ATTACHMENT_KIND_LABELS, CHARACTERISATION_LABELS } from './tabs/DossierContentTab';
import { declaredAttachmentsOf } from './payload';
import type { DossierRecord } from './types';

const FormToolbar = () => (
  <Toolbar>
    <SaveButton label="Enregistrer" />
  </Toolbar>
);

const Title = ({ children, first }: { children: string; first?: boolean }) => (
  <>
    {first ? null : <Divider flexItem sx={{ my: 2 }} />}
    <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
      {children}
    </Typography>
  </>
);

const choicesOf = (key: keyof typeof CHARACTERISATION_OPTIONS) => CHARACTERISATION_OPTIONS[key].map((o) => ({ id: o.code, name: o.label }));
const KIND_CHOICES = Object.entries(ATTACHMENT_KIND_LABELS).map(([id, name]) => ({ id, name }));
const PHASE_CHOICES = [
  { id: 1, name: 'Phase 1' },
  { id: 2, name: 'Phase 2' },
];
const wide = { maxWidth: 720 };

// light checks for comfort; the API validates everything and its French messages show under the fields
const siret = regex(/^\s*(\d\s*){14}$/, 'Le SIRET doit comporter 14 chiffres.');
const inseeCode = regex(/^\s*\d{4}\s*$/, 'Le code de catégorie juridique INSEE comporte 4 chiffres.');

/** Content of a dossier, entered or corrected by an instructeur. The state only changes through the actions. */
export const DossierForm = ({ mode, before }: { mode: 'create' | 'edit'; before?: ReactNode }) => {
  const record = useRecordContext<DossierRecord>();
  return (
    <SimpleForm
      toolbar={<FormToolbar />}
      warnWhenUnsavedChanges
      defaultValues={(r: Partial<DossierRecord>) => ({ declaredAttachments: declaredAttachmentsOf(r) })}
      sx={{ maxWidth: 960 }}
    >
      {before}
      {mode === 'create' ? (
        <>
          <Title first>Dépôt</Title>
          <ReferenceInput source="campaignId" reference="campaigns" sort={{ field: 'publishedAt', order: 'DESC' }}>
            <SelectInput label="Campagne" optionText="name" validate={required('La campagne est obligatoire.')} sx={wide} />
          </ReferenceInput>
          <RadioButtonGroupInput source="phase" label="Phase" choices={PHASE_CHOICES} validate={required()} />
          <FormDataConsumer<{ phase?: number; campaignId?: string }>>
            {({ formData }) =>
              Number(formData.phase) === 2 ? (
                <ReferenceInput
                  source="parentDossierId"
                  reference="dossiers"
                  filter={{ phase: 1, ...(formData.campaignId ? { campaignId: formData.campaignId } : {}) }}
                  sort={{ field: 'projectName', order: 'ASC' }}
                >
                  <AutocompleteInput
                    label="Dossier de phase 1 de la structure"
                    optionText={(d: DossierRecord) => `${d.projectName} — ${d.structure?.name ?? ''}`}
                    filterToQuery={(q) => ({ q })}
                    helperText="Un dossier de phase 2 se rattache au dossier de phase 1 de la même structure."
                    sx={wide}
                  />
                </ReferenceInput>
              ) : null
            }
          </FormDataConsumer>
          <NumberInput
            source="dsNumber"
            label="N° de dossier DS"
            min={1}
            step={1}
            helperText="Facultatif pour un dossier reçu hors Démarches Simplifiées."
            sx={{ maxWidth: 360 }}
          />
          <ParisDateTimeInput source="depositedAt" label="Date et heure du dépôt" helperText="Laissez vide pour « maintenant »." optional />
        </>
      ) : (
        <Typography variant="body2" sx={{ mb: 1 }}>
          Dossier {record?.dsNumber ? `DS n° ${record.dsNumber}` : 'saisi hors DS'}, phase {record?.phase}. L’état du dossier ne se modifie
          pas ici : utilisez les actions de la page du dossier.
        </Typography>
      )}

      <Title first={mode === 'edit'}>Projet</Title>
      <TextInput
        source="projectName"
        label="Nom du projet"
        validate={[required('Le nom du projet est obligatoire.'), maxLength(300)]}
        sx={wide}
      />
      <SelectInput
        source="region"
        label="Région"
        choices={REGION_CHOICES}
        validate={required('La région est obligatoire.')}
        sx={{ maxWidth: 360 }}
      />

      <Title>Structure porteuse</Title>
      <TextInput
        source="structure.name"
        label="Raison sociale"
        validate={[required('Le nom de la structure porteuse est obligatoire.'), maxLength(300)]}
        sx={wide}
      />
      <TextInput
        source="structure.siret"
        label="SIRET"
        validate={siret}
        helperText="14 chiffres."
        inputProps={{ inputMode: 'numeric' }}
        sx={{ maxWidth: 360 }}
      />
      <TextInput
        source="structure.legalFormCode"
        label="Catégorie juridique INSEE"
        validate={inseeCode}
        helperText="Code à 4 chiffres (niveau III), par exemple 9220 pour une association déclarée."
        inputProps={{ inputMode: 'numeric' }}
        sx={{ maxWidth: 360 }}
      />
      <TextInput
        source="structure.legalForm"
        label="Forme juridique (libellé)"
        helperText="Déduit du code INSEE si laissé vide."
        sx={wide}
      />
      <BooleanInput source="structure.esus" label="Agrément ESUS (entreprise solidaire d’utilité sociale)" />
      <FormDataConsumer<{ structure?: { esus?: boolean } }>>
        {({ formData }) =>
          formData.structure?.esus ? <DateInput source="structure.esusDate" label="Date de l’agrément ESUS" sx={{ maxWidth: 360 }} /> : null
        }
      </FormDataConsumer>
      <TextInput
        source="memberSirets"
        label="Organisations membres (SIREN ou SIRET)"
        helperText="Une par ligne ; sert à détecter les conflits d’intérêts des relecteurs."
        multiline
        minRows={2}
        format={(v: unknown) => (Array.isArray(v) ? v.join('\n') : '')}
        parse={(v: string) => (v ? v.split('\n') : [])}
        sx={wide}
      />

      <Title>Personne référente</Title>
      <TextInput source="referent.name" label="Nom de la personne référente" sx={wide} />
      <TextInput
        source="referent.email"
        label="Courriel de la personne référente"
        type="email"
        validate={email('Adresse électronique invalide.')}
        sx={wide}
      />
      <TextInput source="referent.phone" label="Téléphone de la personne référente" type="tel" sx={{ maxWidth: 360 }} />

      <Title>Pièces jointes déclarées</Title>
      <Typography variant="body2" sx={{ mb: 1, ...wide }}>
        Les pièces reçues hors Démarches Simplifiées (par exemple les statuts transmis par courriel). Les fichiers importés de DS sont
        conservés tels quels.
      </Typography>
      <ArrayInput source="declaredAttachments" label={false}>
        <SimpleFormIterator inline disableReordering>
          <SelectInput source="kind" label="Type de pièce" choices={KIND_CHOICES} validate={required()} sx={{ minWidth: 260 }} />
          <TextInput source="filename" label="Nom du fichier" validate={required()} sx={{ minWidth: 320 }} />
        </SimpleFormIterator>
      </ArrayInput>

      <Title>Dossier de candidature</Title>
      {[...MANDATORY_SECTIONS, ...OPTIONAL_SECTIONS].map((key) => (
        <TextInput
          key={key}
          source={`sections.${key}`}
          label={`${SECTION_LABELS[key]}${(OPTIONAL_SECTIONS as readonly string[]).includes(key) ? ' (facultatif)' : ''}`}
          multiline
          minRows={3}
          sx={wide}
        />
      ))}
      <FormDataConsumer<{ phase?: number }>>
        {({ formData }) =>
          Number(formData.phase) === 2 ? <EurosInput source="amountRequestedCents" label="Montant demandé (phase 2, euros)" /> : null
        }
      </FormDataConsumer>

      <Title>Caractérisation du PTCE</Title>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <SelectInput
          source="characterisation.stage"
          label={CHARACTERISATION_LABELS.stage}
          choices={choicesOf('stage')}
          emptyText="Non renseigné"
          sx={{ width: 280, maxWidth: '100%' }}
        />
        <SelectInput
          source="characterisation.perimeter"
          label={CHARACTERISATION_LABELS.perimeter}
          choices={choicesOf('perimeter')}
          emptyText="Non renseigné"
          sx={{ width: 280, maxWidth: '100%' }}
        />
        <SelectInput
          source="characterisation.setting"
          label={CHARACTERISATION_LABELS.setting}
          choices={choicesOf('setting')}
          emptyText="Non renseigné"
          sx={{ width: 280, maxWidth: '100%' }}
        />
        <NumberInput
          source="characterisation.size"
          label={CHARACTERISATION_LABELS.size}
          min={0}
          step={1}
          sx={{ width: 320, maxWidth: '100%' }}
        />
      </Box>
      <CheckboxGroupInput
        source="characterisation.localAuthorities"
        label={CHARACTERISATION_LABELS.localAuthorities}
        choices={choicesOf('localAuthorities')}
      />
      <CheckboxGroupInput
        source="characterisation.memberKinds"
        label={CHARACTERISATION_LABELS.memberKinds}
        choices={choicesOf('memberKinds')}
      />
      <CheckboxGroupInput source="characterisation.sector" label={CHARACTERISATION_LABELS.sector} choices={choicesOf('sector')} />
      <CheckboxGroupInput
        source="characterisation.fragileTerritory"
        label={CHARACTERISATION_LABELS.fragileTerritory}
        choices={choicesOf('fragileTerritory')}
      />
      <CheckboxGroupInput
        source="characterisation.servicesMobilises"
        label={CHARACTERISATION_LABELS.servicesMobilises}
        choices={choicesOf('servicesMobilises')}
      />
      <CheckboxGroupInput
        source="characterisation.activityNature"
        label={CHARACTERISATION_LABELS.activityNature}
        choices={choicesOf('activityNature')}
      />
    </SimpleForm>
  );
};
