import { Typography } from '@mui/material';
import { useFieldValue, type FieldProps } from 'react-admin';
import { formatParis, isoOrEmpty, type ParisFormat } from './parisTime';

/** An instant of the record shown in Paris time, in French (« 23 juin 2021 à 23:59 »). */
export const ParisDateField = ({ source, format = 'datetime', emptyText = '—' }: FieldProps & { source: string; format?: ParisFormat }) => {
  const value = useFieldValue({ source }) as string | null | undefined;
  const text = formatParis(value, format);
  if (!text)
    return (
      <Typography component="span" variant="body2">
        {typeof emptyText === 'string' ? emptyText : '—'}
      </Typography>
    );
  return (
    <Typography component="span" variant="body2">
      <time dateTime={isoOrEmpty(value)}>{text}</time>
    </Typography>
  );
};

/** The same, outside a record context. */
export const ParisDate = ({
  value,
  format = 'datetime',
  emptyText = '—',
}: {
  value: string | null | undefined;
  format?: ParisFormat;
  emptyText?: string;
}) => {
  const text = formatParis(value, format);
  return text ? <time dateTime={isoOrEmpty(value)}>{text}</time> : <>{emptyText}</>;
};
