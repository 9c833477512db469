/**
 * DS renders instants in Paris time with an explicit offset and whole seconds ("2021-06-23T23:59:59+02:00").
 * The EU rule (last Sunday of March / October at 01:00 UTC) is computed here so output never depends on the ICU data
 * of the machine running the stand-in.
 */

function lastSundayUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1, 0, 0));
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

export function parisOffsetMinutes(date: Date): number {
  const y = date.getUTCFullYear();
  const t = date.getTime();
  return t >= lastSundayUtc(y, 2) && t < lastSundayUtc(y, 9) ? 120 : 60;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ISO8601DateTime as DS sends it. */
export function dsDateTime(date: Date): string {
  const offset = parisOffsetMinutes(date);
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + offset * 60_000);
  const ymd = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const hms = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${ymd}T${hms}+${pad(offset / 60)}:00`;
}

/** ISO8601Date (the Paris calendar day). */
export function dsDate(date: Date): string {
  return dsDateTime(date).slice(0, 10);
}

/** Midnight of a Paris calendar day as an ISO8601DateTime (the deprecated `DateChamp.value`). */
export function dsMidnight(isoDate: string): string {
  const noonUtc = new Date(`${isoDate}T12:00:00Z`);
  return `${isoDate}T00:00:00+${pad(parisOffsetMinutes(noonUtc) / 60)}:00`;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "14 mars 2019": the stringValue DS gives a date champ. */
export function frenchLongDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** Accepts what DS accepts for an ISO8601DateTime argument; returns null when it is not one. */
export function parseIsoDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  let normalized = value.replace(' ', 'T');
  if (normalized.length === 10) normalized += 'T00:00:00';
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(normalized)) {
    const t = Date.parse(normalized);
    return Number.isNaN(t) ? null : new Date(t);
  }
  // Rails reads a zone-less time in the application's zone (Paris); JS would read it in the machine's zone.
  const asUtc = Date.parse(`${normalized}Z`);
  if (Number.isNaN(asUtc)) return null;
  return new Date(asUtc - parisOffsetMinutes(new Date(asUtc - 60 * 60_000)) * 60_000);
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
