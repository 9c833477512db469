import {
  BooleanInput,
  CheckboxGroupInput,
  PasswordInput,
  SaveButton,
  SelectArrayInput,
  SimpleForm,
  TextInput,
  Toolbar,
  email,
  maxLength,
  minLength,
  regex,
  required,
} from 'react-admin';
import { AccountActions } from './AccountActions';
import { Typography } from '@mui/material';
import { REGION_CHOICES, ROLE_CHOICES } from '../../labels';

/** Save only: accounts are deactivated (Compte actif off), never deleted. */
const UserFormToolbar = () => (
  <Toolbar>
    <SaveButton label="Enregistrer" />
  </Toolbar>
);

// Light, friendly checks for the form; the API validates everything again and its French messages
// (VALIDATION_FAILED details) are shown under the fields.
const validateFullName = [required('Le nom complet est obligatoire.'), maxLength(200)];
const validateEmail = [required('L’adresse électronique est obligatoire.'), email('Adresse électronique invalide.')];
const validateSiret = regex(/^\s*(\d\s*){14}$/, 'Le SIRET doit comporter 14 chiffres.');

export const UserForm = ({ mode }: { mode: 'create' | 'edit' }) => (
  <SimpleForm toolbar={<UserFormToolbar />} warnWhenUnsavedChanges>
    <Typography variant="h6" component="h2">
      Identité
    </Typography>
    <TextInput source="fullName" label="Nom complet" validate={validateFullName} autoComplete="off" sx={{ maxWidth: 480 }} />
    <TextInput
      source="email"
      label="Adresse électronique"
      type="email"
      validate={validateEmail}
      autoComplete="off"
      sx={{ maxWidth: 480 }}
    />
    {mode === 'create' ? (
      <PasswordInput
        source="password"
        label="Mot de passe (facultatif)"
        helperText="Laissez vide pour envoyer une invitation : la personne choisira son mot de passe (lien valable 72 heures). Sinon 12 caractères au moins, pas un mot de passe courant."
        validate={minLength(12, 'Le mot de passe doit contenir au moins 12 caractères.')}
        autoComplete="new-password"
        sx={{ maxWidth: 480 }}
      />
    ) : (
      <PasswordInput
        source="password"
        label="Nouveau mot de passe"
        helperText="Laissez vide pour conserver le mot de passe actuel (12 caractères au moins). Un changement déconnecte toutes ses sessions."
        validate={minLength(12, 'Le mot de passe doit contenir au moins 12 caractères.')}
        autoComplete="new-password"
        sx={{ maxWidth: 480 }}
      />
    )}
    <TextInput
      source="organisationSiret"
      label="Organisation (SIRET)"
      helperText="14 chiffres ; sert à détecter les conflits d’intérêts."
      validate={validateSiret}
      inputProps={{ inputMode: 'numeric' }}
      sx={{ maxWidth: 480 }}
    />

    <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
      Habilitations
    </Typography>
    <CheckboxGroupInput source="roles" label="Rôles" choices={ROLE_CHOICES} row={false} />
    <SelectArrayInput
      source="regions"
      label="Régions"
      choices={REGION_CHOICES}
      helperText="Régions de rattachement (correspondants ESS, CRESS, experts régionaux)."
      sx={{ maxWidth: 480 }}
    />
    <BooleanInput source="active" label="Compte actif" helperText="Désactiver un compte lui retire tout accès, sans le supprimer." />
    {mode === 'edit' && <AccountActions />}
  </SimpleForm>
);
