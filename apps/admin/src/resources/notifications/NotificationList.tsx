import { useState } from 'react';
import { Box, Link, Typography } from '@mui/material';
import { DataTable, FilterButton, List, ReferenceInput, SelectInput, TextInput, TopToolbar, useListContext } from 'react-admin';
import { ParisDate } from '../../components/ParisDateField';
import {
  CHANNEL_CHOICES,
  CHANNEL_LABELS,
  NotificationDrawer,
  NotificationStatusChip,
  SendProgress,
  STATUS_CHOICES,
  TEMPLATE_CHOICES,
  templateLabel,
  type NotificationRecord,
} from '../../components/notifications';

const filters = [
  <TextInput key="q" source="q" label="Recherche" helperText="Destinataire, objet ou projet" alwaysOn resettable />,
  <SelectInput key="status" source="status" label="Statut" choices={STATUS_CHOICES} alwaysOn emptyText="Tous les statuts" />,
  <SelectInput key="template" source="template" label="Modèle" choices={TEMPLATE_CHOICES} alwaysOn emptyText="Tous les modèles" />,
  <ReferenceInput key="campaignId" source="campaignId" reference="campaigns" sort={{ field: 'publishedAt', order: 'DESC' }} alwaysOn>
    <SelectInput label="Campagne" optionText="name" emptyText="Toutes les campagnes" />
  </ReferenceInput>,
  <SelectInput key="channel" source="channel" label="Canal" choices={CHANNEL_CHOICES} emptyText="Tous les canaux" />,
  <TextInput key="recipient" source="recipient" label="Destinataire (adresse exacte)" />,
];

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
  </TopToolbar>
);

/** The counts and the burst progress of the campaign chosen in the filters (of every campaign otherwise). */
const ProgressForFilter = () => {
  const { filterValues } = useListContext();
  const campaignId = typeof filterValues?.campaignId === 'string' ? filterValues.campaignId : null;
  return <SendProgress campaignId={campaignId} title={campaignId ? 'Envois de la campagne choisie' : 'Envois de toutes les campagnes'} />;
};

const Col = DataTable.Col<NotificationRecord>;

/**
 * « Courriels »: the outbox of the platform (`GET /api/notifications`), paginated and filtered by the server; a row
 * opens a drawer with the rendered mail and, for instructeurs and admins, the resend / cancel buttons.
 */
export const NotificationList = () => {
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <List<NotificationRecord>
        title="Courriels"
        filters={filters}
        sort={{ field: 'scheduledFor', order: 'DESC' }}
        perPage={25}
        actions={<ListActions />}
        empty={false}
        exporter={false}
        sx={{ '& .RaList-content': { overflowX: 'auto' } }}
      >
        <Box sx={{ px: 2, pt: 2 }}>
          <Typography variant="h5" component="h1" sx={{ fontWeight: 700, mb: 1 }}>
            Courriels
          </Typography>
          <ProgressForFilter />
        </Box>
        <DataTable<NotificationRecord>
          rowClick={(id) => {
            setOpenId(String(id));
            return false;
          }}
          bulkActionButtons={false}
          sx={{ '& .MuiTableCell-root': { px: { md: 1, xl: 2 } } }}
        >
          <Col
            source="scheduledFor"
            label="Prévu pour"
            render={(r) => <ParisDate value={r.scheduledFor} format="short" emptyText="Dès que possible" />}
          />
          <Col
            source="template"
            label="Courriel"
            disableSort
            render={(r) => (
              <>
                <Link
                  component="button"
                  type="button"
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpenId(String(r.id));
                  }}
                  sx={{ display: 'block', fontWeight: 700, textAlign: 'left' }}
                  aria-label={`Voir le courriel « ${templateLabel(r.template, r.templateLabel)} » à ${r.recipient}`}
                >
                  {templateLabel(r.template, r.templateLabel)}
                </Link>
                {r.subject ? (
                  <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem', overflowWrap: 'anywhere' }}>
                    {r.subject}
                  </Box>
                ) : null}
              </>
            )}
          />
          <Col
            source="recipient"
            label="Destinataire"
            disableSort
            render={(r) => (
              <Box component="span" sx={{ overflowWrap: 'anywhere' }}>
                {r.recipientName ? (
                  <>
                    {r.recipientName}
                    <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
                      {r.recipient}
                    </Box>
                  </>
                ) : (
                  r.recipient
                )}
              </Box>
            )}
          />
          <Col source="projectName" label="Dossier" disableSort render={(r) => r.projectName ?? '—'} />
          <Col source="channel" label="Canal" disableSort render={(r) => CHANNEL_LABELS[r.channel] ?? r.channel} />
          <Col source="status" label="Statut" render={(r) => <NotificationStatusChip status={r.status} />} />
          <Col source="attempts" label="Tentatives" disableSort render={(r) => String(r.attempts ?? 0)} />
          <Col source="sentAt" label="Envoyé le" render={(r) => <ParisDate value={r.sentAt} format="short" />} />
        </DataTable>
      </List>
      <NotificationDrawer notificationId={openId} onClose={() => setOpenId(null)} />
    </>
  );
};
