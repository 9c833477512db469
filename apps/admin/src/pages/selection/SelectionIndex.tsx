import { Box, Card, CardContent, CircularProgress, Stack, Typography, Alert } from '@mui/material';
import { LinkBase, Title, useGetList } from 'react-admin';
import { apiFailure } from '../../components/apiErrors';
import { ParisDate } from '../../components/ParisDateField';

interface CampaignLike {
  id: string;
  name: string;
  calendar?: { publishedAt?: string | null };
  selection?: { phase1ArreteAt: string | null; phase2ArreteAt: string | null };
  phase1ArreteAt?: string | null;
  phase2ArreteAt?: string | null;
}

const arreteAt = (c: CampaignLike, phase: 1 | 2) =>
  phase === 1 ? (c.phase1ArreteAt ?? c.selection?.phase1ArreteAt ?? null) : (c.phase2ArreteAt ?? c.selection?.phase2ArreteAt ?? null);

/** « Sélection »: the campaigns, each with a link to the selection board of each phase. */
export const SelectionIndex = () => {
  const { data, error, isPending } = useGetList<CampaignLike>('campaigns', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'publishedAt', order: 'DESC' },
  });
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Sélection" />
      <Typography variant="h5" component="h1" sx={{ fontWeight: 700, mb: 2 }}>
        Sélection des lauréats
      </Typography>
      {error ? <Alert severity="error">{apiFailure(error).message}</Alert> : null}
      {isPending ? (
        <Box role="status" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <CircularProgress size={20} aria-hidden="true" /> Chargement des campagnes…
        </Box>
      ) : null}
      {data && data.length === 0 ? <Typography sx={{ fontStyle: 'italic' }}>Aucune campagne.</Typography> : null}
      <Stack spacing={2} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {(data ?? []).map((c) => (
          <Card key={c.id} component="li" variant="outlined">
            <CardContent>
              <Typography component="h2" variant="h6" sx={{ fontWeight: 700 }}>
                {c.name}
              </Typography>
              <Stack direction="row" spacing={3} useFlexGap flexWrap="wrap" sx={{ mt: 1 }}>
                {([1, 2] as const).map((p) => (
                  <Box key={p}>
                    <LinkBase to={`/selection/${c.id}/${p}`}>Tableau de sélection — phase {p}</LinkBase>
                    <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                      {arreteAt(c, p) ? (
                        <>
                          Arrêtée le <ParisDate value={arreteAt(c, p)} format="date" />
                        </>
                      ) : (
                        'Non arrêtée'
                      )}
                    </Typography>
                  </Box>
                ))}
              </Stack>
            </CardContent>
          </Card>
        ))}
      </Stack>
    </Box>
  );
};
