import { Edit, useRecordContext } from 'react-admin';
import { CampaignForm } from './CampaignForm';
import { toCampaignPayload, type CampaignRecord } from './types';

const CampaignTitle = () => {
  const record = useRecordContext<CampaignRecord>();
  return <>Campagne{record ? ` : ${record.name}` : ''}</>;
};

/** Pessimistic: waits for the server, whose refusal (calendar order, VERSION_CONFLICT) is shown in French. */
export const CampaignEdit = () => (
  <Edit<CampaignRecord> title={<CampaignTitle />} mutationMode="pessimistic" redirect="show" transform={toCampaignPayload}>
    <CampaignForm />
  </Edit>
);
