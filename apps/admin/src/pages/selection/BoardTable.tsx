import { forwardRef, useState, type KeyboardEvent } from 'react';
import { Box, Button, TextField, Typography } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import ForwardToInboxIcon from '@mui/icons-material/ForwardToInbox';
import {
  DataTable,
  DataTableBody,
  DataTableRow,
  ListContextProvider,
  ResourceContextProvider,
  useList,
  useListContext,
  useNotify,
  useRecordContext,
  type DataTableBodyProps,
  type DataTableRowProps,
} from 'react-admin';
import { useAppDataProvider } from '../../providers/dataProvider';
import { formatCents } from '../../components/euros';
import { regionLabel } from '../../labels';
import { hasRole, useBoard } from './BoardContext';
import { DecisionChip, DivergenceFlag, HistoriqueChip, RecommendationCounts } from './cells';
import { ConfirmDialog } from './ConfirmDialog';
import { DecisionDialog } from './DecisionDialog';
import { boardFailure, type BoardFailure } from './failures';
import { FailureAlert } from './FailureAlert';
import { DECIDER_ROLES, INVITER_ROLES, type Outcome, type SelectionItem } from './types';

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export const rowElement = (id: string): HTMLElement | null =>
  document.querySelector<HTMLElement>(`[data-testid="selection-board"] tr[data-id="${CSS.escape(id)}"]`);

/**
 * A row of the board, reachable with the keyboard (one row in the tab order at a time): ↑/↓ (and Début/Fin) move
 * between rows and show the dossier in the side panel, Espace selects the row for a bulk decision, Entrée moves to
 * the side panel.
 */
const BoardRow = forwardRef<HTMLTableRowElement, DataTableRowProps>((props, ref) => {
  const record = useRecordContext<SelectionItem>();
  const { currentId, setCurrentId } = useBoard();
  const { onToggleItem, selectedIds, data } = useListContext<SelectionItem>();
  if (!record) return null;
  const currentVisible = data?.some((d) => d.id === currentId);
  const tabbable = record.id === currentId || (!currentVisible && data?.[0]?.id === record.id);
  const selected = selectedIds.includes(record.id);
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.target !== e.currentTarget) return;
    const row = e.currentTarget;
    const rows = Array.from(row.parentElement?.querySelectorAll<HTMLElement>('tr[data-id]') ?? []);
    const at = rows.indexOf(row);
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowDown') next = rows[at + 1];
    else if (e.key === 'ArrowUp') next = rows[at - 1];
    else if (e.key === 'Home') next = rows[0];
    else if (e.key === 'End') next = rows[rows.length - 1];
    else if (e.key === ' ') {
      e.preventDefault();
      onToggleItem(record.id);
      return;
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setCurrentId(record.id);
      document.getElementById('selection-panel-title')?.focus();
      return;
    } else return;
    e.preventDefault();
    next?.focus();
  };
  return (
    <DataTableRow
      {...props}
      ref={ref}
      tabIndex={tabbable ? 0 : -1}
      data-id={record.id}
      aria-selected={selected}
      aria-current={record.id === currentId ? 'true' : undefined}
      onFocus={(e) => {
        if (e.target === e.currentTarget) setCurrentId(record.id);
      }}
      onKeyDown={onKeyDown}
      sx={{
        ...(record.id === currentId ? { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } : {}),
        '&:focus-visible': { outline: '3px solid', outlineColor: 'primary.main', outlineOffset: -3 },
      }}
    />
  );
});
BoardRow.displayName = 'BoardRow';

const BoardBody = forwardRef<HTMLTableSectionElement, DataTableBodyProps>((props, ref) => (
  <DataTableBody {...props} ref={ref} row={BoardRow} />
));
BoardBody.displayName = 'BoardBody';

