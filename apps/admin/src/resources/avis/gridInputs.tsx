import { useId, useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Collapse,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import { fr } from '@codegouvfr/react-dsfr';
import { SrOnly } from '../../components/avis/AvisSynthesisMatrix';

const { decisions } = fr.colors.getHex({ isDark: false });

/** DOM id of the input of a content path (`scores.gouvernance.comment` → `avis-f-scores-gouvernance-comment`). */
export const fieldId = (path: string) => `avis-f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * Moves the keyboard focus to the input of a content path named by the server (`details` keys), e.g.
 * `scores.gouvernance` (the entry's score), `maturity.markers.projets_concrets`, `typology.actionLogics.0`.
 */
export function focusField(path: string): boolean {
  const candidates = [path, `${path}.score`];
  for (let p = path; p.includes('.');) {
    p = p.slice(0, p.lastIndexOf('.'));
    candidates.push(p);
  }
  for (const c of candidates) {
    const el = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(c)}"]`);
    if (!el) continue;
    const target =
      el.querySelector<HTMLElement>('input:checked') ??
      el.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea:not([aria-hidden="true"])') ??
      el;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return true;
  }
  return false;
}

/**
 * The guiding questions and examples of a grid entry, and the AMI's own criteria under it (seed 001), behind a button
 * (aria-expanded), closed by default.
 */
export const EntryHelp = ({
  label,
  questions,
  examples,
  amiCriteria = [],
}: {
  label: string;
  questions: string[];
  examples: string[];
  amiCriteria?: string[];
}) => {
  const uid = useId();
  const [open, setOpen] = useState(false);
  if (!questions.length && !examples.length && !amiCriteria.length) return null;
  return (
    <Box sx={{ mb: 1 }}>
      <Button
        size="small"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={`${uid}-help`}
        startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        sx={{ px: 1, ml: -1, '&.Mui-focusVisible': { outline: '2px solid #0a76f6', outlineOffset: 2 } }}
      >
        {open ? 'Masquer' : 'Afficher'} les questions à se poser et les exemples
        {amiCriteria.length ? ' (et les critères de l’AMI)' : ''}
        <SrOnly>{` — ${label}`}</SrOnly>
      </Button>
      <Collapse in={open} id={`${uid}-help`}>
        <Box
          sx={{
            bgcolor: decisions.background.alt.blueFrance.default,
            borderLeft: `4px solid ${decisions.border.default.blueFrance.default}`,
            p: 1.5,
            mt: 0.5,
          }}
        >
          {questions.length ? (
            <>
              <Typography component="h4" variant="body2" sx={{ fontWeight: 700 }}>
                Questions à se poser
              </Typography>
              <Box component="ul" sx={{ mt: 0.5, mb: 1, pl: 2.5 }}>
                {questions.map((q) => (
                  <Typography component="li" variant="body2" key={q} sx={{ mb: 0.25 }}>
                    {q}
                  </Typography>
                ))}
              </Box>
            </>
          ) : null}
          {examples.length ? (
            <>
              <Typography component="h4" variant="body2" sx={{ fontWeight: 700 }}>
                Exemples et précisions
              </Typography>
              <Box component="ul" sx={{ mt: 0.5, mb: 0, pl: 2.5 }}>
                {examples.map((x) => (
                  <Typography component="li" variant="body2" key={x} sx={{ mb: 0.25 }}>
                    {x}
                  </Typography>
                ))}
              </Box>
            </>
          ) : null}
          {amiCriteria.length ? (
            <Box data-testid="ami-criteria">
              <Typography component="h4" variant="body2" sx={{ fontWeight: 700, mt: examples.length ? 1 : 0 }}>
                Critères de l’appel à manifestation d’intérêt
              </Typography>
              <Box component="ul" sx={{ mt: 0.5, mb: 0, pl: 2.5 }}>
                {amiCriteria.map((x) => (
                  <Typography component="li" variant="body2" key={x} sx={{ mb: 0.25 }}>
                    {x}
                  </Typography>
                ))}
              </Box>
            </Box>
          ) : null}
        </Box>
      </Collapse>
    </Box>
  );
};

const TILES_SX = {
  display: 'grid',
  gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', sm: 'repeat(4, minmax(0, 1fr))' },
  gap: 1,
  mt: 0.5,
} as const;

const TILE_SX = {
  m: 0,
  pr: 1,
  py: 0.25,
  minHeight: 48,
  border: `1px solid ${decisions.border.default.grey.default}`,
  bgcolor: 'background.paper',
  '& .MuiFormControlLabel-label': { fontSize: '0.875rem', lineHeight: 1.3 },
  '&:hover': { bgcolor: decisions.background.default.grey.hover },
  '&:has(input:checked)': {
    borderColor: decisions.border.actionHigh.blueFrance.default,
    boxShadow: `inset 0 0 0 1px ${decisions.border.actionHigh.blueFrance.default}`,
    bgcolor: decisions.background.open.blueFrance.default,
    '& .MuiFormControlLabel-label': { fontWeight: 700 },
  },
  '&:has(.Mui-focusVisible)': { outline: '2px solid #0a76f6', outlineOffset: 2 },
} as const;

export interface ChoiceOption {
  value: string;
  /** The accessible name (and the visible text, unless `tile` is given). */
  label: string;
  description?: string;
  /** Visible text of a tile on two lines (e.g. « 3 » / « Satisfaisant »); `label` stays the accessible name. */
  tile?: { top: string; bottom: string };
}

/**
 * A radio group in a fieldset (legend = accessible name of the group; arrow keys move between the choices).
 * `srSuffix` completes the legend for screen readers (« Note — Mode de gouvernance »).
 */
