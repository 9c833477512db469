import { CreateButton, DataTable, List, TextInput, TopToolbar } from 'react-admin';
import { ParisDate } from '../../components/ParisDateField';
import { formatCents } from '../../components/euros';
import type { CampaignRecord } from './types';

const campaignFilters = [<TextInput key="q" source="q" label="Recherche" helperText="Nom de la campagne" alwaysOn resettable />];

const ListActions = () => (
  <TopToolbar>
    <CreateButton label="Créer une campagne" />
  </TopToolbar>
);

const Col = DataTable.Col<CampaignRecord>;

/** Every staff member reads the campaigns; only admins create or change them (src/access.ts, checked by the API). */
export const CampaignList = () => (
  <List<CampaignRecord>
    title="Campagnes"
    filters={campaignFilters}
    sort={{ field: 'publishedAt', order: 'DESC' }}
    perPage={25}
    actions={<ListActions />}
    empty={false}
  >
    <DataTable<CampaignRecord> rowClick="show" bulkActionButtons={false}>
      <Col source="name" label="Nom" />
      <Col source="publishedAt" label="Publication" render={(r) => <ParisDate value={r.calendar?.publishedAt} format="date" />} />
      <Col
        source="calendar.phase1DepositDeadline"
        disableSort
        label="Date limite de dépôt (phase 1)"
        render={(r) => <ParisDate value={r.calendar?.phase1DepositDeadline} />}
      />
      <Col source="envelopeCents" disableSort label="Enveloppe" align="right" render={(r) => formatCents(r.envelopeCents)} />
    </DataTable>
  </List>
);
