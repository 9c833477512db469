import { useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  FormControlLabel,
  InputLabel,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import DownloadIcon from '@mui/icons-material/Download';
import { useQuery } from '@tanstack/react-query';
import { useListContext, usePermissions, useRefresh, useUnselectAll } from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { useDownload } from '../../components/download';
import { apiFailure } from '../../components/apiErrors';
import { REVIEWER_ROLES } from '../../components/domainLabels';
import { roleLabel } from '../../labels';
import type { DossierRecord } from './types';

/** `POST /api/dossiers/bulk-*`: one outcome per dossier (each in its own transaction). */
interface BulkResult {
  applied: number;
  failed: number;
  results: Array<{
    id: string;
    ok: boolean;
    code?: string;
    message?: string;
    allResolved?: boolean;
    allPassed?: boolean;
    confirmed?: number;
    /** Done, with something left for the instructeur (shown apart from refusals). */
    note?: string;
  }>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** What a bulk action did: the count applied, and each refusal with the dossier's name and the server's reason. */
const Outcome = ({ result, names }: { result: BulkResult; names: Record<string, string> }) => (
  <Box role="status" data-testid="bulk-outcome">
    <Alert severity={result.failed ? 'warning' : 'success'} sx={{ mb: 1 }}>
      {plural(result.applied, 'dossier traité', 'dossiers traités')}
      {result.failed ? `, ${plural(result.failed, 'refusé', 'refusés')}` : ''}.
    </Alert>
    {result.failed ? (
      <>
        <Typography sx={{ fontWeight: 700 }}>Refusés :</Typography>
        <Box component="ul" sx={{ pl: 3, mt: 0 }} data-testid="bulk-refused">
          {result.results
            .filter((r) => !r.ok)
            .map((r) => (
              <li key={r.id}>
                <strong>{names[r.id] ?? r.id}</strong> : {r.message}
              </li>
            ))}
        </Box>
      </>
    ) : null}
    {result.results.some((r) => r.ok && r.note) ? (
      <>
        <Typography sx={{ fontWeight: 700 }}>À compléter :</Typography>
        <Box component="ul" sx={{ pl: 3, mt: 0 }} data-testid="bulk-notes">
          {result.results
            .filter((r) => r.ok && r.note)
            .map((r) => (
              <li key={r.id}>
                <strong>{names[r.id] ?? r.id}</strong> : {r.note}
              </li>
            ))}
        </Box>
      </>
    ) : null}
  </Box>
);

/** A bulk action's dialog: what it does, its fields, then its outcome in place (the list refreshes behind). */
const BulkDialog = ({
  title,
  open,
  onClose,
  onConfirm,
  confirmLabel,
  children,
  result,
  busy,
  error,
  canConfirm = true,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  confirmLabel: string;
  children: ReactNode;
  result: BulkResult | null;
  busy: boolean;
  error: string | null;
  canConfirm?: boolean;
}) => {
  const { data } = useListContext<DossierRecord>();
  const names = Object.fromEntries((data ?? []).map((d) => [String(d.id), d.projectName]));
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="bulk-dialog-title" fullWidth maxWidth="sm">
      <DialogTitle id="bulk-dialog-title" component="h2">
        {title}
      </DialogTitle>
      <DialogContent>
        {result ? <Outcome result={result} names={names} /> : children}
        {error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{result ? 'Fermer' : 'Annuler'}</Button>
        {result ? null : (
          <Button variant="contained" onClick={onConfirm} disabled={busy || !canConfirm}>
            {confirmLabel}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};

/** Shared state of a bulk action: open, busy, outcome; the selection cleared and the list refreshed after it ran. */
function useBulk() {
  const { selectedIds } = useListContext<DossierRecord>();
  const unselectAll = useUnselectAll('dossiers');
  const refresh = useRefresh();
  const dp = useAppDataProvider();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (steps: (ids: string[]) => Promise<BulkResult>) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await steps(selectedIds.map(String)));
      refresh();
    } catch (e) {
      setError(apiFailure(e).message);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    if (result && !result.failed) unselectAll();
    setOpen(false);
    setResult(null);
    setError(null);
  };
  return { dp, ids: selectedIds.map(String), open, setOpen, busy, result, error, run, close };
}

const BulkOpenButton = () => {
  const b = useBulk();
  return (
    <>
      <Button size="small" startIcon={<PlayArrowIcon />} onClick={() => b.setOpen(true)}>
        Ouvrir l’instruction
      </Button>
      <BulkDialog
        title="Ouvrir l’instruction des dossiers sélectionnés"
        open={b.open}
        onClose={b.close}
        confirmLabel={`Ouvrir l’instruction (${b.ids.length})`}
        onConfirm={() =>
          b.run((ids) => b.dp.call<BulkResult>('POST', '/dossiers/bulk-transitions', { action: 'ouvrir_instruction', dossierIds: ids }))
        }
        result={b.result}
        busy={b.busy}
        error={b.error}
      >
        <DialogContentText>
          {plural(b.ids.length, 'dossier sélectionné passe', 'dossiers sélectionnés passent')} « en instruction » ; les relecteurs requis
          sont désignés. Un dossier déjà ouvert est signalé et laissé tel quel.
        </DialogContentText>
      </BulkDialog>
    </>
  );
};

const BulkEligibilityButton = () => {
  const b = useBulk();
  const [justification, setJustification] = useState('');
  const [declare, setDeclare] = useState(true);
  const confirm = () =>
    b.run(async (ids) => {
      const confirmed = await b.dp.call<BulkResult>('POST', '/dossiers/bulk-eligibility', { dossierIds: ids, justification });
      if (!declare) return confirmed;
      // Then « Déclarer éligible » on those whose checklist is now complete and satisfied.
      const ready = confirmed.results.filter((r) => r.ok && r.allResolved && r.allPassed).map((r) => r.id);
      const declared = ready.length
        ? await b.dp.call<BulkResult>('POST', '/dossiers/bulk-transitions', { action: 'declarer_eligible', dossierIds: ready })
        : { applied: 0, failed: 0, results: [] };
      const incomplete = confirmed.results
        .filter((r) => r.ok && !(r.allResolved && r.allPassed))
        .map((r) => ({
          ...r,
          note: `${plural(r.confirmed ?? 0, 'critère confirmé', 'critères confirmés')} ; d’autres restent à trancher dans l’onglet Éligibilité, le dossier n’est pas encore déclaré éligible.`,
        }));
      const results = [...confirmed.results.filter((r) => !r.ok), ...incomplete, ...declared.results];
      return { applied: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
    });
  return (
    <>
      <Button size="small" startIcon={<FactCheckIcon />} onClick={() => b.setOpen(true)}>
        Confirmer l’éligibilité
      </Button>
      <BulkDialog
        title="Confirmer les critères satisfaits"
        open={b.open}
        onClose={b.close}
        confirmLabel="Confirmer"
        onConfirm={confirm}
        result={b.result}
        busy={b.busy}
        error={b.error}
        canConfirm={justification.trim().length >= 3}
      >
        <DialogContentText sx={{ mb: 2 }}>
          Sur {plural(b.ids.length, 'dossier sélectionné', 'dossiers sélectionnés')}, chaque critère que le pré-contrôle a trouvé «
          satisfait » est confirmé avec la justification ci-dessous. Les critères « à vérifier » ou « non satisfaits » restent à trancher un
          par un.
        </DialogContentText>
        <TextField
          label="Justification commune"
          required
          fullWidth
          multiline
          minRows={2}
          value={justification}
          onChange={(e) => setJustification(e.target.value)}
          helperText="Enregistrée sur chaque critère confirmé (3 caractères au moins)."
        />
        <FormControlLabel
          sx={{ mt: 1 }}
          control={<Checkbox checked={declare} onChange={(e) => setDeclare(e.target.checked)} />}
          label="Puis déclarer éligibles les dossiers dont tous les critères sont tranchés et satisfaits"
        />
      </BulkDialog>
    </>
  );
};

interface Candidate {
  id: string;
  fullName: string;
  openAvisCount: number;
  alreadyAssigned: boolean;
  declaredConflictReason: string | null;
  conflict?: unknown;
}

const BulkAssignButton = () => {
  const b = useBulk();
  const [role, setRole] = useState<string>('expert');
  const [reviewerId, setReviewerId] = useState('');
  // The candidates as seen from the first selected dossier (region, load); each dossier is checked again by the server.
  const first = b.ids[0];
  const candidates = useQuery({
    queryKey: ['assignment-candidates', first, role],
    queryFn: () => b.dp.call<Candidate[] | { items: Candidate[] }>('GET', `/dossiers/${first}/assignment-candidates?role=${role}`),
    enabled: b.open && !!first,
  });
  const list: Candidate[] = Array.isArray(candidates.data) ? candidates.data : (candidates.data?.items ?? []);
  return (
    <>
      <Button size="small" startIcon={<PersonAddIcon />} onClick={() => b.setOpen(true)}>
        Attribuer un relecteur
      </Button>
      <BulkDialog
        title="Attribuer un relecteur aux dossiers sélectionnés"
        open={b.open}
        onClose={b.close}
        confirmLabel="Attribuer"
        onConfirm={() => b.run((ids) => b.dp.call<BulkResult>('POST', '/dossiers/bulk-assignments', { dossierIds: ids, reviewerId, role }))}
        result={b.result}
        busy={b.busy}
        error={b.error}
        canConfirm={!!reviewerId}
      >
        <DialogContentText sx={{ mb: 2 }}>
          Un avis à rédiger par ce relecteur sur chacun des {plural(b.ids.length, 'dossier', 'dossiers')}. Un dossier hors de sa région, en
          conflit d’intérêts ou déjà attribué est signalé et laissé tel quel.
        </DialogContentText>
        <FormControl fullWidth sx={{ mb: 2 }}>
          <InputLabel id="bulk-role-label">Rôle de l’avis</InputLabel>
          <Select
            labelId="bulk-role-label"
            label="Rôle de l’avis"
            value={role}
            onChange={(e) => (setRole(String(e.target.value)), setReviewerId(''))}
          >
            {REVIEWER_ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {roleLabel(r)}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl fullWidth>
          <InputLabel id="bulk-reviewer-label">Relecteur</InputLabel>
          <Select
            labelId="bulk-reviewer-label"
            label="Relecteur"
            value={reviewerId}
            onChange={(e) => setReviewerId(String(e.target.value))}
          >
            {list.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.fullName} — {plural(c.openAvisCount, 'avis en cours', 'avis en cours')}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        {candidates.isError ? (
          <Alert severity="error" sx={{ mt: 1 }}>
            {apiFailure(candidates.error).message}
          </Alert>
        ) : !candidates.isPending && !list.length ? (
          <Typography sx={{ mt: 1 }}>Aucun relecteur de ce rôle pour le premier dossier sélectionné.</Typography>
        ) : null}
      </BulkDialog>
    </>
  );
};

/** The selected dossiers as a spreadsheet (the export route with the filter `{id: [...]}`). */
export const BulkExportButton = () => {
  const { selectedIds } = useListContext<DossierRecord>();
  const { busy, download: downloadFile } = useDownload();
  const download = () => {
    const filter = encodeURIComponent(JSON.stringify({ id: selectedIds.map(String) }));
    const filename = `dossiers-selection-${new Date().toISOString().slice(0, 10)}.xlsx`;
    return downloadFile(`/api/dossiers/export?format=xlsx&filter=${filter}`, filename, { failure: 'Export impossible.' });
  };
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={download} disabled={busy}>
      Exporter la sélection
    </Button>
  );
};

/** The dossier list's bulk actions (instructeurs and admins act; the cabinet exports). */
export const DossierBulkActions = () => {
  const { permissions } = usePermissions<string[]>();
  const roles = Array.isArray(permissions) ? permissions : [];
  const instructs = roles.includes('instructeur') || roles.includes('admin');
  return (
    <>
      {instructs ? <BulkOpenButton /> : null}
      {roles.includes('instructeur') ? <BulkEligibilityButton /> : null}
      {instructs ? <BulkAssignButton /> : null}
      <BulkExportButton />
    </>
  );
};

/** Who gets row selection: those who may act or export (reviewers don't). */
export const canBulk = (roles: readonly string[]): boolean => roles.some((r) => ['instructeur', 'admin', 'cabinet'].includes(r));
