import { Box, Typography } from '@mui/material';
import { DataTable, List } from 'react-admin';
import { ParisDate } from '../../components/ParisDateField';
import { StatusChip } from '../../components/StatusChip';
import type { EmailTemplateRecord } from '../../components/notifications';

const Col = DataTable.Col<EmailTemplateRecord>;

/** The French mail templates (`GET /api/email-templates`), for admins; a row opens the editor. */
export const EmailTemplateList = () => (
  <List<EmailTemplateRecord>
    title="Modèles de courriels"
    sort={{ field: 'label', order: 'ASC' }}
    perPage={50}
    pagination={false}
    actions={false}
    exporter={false}
    empty={false}
  >
    <Box sx={{ px: 2, pt: 2 }}>
      <Typography variant="h5" component="h1" sx={{ fontWeight: 700 }}>
        Modèles de courriels
      </Typography>
      <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
        Choisissez un modèle pour le modifier et voir son rendu. « Doublon DS » : quand la campagne renvoie les décisions vers Démarches
        Simplifiées, DS envoie lui-même ce courriel et le nôtre n’est pas envoyé.
      </Typography>
    </Box>
    <DataTable<EmailTemplateRecord> rowClick="edit" bulkActionButtons={false}>
      <Col
        source="label"
        label="Modèle"
        render={(r) => (
          <>
            <Box component="span" sx={{ display: 'block', fontWeight: 700 }}>
              {r.label}
            </Box>
            {r.description ? (
              <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
                {r.description}
              </Box>
            ) : null}
          </>
        )}
      />
      <Col source="code" label="Code" render={(r) => <code>{r.code}</code>} />
      <Col source="audience" label="Destinataires" render={(r) => r.audience ?? '—'} />
      <Col source="subject" label="Objet" disableSort />
      <Col
        source="dsDuplicate"
        label="Doublon DS"
        disableSort
        render={(r) => (r.dsDuplicate ? <StatusChip tone="info" label="Envoyé par DS si activé" /> : 'Non')}
      />
      <Col source="updatedAt" label="Modifié le" render={(r) => <ParisDate value={r.updatedAt} format="short" />} />
    </DataTable>
  </List>
);
