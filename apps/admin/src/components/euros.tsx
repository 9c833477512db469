import { useEffect, useRef, useState } from 'react';
import { TextField, Typography } from '@mui/material';
import { useFieldValue, useInput, type Validator } from 'react-admin';

const euroFormatter = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});
const plainFormatter = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** Integer euro cents (the API's unit) → « 1 500 000 € ». */
export const formatCents = (cents: number | null | undefined): string =>
  typeof cents === 'number' && Number.isFinite(cents) ? euroFormatter.format(cents / 100) : '';

/** « 1 500 000 », « 1500000,50 », « 1 500 000.5 € » → cents; null when empty; undefined when not a number. */
export function parseEurosToCents(text: string): number | null | undefined {
  const t = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (t === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return undefined;
  return Math.round(Number(t) * 100);
}

const INVALID = '__invalid_euros__';
const checkEuros: Validator = (value) =>
  value === INVALID ? 'Montant invalide : indiquez un nombre d’euros (par exemple 1 500 000 ou 1 500 000,50).' : undefined;

/** An amount typed in euros (French notation accepted), stored in the form as integer cents. */
export const EurosInput = ({ source, label, helperText }: { source: string; label: string; helperText?: string }) => {
  const { id, field, fieldState, formState, isRequired } = useInput({ source, validate: checkEuros });
  const [text, setText] = useState(() => (typeof field.value === 'number' ? plainFormatter.format(field.value / 100) : ''));
  const emitted = useRef<unknown>(field.value);
  useEffect(() => {
    if (field.value !== emitted.current) {
      emitted.current = field.value;
      setText(typeof field.value === 'number' ? plainFormatter.format(field.value / 100) : '');
    }
  }, [field.value]);
  const showError = fieldState.invalid && (fieldState.isTouched || formState.isSubmitted);
  return (
    <TextField
      id={id}
      label={label}
      variant="filled"
      required={isRequired}
      value={text}
      error={showError}
      helperText={showError ? fieldState.error?.message : helperText}
      onChange={(e) => {
        setText(e.target.value);
        const cents = parseEurosToCents(e.target.value);
        const value = cents === undefined ? INVALID : cents;
        emitted.current = value;
        field.onChange(value);
      }}
      onBlur={field.onBlur}
      sx={{ maxWidth: 320, width: '100%', mb: 1 }}
      slotProps={{ htmlInput: { inputMode: 'decimal', autoComplete: 'off' }, input: { endAdornment: <span aria-hidden="true">€</span> } }}
    />
  );
};

/** Cents of the record shown in euros. */
export const EurosField = ({ source }: { source: string }) => {
  const value = useFieldValue({ source }) as number | null | undefined;
  return (
    <Typography component="span" variant="body2">
      {formatCents(value) || '—'}
    </Typography>
  );
};
