import { normaliseLabel } from './text';

/** The 18 current regions with their INSEE codes (codes are strings: '01' keeps its leading zero). */
export const REGIONS = [
  { code: '84', name: 'Auvergne-Rhône-Alpes' },
  { code: '27', name: 'Bourgogne-Franche-Comté' },
  { code: '53', name: 'Bretagne' },
  { code: '24', name: 'Centre-Val de Loire' },
  { code: '94', name: 'Corse' },
  { code: '44', name: 'Grand Est' },
  { code: '32', name: 'Hauts-de-France' },
  { code: '11', name: 'Île-de-France' },
  { code: '28', name: 'Normandie' },
  { code: '75', name: 'Nouvelle-Aquitaine' },
  { code: '76', name: 'Occitanie' },
  { code: '52', name: 'Pays de la Loire' },
  { code: '93', name: 'Provence-Alpes-Côte d’Azur' },
  { code: '01', name: 'Guadeloupe' },
  { code: '02', name: 'Martinique' },
  { code: '03', name: 'Guyane' },
  { code: '04', name: 'La Réunion' },
  { code: '06', name: 'Mayotte' },
] as const;

export type Region = (typeof REGIONS)[number];
export type RegionCode = Region['code'];
export const REGION_CODES: readonly RegionCode[] = REGIONS.map((r) => r.code);

export function isRegionCode(x: unknown): x is RegionCode {
  return typeof x === 'string' && (REGION_CODES as readonly string[]).includes(x);
}

/** The current name of a region, or undefined for an unknown code. */
export function regionName(code: string): string | undefined {
  return REGIONS.find((r) => r.code === code)?.name;
}

/**
 * Region names as written in older documents (the 2013 call predates the 2016 merger) and a few common variants,
 * mapped to the current region's code. Keys are written naturally; lookups go through normaliseLabel.
 */
export const OLD_REGION_TO_CODE: Readonly<Record<string, RegionCode>> = {
  // before 2016
  Aquitaine: '75',
  Limousin: '75',
  'Poitou-Charentes': '75',
  Auvergne: '84',
  'Rhône-Alpes': '84',
  'Basse-Normandie': '28',
  'Haute-Normandie': '28',
  Bourgogne: '27',
  'Franche-Comté': '27',
  'Champagne-Ardenne': '44',
  Lorraine: '44',
  Alsace: '44',
  'Languedoc-Roussillon': '76',
  'Midi-Pyrénées': '76',
  'Nord-Pas-de-Calais': '32',
  Picardie: '32',
  Centre: '24',
  // common variants of current names
  'Provence-Alpes-Côte d’Azur': '93',
  PACA: '93',
  'Région Sud': '93',
  Sud: '93',
  Réunion: '04',
  'Île de la Réunion': '04',
  ARA: '84',
  BFC: '27',
  // current names
  ...Object.fromEntries(REGIONS.map((r) => [r.name, r.code])),
};

const BY_KEY: ReadonlyMap<string, RegionCode> = new Map(
  Object.entries(OLD_REGION_TO_CODE).map(([name, code]) => [normaliseLabel(name), code]),
);

/**
 * Region code from a name (current or older, compared without case, accents, punctuation or spacing) or from a code
 * ('53', also '1' for '01'). Undefined when not recognised.
 */
export function regionCodeFromName(name: string | null | undefined): RegionCode | undefined {
  if (name == null) return undefined;
  const trimmed = name.trim();
  if (/^\d{1,2}$/.test(trimmed)) {
    const padded = trimmed.padStart(2, '0');
    return isRegionCode(padded) ? padded : undefined;
  }
  const key = normaliseLabel(trimmed.replace(/^r[ée]gion\s+/i, ''));
  return BY_KEY.get(key) ?? BY_KEY.get(normaliseLabel(trimmed));
}
