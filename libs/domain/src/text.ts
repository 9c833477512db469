/**
 * Comparison key for French labels typed by humans (DS champ labels, region names): lower case, no accents,
 * no punctuation, no spacing. "Côte-d'Azur" and "cote d azur" give the same key.
 */
export function normaliseLabel(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]/g, '');
}
