import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import CloudDownloadIcon from '@mui/icons-material/CloudDownload';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Title, useGetList, useNotify, useRedirect } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { DsMappingEditor } from './DsMappingEditor';
import { RoleGate } from './RoleGate';
import { apiMessage, type ImportRecord } from './types';

interface CampaignOption {
  id: string;
  name: string;
  dsDemarches?: { phase1: number | null; phase2: number | null };
}

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const CampaignPhase = ({
  campaigns,
  campaignId,
  onCampaign,
  phase,
  onPhase,
  idPrefix,
}: {
  campaigns: CampaignOption[];
  campaignId: string;
  onCampaign: (id: string) => void;
  phase: 1 | 2;
  onPhase: (p: 1 | 2) => void;
  idPrefix: string;
}) => (
  <Stack direction={{ xs: 'column', sm: 'row' }} spacing={3} alignItems={{ sm: 'center' }}>
    <TextField
      select
      required
      label="Campagne"
      value={campaignId}
      onChange={(e) => onCampaign(e.target.value)}
      sx={{ minWidth: 360 }}
      id={`${idPrefix}-campaign`}
    >
      {campaigns.map((c) => (
        <MenuItem key={c.id} value={c.id}>
          {c.name}
        </MenuItem>
      ))}
    </TextField>
    <FormControl>
      <FormLabel id={`${idPrefix}-phase`}>Phase</FormLabel>
      <RadioGroup row aria-labelledby={`${idPrefix}-phase`} value={String(phase)} onChange={(e) => onPhase(e.target.value === '2' ? 2 : 1)}>
        <FormControlLabel value="1" control={<Radio />} label="Phase 1" />
        <FormControlLabel value="2" control={<Radio />} label="Phase 2" />
      </RadioGroup>
    </FormControl>
  </Stack>
);