export const RadioChoice = ({
  path,
  legend,
  srSuffix,
  options,
  value,
  onChange,
  error,
  row,
  tiles,
  helperText,
}: {
  path: string;
  legend: ReactNode;
  srSuffix?: string;
  options: ChoiceOption[];
  value: string | null | undefined;
  onChange: (value: string) => void;
  error?: string;
  row?: boolean;
  /** Choices as equal tiles on one line (two on small screens): the score scale. */
  tiles?: boolean;
  helperText?: string;
}) => {
  const uid = useId();
  const describedBy = [error ? `${uid}-err` : null, helperText ? `${uid}-help` : null].filter(Boolean).join(' ') || undefined;
  return (
    <FormControl
      component="fieldset"
      error={Boolean(error)}
      data-field={path}
      id={fieldId(path)}
      sx={{ display: 'block', mb: 1.5, minWidth: 0 }}
    >
      <FormLabel
        component="legend"
        id={`${uid}-legend`}
        sx={{ fontWeight: 700, color: 'text.primary', '&.Mui-focused': { color: 'text.primary' }, mb: 0.25 }}
      >
        {legend}
        {srSuffix ? <SrOnly>{` — ${srSuffix}`}</SrOnly> : null}
      </FormLabel>
      {helperText ? (
        <Typography id={`${uid}-help`} variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
          {helperText}
        </Typography>
      ) : null}
      <RadioGroup
        row={row}
        sx={tiles ? TILES_SX : undefined}
        name={`${uid}-${path}`}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
        aria-labelledby={`${uid}-legend`}
        aria-describedby={describedBy}
      >
        {options.map((o) => (
          <FormControlLabel
            key={o.value}
            value={o.value}
            control={<Radio sx={o.description ? { alignSelf: 'flex-start', mt: -0.5 } : undefined} />}
            sx={tiles ? TILE_SX : { mr: row ? 2.5 : 0, alignItems: o.description ? 'flex-start' : 'center', mb: o.description ? 0.75 : 0 }}
            label={
              tiles && o.tile ? (
                <>
                  <Box component="span" aria-hidden="true" sx={{ display: 'block' }}>
                    <Box component="span" sx={{ display: 'block', fontWeight: 700, fontSize: '1rem' }}>
                      {o.tile.top}
                    </Box>
                    {o.tile.bottom}
                  </Box>
                  <SrOnly>{o.label}</SrOnly>
                </>
              ) : o.description ? (
                <Box component="span" sx={{ display: 'block', pt: 0.5 }}>
                  <Box component="span" sx={{ display: 'block', fontWeight: 700 }}>
                    {o.label}
                  </Box>
                  <Typography component="span" variant="body2" sx={{ display: 'block', color: 'text.secondary' }}>
                    {o.description}
                  </Typography>
                </Box>
              ) : (
                o.label
              )
            }
          />
        ))}
      </RadioGroup>
      {error ? (
        <FormHelperText id={`${uid}-err`} sx={{ mx: 0, fontWeight: 700 }}>
          {error}
        </FormHelperText>
      ) : null}
    </FormControl>
  );
};

/** Checkboxes in a fieldset (several choices). */
export const CheckboxChoice = ({
  path,
  legend,
  options,
  value,
  onChange,
  error,
}: {
  path: string;
  legend: ReactNode;
  options: ChoiceOption[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) => {
  const uid = useId();
  return (
    <FormControl component="fieldset" error={Boolean(error)} data-field={path} id={fieldId(path)} sx={{ display: 'block', mb: 1.5 }}>
      <FormLabel component="legend" sx={{ fontWeight: 700, color: 'text.primary', '&.Mui-focused': { color: 'text.primary' }, mb: 0.25 }}>
        {legend}
      </FormLabel>
      <FormGroup aria-describedby={error ? `${uid}-err` : undefined}>
        {options.map((o) => (
          <FormControlLabel
            key={o.value}
            sx={{ alignItems: 'flex-start', mb: 0.75 }}
            control={
              <Checkbox
                sx={{ mt: -0.5 }}
                checked={value.includes(o.value)}
                onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
              />
            }
            label={
              <Box component="span" sx={{ display: 'block', pt: 0.5 }}>
                <Box component="span" sx={{ display: 'block', fontWeight: 700 }}>
                  {o.label}
                </Box>
                {o.description ? (
                  <Typography component="span" variant="body2" sx={{ display: 'block', color: 'text.secondary' }}>
                    {o.description}
                  </Typography>
                ) : null}
              </Box>
            }
          />
        ))}
      </FormGroup>
      {error ? (
        <FormHelperText id={`${uid}-err`} sx={{ mx: 0, fontWeight: 700 }}>
          {error}
        </FormHelperText>
      ) : null}
    </FormControl>
  );
};

/** A multi-line text with its label (visible) and an optional screen-reader suffix naming the entry. */
export const LongText = ({
  path,
  label,
  srSuffix,
  value,
  onChange,
  error,
  helperText,
  minRows = 3,
}: {
  path: string;
  label: string;
  srSuffix?: string;
  value: string | null | undefined;
  onChange: (value: string) => void;
  error?: string;
  helperText?: ReactNode;
  minRows?: number;
}) => (
  <Box data-field={path}>
    <TextField
      id={fieldId(path)}
      label={
        <>
          {label}
          {srSuffix ? <SrOnly>{` — ${srSuffix}`}</SrOnly> : null}
        </>
      }
      multiline
      minRows={minRows}
      fullWidth
      variant="filled"
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value)}
      error={Boolean(error)}
      helperText={error ?? helperText}
      slotProps={{ formHelperText: { sx: { mx: 0, fontWeight: error ? 700 : 400 } } }}
    />
  </Box>
);