/** Phase 2: the amount granted, typed in euros on the row (sent with a « Retenir »; the server checks it). */
const AmountCell = ({ item }: { item: SelectionItem }) => {
  const { amounts, setAmount, board } = useBoard();
  return (
    <TextField
      size="small"
      value={amounts[item.id] ?? ''}
      onChange={(e) => setAmount(item.id, e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      disabled={Boolean(board.arreteAt)}
      slotProps={{
        htmlInput: { inputMode: 'decimal', 'aria-label': `Montant accordé (euros) pour ${item.projectName}`, autoComplete: 'off' },
        input: { endAdornment: <span aria-hidden="true">€</span> },
      }}
      sx={{ width: 140 }}
    />
  );
};

/** The bulk actions over the selected rows: decisions (cabinet) and, on the phase-1 board, the phase-2 invitation. */
const BulkButtons = () => {
  const { selectedIds, onUnselectItems } = useListContext<SelectionItem>();
  const { roles, phase, campaignId, itemsById, reload, setCurrentId, board } = useBoard();
  const dp = useAppDataProvider();
  const notify = useNotify();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [inviting, setInviting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<BoardFailure | null>(null);
  const ids = selectedIds.map(String);
  const n = ids.length;

  const invite = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const res = await dp.call<{ invited: number }>('POST', `/campaigns/${campaignId}/phase2-invitations`, { dossierIds: ids });
      notify(`${res?.invited ?? n} dossier(s) invité(s) en phase 2 ; les courriels d’invitation sont planifiés.`, { type: 'success' });
      setInviting(false);
      onUnselectItems();
      await reload();
    } catch (e) {
      setInviting(false);
      setFailure(boardFailure(e, ids, itemsById));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {hasRole(roles, DECIDER_ROLES) && !board.arreteAt ? (
        <>
          <Button size="small" variant="contained" startIcon={<CheckIcon />} onClick={() => setOutcome('laureat')} sx={{ mr: 1 }}>
            Retenir
          </Button>
          <Button size="small" variant="outlined" startIcon={<CloseIcon />} onClick={() => setOutcome('non_retenu')} sx={{ mr: 1 }}>
            Ne pas retenir
          </Button>
        </>
      ) : null}
      {phase === 1 && hasRole(roles, INVITER_ROLES) ? (
        <Button size="small" variant="outlined" startIcon={<ForwardToInboxIcon />} onClick={() => setInviting(true)}>
          Inviter en phase 2
        </Button>
      ) : null}
      <DecisionDialog
        outcome={outcome}
        ids={ids}
        onClose={() => setOutcome(null)}
        onDone={() => {
          setOutcome(null);
          onUnselectItems();
        }}
      />
      <ConfirmDialog
        open={inviting}
        title={`Inviter ${n} ${n > 1 ? 'dossiers' : 'dossier'} en phase 2 ?`}
        confirmLabel="Inviter"
        busy={busy}
        onClose={() => setInviting(false)}
        onConfirm={() => void invite()}
      >
        <Typography>
          Seuls les lauréats de la phase 1 peuvent être invités ; le courriel d’invitation est planifié pour la date d’annonce des
          invitations.
        </Typography>
      </ConfirmDialog>
      {failure ? (
        <Box sx={{ position: 'fixed', bottom: 16, left: '50%', transform: 'translateX(-50%)', zIndex: 1400, maxWidth: 640, width: '90%' }}>
          <FailureAlert
            failure={failure}
            onShow={(id) => {
              setCurrentId(id);
              setFailure(null);
            }}
          />
          <Button size="small" onClick={() => setFailure(null)}>
            Fermer le message
          </Button>
        </Box>
      ) : null}
    </>
  );
};

const Col = DataTable.Col<SelectionItem>;

/**
 * The dense board: the server's items (already filtered for display) in a react-admin DataTable over `useList`
 * (sort and selection in memory), ranked by the server.
 */
export const BoardTable = ({ items, total, storeKey }: { items: SelectionItem[]; total: number; storeKey: string }) => {
  const { phase, setCurrentId } = useBoard();
  const listContext = useList<SelectionItem>({ data: items, sort: { field: 'rank', order: 'ASC' }, perPage: 1000, resource: storeKey });
  return (
    <ResourceContextProvider value={storeKey}>
      <ListContextProvider value={listContext}>
        {/* the first 48 px hold the count, under the bulk actions toolbar that slides over them when rows are ticked */}
        <Box data-testid="selection-board" sx={{ overflowX: 'auto', position: 'relative' }}>
          <Box sx={{ height: 48, display: 'flex', alignItems: 'center' }}>
            <Typography variant="body2" aria-live="polite">
              {items.length} dossier(s) affiché(s) sur {total}. Cochez des dossiers pour une décision groupée.
            </Typography>
          </Box>
          <DataTable<SelectionItem>
            body={BoardBody}
            bulkActionButtons={<BulkButtons />}
            rowClick={(id) => {
              setCurrentId(String(id));
              return false;
            }}
            size="small"
            sx={{ '& .MuiTableCell-root': { px: 1, py: 0.5 }, '& th': { whiteSpace: 'nowrap' } }}
            empty={<Typography sx={{ p: 2, fontStyle: 'italic' }}>Aucun dossier ne correspond aux filtres.</Typography>}
          >
            <Col source="rank" label="Rang" />
            <Col
              source="projectName"
              label="Projet"
              render={(r) => (
                <>
                  <Box component="span" sx={{ display: 'block', fontWeight: 700, overflowWrap: 'anywhere', minWidth: 180 }}>
                    {r.projectName}
                  </Box>
                  <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
                    {r.structureName}
                  </Box>
                  <HistoriqueChip item={r} />
                </>
              )}
            />
            <Col source="region" label="Région" render={(r) => regionLabel(r.region)} />
            <Col source="meanScore" label="Note" render={(r) => (r.meanScore === null ? '—' : numberFormat.format(r.meanScore))} />
            <Col source="recommendations" label="Recommandations" disableSort render={(r) => <RecommendationCounts item={r} />} />
            <Col source="divergent" label="Divergence" render={(r) => <DivergenceFlag divergent={r.divergent} />} />
            <Col source="avisRendered" label="Avis" />
            {phase === 2 ? (
              <Col source="amountRequestedCents" label="Demandé" render={(r) => formatCents(r.amountRequestedCents) || '—'} />
            ) : null}
            {phase === 2 ? <Col source="amount" label="Montant accordé" disableSort render={(r) => <AmountCell item={r} />} /> : null}
            <Col source="decision.outcome" label="Décision" render={(r) => <DecisionChip item={r} />} />
          </DataTable>
        </Box>
      </ListContextProvider>
    </ResourceContextProvider>
  );
};