/** Starts an import: from the DS API (queued, then followed live) or from a DS export file (CSV or XLSX). */
const ImportStart = () => {
  const uid = useId();
  const provider = useAppDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const { data: campaigns = [], isPending } = useGetList<CampaignOption>('campaigns', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'publishedAt', order: 'DESC' },
  });

  const [campaignId, setCampaignId] = useState('');
  const [phase, setPhase] = useState<1 | 2>(1);
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState<'ds' | 'file' | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const selected = campaignId || campaigns[0]?.id || '';
  const campaign = useMemo(() => campaigns.find((c) => c.id === selected), [campaigns, selected]);
  const demarche = campaign?.dsDemarches ? (phase === 1 ? campaign.dsDemarches.phase1 : campaign.dsDemarches.phase2) : undefined;

  const failed = (error: unknown, fallback: string) => {
    const body = (error as { body?: { code?: string; details?: { importId?: string } } })?.body;
    notify(apiMessage(error, fallback), { type: 'error' });
    if (body?.code === 'IMPORT_ALREADY_RUNNING' && body.details?.importId) redirect('show', 'imports', body.details.importId);
  };

  const startDs = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return;
    setBusy('ds');
    try {
      const run = await provider.call<ImportRecord>('POST', `/campaigns/${selected}/imports/ds`, {
        phase,
        mode: full ? 'full' : 'incremental',
      });
      notify('Import lancé : suivez sa progression ci-dessous.', { type: 'info' });
      redirect('show', 'imports', run.id);
    } catch (error) {
      failed(error, 'L’import n’a pas pu être lancé.');
    } finally {
      setBusy(null);
    }
  };

  const pick = (f: File | null) => {
    setFile(f);
    if (!f) return setFileError(null);
    if (!/\.(csv|xlsx)$/i.test(f.name)) return setFileError('Format non pris en charge : choisissez l’export DS au format CSV ou XLSX.');
    if (f.size > MAX_UPLOAD_BYTES) return setFileError('Le fichier dépasse la taille maximale de 20 Mo.');
    setFileError(null);
  };

  const sendFile = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected || !file || fileError) return;
    const form = new FormData();
    form.append('phase', String(phase));
    form.append('file', file);
    setBusy('file');
    try {
      // 202: the file is stored and queued; the worker reads it. Its progress and report are on the import's page.
      const run = await provider.call<ImportRecord>('POST', `/campaigns/${selected}/imports/file`, form);
      notify(`Fichier reçu : import de la phase ${run.phase} lancé, suivez sa progression ci-dessous.`, { type: 'info' });
      redirect('show', 'imports', run.id);
    } catch (error) {
      failed(error, 'Le fichier n’a pas pu être importé.');
    } finally {
      setBusy(null);
    }
  };

  if (isPending) return null;
  if (!campaigns.length) {
    return (
      <Alert severity="info">
        Aucune campagne n’existe encore : un administrateur doit d’abord créer la campagne et y renseigner ses numéros de démarche DS.
      </Alert>
    );
  }

  return (
    <Stack spacing={2} sx={{ mt: 2, maxWidth: 960 }}>
      <Card component="section" aria-labelledby={`${uid}-ctx`}>
        <CardContent>
          <Typography id={`${uid}-ctx`} variant="h6" component="h2" gutterBottom>
            Campagne et phase
          </Typography>
          <CampaignPhase
            campaigns={campaigns}
            campaignId={selected}
            onCampaign={setCampaignId}
            phase={phase}
            onPhase={setPhase}
            idPrefix={uid}
          />
        </CardContent>
      </Card>

      <Card component="section" aria-labelledby={`${uid}-ds`}>
        <CardContent component="form" onSubmit={startDs}>
          <Typography id={`${uid}-ds`} variant="h6" component="h2" gutterBottom>
            Importer depuis Démarches Simplifiées
          </Typography>
          <Typography variant="body2" gutterBottom>
            Les dossiers de la démarche sont lus par pages de 100 ; chacun est créé ou mis à jour selon son numéro DS, ses pièces sont
            téléchargées, et les dossiers supprimés sur DS sont classés sans suite. Le traitement se poursuit même si vous quittez la page.
          </Typography>
          {demarche === null ? (
            <Alert severity="warning" sx={{ my: 1 }}>
              Aucun numéro de démarche DS n’est renseigné pour la phase {phase} de cette campagne.
            </Alert>
          ) : demarche ? (
            <Typography variant="body2" sx={{ my: 1 }}>
              Démarche n° <strong>{demarche}</strong>
            </Typography>
          ) : null}
          <FormControlLabel
            control={<Checkbox checked={full} onChange={(e) => setFull(e.target.checked)} />}
            label="Relire tous les dossiers (sinon : seulement ceux modifiés depuis le dernier import réussi)"
          />
          <Box sx={{ mt: 1 }}>
            <Button
              type="submit"
              variant="contained"
              startIcon={<CloudDownloadIcon />}
              disabled={!selected || demarche === null || busy !== null}
            >
              {busy === 'ds' ? 'Lancement…' : 'Lancer l’import DS'}
            </Button>
          </Box>
        </CardContent>
      </Card>

      <Card component="section" aria-labelledby={`${uid}-file`}>
        <CardContent component="form" onSubmit={sendFile}>
          <Typography id={`${uid}-file`} variant="h6" component="h2" gutterBottom>
            Importer un fichier d’export DS
          </Typography>
          <Typography variant="body2" gutterBottom>
            L’export « dossiers » de la démarche, au format CSV ou XLSX (20 Mo et 5 000 lignes au plus), avec ses colonnes d’origine (ID,
            Déposé le, SIRET, Raison sociale…), pour la phase choisie ci-dessus. Le fichier est traité en arrière-plan : chaque ligne
            incorrecte est signalée avec son numéro, les autres sont importées, et l’import peut être annulé en cours de route. En phase 2,
            chaque dossier est rattaché au dossier de phase 1 de la même structure (même SIRET).
          </Typography>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }} sx={{ mt: 1 }}>
            <Button variant="outlined" component="label" startIcon={<UploadFileIcon />}>
              Choisir un fichier
              <input
                ref={fileInput}
                hidden
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => pick(e.target.files?.[0] ?? null)}
              />
            </Button>
            <Typography aria-live="polite">{file ? `${file.name} (${Math.ceil(file.size / 1024)} Ko)` : 'Aucun fichier choisi'}</Typography>
          </Stack>
          {fileError ? (
            <Alert severity="error" sx={{ mt: 1 }}>
              {fileError}
            </Alert>
          ) : null}
          <Box sx={{ mt: 2 }}>
            <Button
              type="submit"
              variant="contained"
              startIcon={<UploadFileIcon />}
              disabled={!selected || !file || !!fileError || busy !== null}
            >
              {busy === 'file' ? 'Envoi en cours…' : `Importer le fichier (phase ${phase})`}
            </Button>
          </Box>
        </CardContent>
      </Card>

      {selected ? (
        <Accordion component="section" disableGutters>
          <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls={`${uid}-map-content`} id={`${uid}-map`}>
            <Typography variant="h6" component="h2">
              Correspondance des champs DS
            </Typography>
          </AccordionSummary>
          <AccordionDetails id={`${uid}-map-content`}>
            <DsMappingEditor campaignId={selected} />
          </AccordionDetails>
        </Accordion>
      ) : null}
    </Stack>
  );
};

export const ImportCreate = () => (
  <RoleGate>
    <Title title="Nouvel import" />
    <ImportStart />
  </RoleGate>
);
