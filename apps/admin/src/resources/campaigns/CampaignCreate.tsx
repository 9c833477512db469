import { Create } from 'react-admin';
import { CampaignForm } from './CampaignForm';
import { toCampaignPayload } from './types';

/** Defaults shown in the form (they are the server's defaults too); the admin changes them as needed. */
const NEW_CAMPAIGN = {
  timezone: 'Europe/Paris',
  calendar: {},
  dsDemarches: { phase1: null, phase2: null },
  requiredAvisRoles: ['correspondant_ess', 'cress', 'compagnon'],
  compagnonsPerDossier: 1,
  avisDelayDays: 21,
};

export const CampaignCreate = () => (
  <Create title="Créer une campagne" redirect="show" transform={toCampaignPayload} record={NEW_CAMPAIGN}>
    <CampaignForm />
  </Create>
);
