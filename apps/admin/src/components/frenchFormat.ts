/** Small French display formatters shared by the screens (display only). */

/** « 123 456 789 00012 » (SIREN in threes, then the NIC); anything that is not 14 digits is shown as it is. */
export function formatSiret(s: string | null | undefined): string {
  const digits = (s ?? '').replace(/\s/g, '');
  return /^\d{14}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}` : (s ?? '');
}

/** « 0 caractère », « 1 caractère », « 2 caractères »: in French 0 and 1 take the singular. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n.toLocaleString('fr-FR')} ${Math.abs(n) < 2 ? singular : pluralForm}`;
}

/**
 * Intl's French dates write « 1 avril »; French writes the first of the month as an ordinal: « 1er avril ».
 * Applied to the parts of any formatter that writes the month in words.
 */
export function formatWithOrdinalFirst(formatter: Intl.DateTimeFormat, d: Date): string {
  const parts = formatter.formatToParts(d);
  const wordMonth = parts.some((p) => p.type === 'month' && /\D/.test(p.value));
  return parts.map((p) => (wordMonth && p.type === 'day' && Number(p.value) === 1 ? '1er' : p.value)).join('');
}
