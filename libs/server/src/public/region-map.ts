import { REGIONS } from '@ptce/domain';

/**
 * A schematic map of the regions (a tile cartogram: one tile per region, placed roughly where it lies; the five
 * overseas regions on a row below), coloured by the number of lauréats. Pure SVG, no script; the per-region table
 * next to it carries the same figures for assistive technologies, the SVG has a text alternative too.
 */
const TILES: Record<string, { x: number; y: number; w?: number; short: string }> = {
  '32': { x: 2, y: 0, short: 'HdF' },
  '53': { x: 0, y: 1, short: 'Bre' },
  '28': { x: 1, y: 1, short: 'Nor' },
  '11': { x: 2, y: 1, short: 'IdF' },
  '44': { x: 3, y: 1, short: 'GE' },
  '52': { x: 1, y: 2, short: 'PdL' },
  '24': { x: 2, y: 2, short: 'CVL' },
  '27': { x: 3, y: 2, short: 'BFC' },
  '75': { x: 1, y: 3, short: 'NAq' },
  '84': { x: 2, y: 3, w: 2, short: 'ARA' },
  '76': { x: 1, y: 4, w: 2, short: 'Occ' },
  '93': { x: 3, y: 4, short: 'PACA' },
  '94': { x: 4, y: 4.6, short: 'Cor' },
  '01': { x: 0, y: 5.8, short: 'Gua' },
  '02': { x: 1, y: 5.8, short: 'Mar' },
  '03': { x: 2, y: 5.8, short: 'Guy' },
  '04': { x: 3, y: 5.8, short: 'Réu' },
  '06': { x: 4, y: 5.8, short: 'May' },
};

const S = 64; // tile size
const G = 4; // gap

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function regionMapSvg(counts: Map<string, number>, title: string): string {
  const max = Math.max(1, ...counts.values());
  const desc = REGIONS.filter((r) => (counts.get(r.code) ?? 0) > 0)
    .map((r) => `${r.name} : ${counts.get(r.code)}`)
    .join(' ; ');
  const tiles = REGIONS.map((r) => {
    const t = TILES[r.code];
    if (!t) return '';
    const n = counts.get(r.code) ?? 0;
    const w = (t.w ?? 1) * S + ((t.w ?? 1) - 1) * G;
    const x = t.x * (S + G);
    const y = t.y * (S + G);
    // 0: light grey; otherwise from light to dark blue (France's "bleu" #000091 at the maximum).
    const k = n === 0 ? 0 : 0.25 + 0.75 * (n / max);
    const fill = n === 0 ? '#eeeeee' : `rgb(${Math.round(227 - 227 * k)},${Math.round(227 - 227 * k)},${Math.round(253 - 108 * k)})`;
    const ink = k > 0.55 ? '#ffffff' : '#161616';
    return `<g><title>${esc(r.name)} : ${n} lauréat${n > 1 ? 's' : ''}</title><rect x="${x}" y="${y}" width="${w}" height="${S}" rx="4" fill="${fill}" stroke="#929292"/><text x="${x + w / 2}" y="${y + 26}" text-anchor="middle" font-size="14" fill="${ink}">${esc(t.short)}</text><text x="${x + w / 2}" y="${y + 48}" text-anchor="middle" font-size="18" font-weight="700" fill="${ink}">${n}</text></g>`;
  }).join('');
  const width = 5 * (S + G);
  const height = 6.8 * (S + G);
  return `<svg class="carte" role="img" aria-labelledby="carte-titre carte-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="Marianne, system-ui, sans-serif"><title id="carte-titre">${esc(title)}</title><desc id="carte-desc">${esc(desc || 'Aucun lauréat.')}</desc>${tiles}<text x="0" y="${5.8 * (S + G) - 10}" font-size="12" fill="#3a3a3a">Outre-mer</text></svg>`;
}
