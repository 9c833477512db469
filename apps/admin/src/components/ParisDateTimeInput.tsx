import { useEffect, useId, useRef, useState } from 'react';
import { Box, FormHelperText, Stack, TextField, Typography } from '@mui/material';
import { useInput, type Validator } from 'react-admin';
import { parisInputsToIso, toParisInputs } from './parisTime';

/** Marks a half-typed value in the form state, so that the form refuses to submit it. */
const INCOMPLETE = '__incomplete__:';

const checkComplete: Validator = (value) =>
  typeof value === 'string' && value.startsWith(INCOMPLETE)
    ? 'Date ou heure invalide : indiquez le jour et l’heure (heure de Paris).'
    : undefined;

export interface ParisDateTimeInputProps {
  /** Form path of an ISO 8601 instant (the API's value), e.g. `calendar.publishedAt`. */
  source: string;
  label: string;
  helperText?: string;
  /** Time put in when a day is chosen and the time is still empty, e.g. '23:59:59' for a deadline. */
  defaultTime?: string;
  optional?: boolean;
  disabled?: boolean;
}

/**
 * A date + a time, both read and entered in Paris time (Europe/Paris) whatever the browser's time zone; the form
 * value is ISO 8601 with the Paris offset ('2021-06-23T23:59:59+02:00'). The server's message for this field
 * (VALIDATION_FAILED details keyed by `source`) shows under the two inputs.
 */
export const ParisDateTimeInput = ({
  source,
  label,
  helperText,
  defaultTime = '00:00:00',
  optional,
  disabled,
}: ParisDateTimeInputProps) => {
  const { id, field, fieldState, formState } = useInput({ source, validate: checkComplete });
  const uid = useId();
  const legendId = `${uid}-legend`;
  const helpId = `${uid}-help`;
  const dateId = `${id}-date`;
  const timeId = `${id}-time`;

  const [parts, setParts] = useState(() => toParisInputs(validInstant(field.value)));
  const emitted = useRef<unknown>(field.value);
  // the value changed from outside (form reset, record loaded): show it
  useEffect(() => {
    if (field.value !== emitted.current) {
      emitted.current = field.value;
      setParts(toParisInputs(validInstant(field.value)));
    }
  }, [field.value]);

  const update = (next: { date: string; time: string }) => {
    if (next.date && !next.time && !parts.time) next = { ...next, time: defaultTime };
    setParts(next);
    let value: string | null;
    if (!next.date && !next.time) value = null;
    else value = parisInputsToIso(next.date, next.time) ?? `${INCOMPLETE}${next.date} ${next.time}`;
    emitted.current = value;
    field.onChange(value);
  };

  const showError = fieldState.invalid && (fieldState.isTouched || formState.isSubmitted);
  const message = showError ? fieldState.error?.message : helperText;

  return (
    <Box component="fieldset" aria-describedby={message ? helpId : undefined} sx={{ border: 0, p: 0, m: 0, mb: 2, minWidth: 0 }}>
      <Typography component="legend" id={legendId} sx={{ fontWeight: 700, mb: 1, p: 0 }}>
        {label}
        {optional ? ' (facultatif)' : ''}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} useFlexGap>
        <TextField
          id={dateId}
          type="date"
          label="Jour"
          variant="filled"
          value={parts.date}
          disabled={disabled}
          error={showError}
          onChange={(e) => update({ date: e.target.value, time: parts.time })}
          onBlur={field.onBlur}
          sx={{ width: { xs: '100%', sm: 200 } }}
          slotProps={{
            inputLabel: { shrink: true },
            htmlInput: { 'aria-labelledby': `${legendId} ${dateId}-label`, 'aria-describedby': message ? helpId : undefined },
          }}
        />
        <TextField
          id={timeId}
          type="time"
          label="Heure (Paris)"
          variant="filled"
          value={parts.time}
          disabled={disabled}
          error={showError}
          onChange={(e) => update({ date: parts.date, time: e.target.value })}
          onBlur={field.onBlur}
          sx={{ width: { xs: '100%', sm: 170 } }}
          slotProps={{
            inputLabel: { shrink: true },
            htmlInput: { step: 1, 'aria-labelledby': `${legendId} ${timeId}-label`, 'aria-describedby': message ? helpId : undefined },
          }}
        />
      </Stack>
      {message ? (
        <FormHelperText id={helpId} error={showError} role={showError ? 'alert' : undefined} sx={{ mx: 0, maxWidth: 640 }}>
          {message}
        </FormHelperText>
      ) : null}
    </Box>
  );
};

function validInstant(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && !value.startsWith(INCOMPLETE) ? value : null;
}
