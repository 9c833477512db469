import { FormControl, InputLabel, MenuItem, Select, Stack, TextField } from '@mui/material';
import { regionLabel } from '../../labels';
import { favorableWithReserves, type SelectionItem } from './types';

/** Display filters of the board (which rows to show); they never change what the server decided. */
export interface BoardFilterValues {
  q: string;
  region: string;
  recommendation: '' | 'favorable' | 'favorable_reserves' | 'defavorable';
  divergence: '' | 'yes' | 'no';
  maturity: string;
  decided: '' | 'undecided' | 'laureat' | 'non_retenu';
}

export const EMPTY_FILTERS: BoardFilterValues = { q: '', region: '', recommendation: '', divergence: '', maturity: '', decided: '' };

export function applyFilters(items: SelectionItem[], f: BoardFilterValues): SelectionItem[] {
  const q = f.q.trim().toLocaleLowerCase('fr');
  return items.filter((i) => {
    if (q && !`${i.projectName} ${i.structureName}`.toLocaleLowerCase('fr').includes(q)) return false;
    if (f.region && i.region !== f.region) return false;
    if (f.recommendation === 'favorable' && !(i.recommendations?.favorable ?? 0)) return false;
    if (f.recommendation === 'favorable_reserves' && !favorableWithReserves(i.recommendations)) return false;
    if (f.recommendation === 'defavorable' && !(i.recommendations?.defavorable ?? 0)) return false;
    if (f.divergence === 'yes' && !i.divergent) return false;
    if (f.divergence === 'no' && i.divergent) return false;
    if (f.maturity && (i.maturity ?? '__none') !== f.maturity) return false;
    if (f.decided === 'undecided' && i.decision) return false;
    if ((f.decided === 'laureat' || f.decided === 'non_retenu') && i.decision?.outcome !== f.decided) return false;
    return true;
  });
}

const Choice = ({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
}) => (
  <FormControl size="small" fullWidth={false} sx={{ width: { xs: '100%', sm: 230 } }}>
    <InputLabel id={`${id}-label`}>{label}</InputLabel>
    <Select labelId={`${id}-label`} id={id} value={value} label={label} onChange={(e) => onChange(String(e.target.value))}>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);

export const BoardFilters = ({
  items,
  values,
  onChange,
  maturityLabel,
}: {
  items: SelectionItem[];
  values: BoardFilterValues;
  onChange: (v: BoardFilterValues) => void;
  maturityLabel: (code: string) => string;
}) => {
  const regions = [...new Set(items.map((i) => i.region))].sort((a, b) => regionLabel(a).localeCompare(regionLabel(b), 'fr'));
  const maturities = [...new Set(items.map((i) => i.maturity ?? '__none'))];
  const set =
    <K extends keyof BoardFilterValues>(k: K) =>
    (v: string) =>
      onChange({ ...values, [k]: v as BoardFilterValues[K] });
  return (
    <Stack
      direction="row"
      spacing={1.5}
      useFlexGap
      flexWrap="wrap"
      sx={{ mb: 1.5 }}
      role="search"
      aria-label="Filtres du tableau de sélection"
    >
      <TextField
        size="small"
        label="Recherche (projet ou structure)"
        value={values.q}
        onChange={(e) => set('q')(e.target.value)}
        fullWidth={false}
        sx={{ width: { xs: '100%', sm: 260 } }}
      />
      <Choice
        id="filter-region"
        label="Région"
        value={values.region}
        onChange={set('region')}
        options={[{ value: '', label: 'Toutes les régions' }, ...regions.map((r) => ({ value: r, label: regionLabel(r) }))]}
      />
      <Choice
        id="filter-recommendation"
        label="Recommandation"
        value={values.recommendation}
        onChange={set('recommendation')}
        options={[
          { value: '', label: 'Toutes' },
          { value: 'favorable', label: 'Au moins un avis favorable' },
          { value: 'favorable_reserves', label: 'Au moins un avis favorable avec réserves' },
          { value: 'defavorable', label: 'Au moins un avis défavorable' },
        ]}
      />
      <Choice
        id="filter-divergence"
        label="Divergence"
        value={values.divergence}
        onChange={set('divergence')}
        options={[
          { value: '', label: 'Tous' },
          { value: 'yes', label: 'Avis divergents' },
          { value: 'no', label: 'Sans divergence' },
        ]}
      />
      <Choice
        id="filter-maturity"
        label="Maturité"
        value={values.maturity}
        onChange={set('maturity')}
        options={[
          { value: '', label: 'Toutes' },
          ...maturities.map((m) => ({ value: m, label: m === '__none' ? 'Non déterminée' : maturityLabel(m) })),
        ]}
      />
      <Choice
        id="filter-decided"
        label="Décision"
        value={values.decided}
        onChange={set('decided')}
        options={[
          { value: '', label: 'Toutes' },
          { value: 'undecided', label: 'À décider' },
          { value: 'laureat', label: 'Lauréats' },
          { value: 'non_retenu', label: 'Non retenus' },
        ]}
      />
    </Stack>
  );
};
