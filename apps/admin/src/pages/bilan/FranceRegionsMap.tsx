import { useMemo } from 'react';
import { Box } from '@mui/material';
import { geoArea, geoConicConformal, geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import regionsGeo from './france-regions.json';

/**
 * Map of France by region, overseas regions shown as insets (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte).
 * Geometry: Natural Earth 1:10m admin-1 (public domain), merged by region (see build-france-regions.cjs); projection
 * and paths by d3-geo. Each region is filled by its value and carries a French title (read by screen readers and as
 * a tooltip); a table beside the map gives the same figures.
 */
type RegionFeature = Feature<Polygon | MultiPolygon, { code: string; name: string }>;

/**
 * d3-geo draws spherical polygons and wants exterior rings clockwise (the reverse of RFC 7946, which the merged
 * GeoJSON follows): a polygon covering more than a hemisphere has its rings the wrong way round and is reversed.
 */
function rewound(f: RegionFeature): RegionFeature {
  const polygons: number[][][][] = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const fixed = polygons.map((rings) => {
    const poly = { type: 'Polygon' as const, coordinates: rings };
    return geoArea(poly) > 2 * Math.PI ? rings.map((r) => [...r].reverse()) : rings;
  });
  return { ...f, geometry: { type: 'MultiPolygon', coordinates: fixed } };
}
const FEATURES = (regionsGeo as unknown as FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>).features.map((f) =>
  rewound(f as RegionFeature),
);
export const OVERSEAS_CODES = ['01', '02', '03', '04', '06'] as const;

const WIDTH = 560;
const MAIN_HEIGHT = 520;
const INSET = 92;
const GAP = 12;
const HEIGHT = MAIN_HEIGHT + INSET + GAP;

/** Light to dark blue (DSFR "bleu France" family) by share of the maximum; grey for zero. */
export function fillFor(value: number, max: number): string {
  if (!value || max <= 0) return '#eeeeee';
  const t = Math.min(1, value / max);
  const from = [0xe3, 0xe3, 0xfd];
  const to = [0x00, 0x00, 0x91];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * (0.15 + 0.85 * t)));
  return `rgb(${c.join(',')})`;
}

export const FranceRegionsMap = ({
  values,
  label,
  unit,
  testId = 'bilan-map',
}: {
  /** value per region INSEE code */
  values: Record<string, number>;
  /** what the values are ("Lauréats") */
  label: string;
  unit: (n: number) => string;
  /** for tests (the bilan's map by default; the selection board names its own) */
  testId?: string;
}) => {
  const max = Math.max(0, ...Object.values(values));
  const shapes = useMemo(() => {
    const metro = FEATURES.filter((f) => !(OVERSEAS_CODES as readonly string[]).includes(f.properties.code));
    const metroProjection = geoConicConformal()
      .parallels([44, 49])
      .rotate([-3, 0])
      .fitSize([WIDTH, MAIN_HEIGHT], { type: 'FeatureCollection', features: metro } as GeoPermissibleObjects);
    const metroPath = geoPath(metroProjection);
    const out = metro.map((f) => ({ feature: f, d: metroPath(f) ?? '', x: 0, y: 0 }));
    OVERSEAS_CODES.forEach((code, i) => {
      const f = FEATURES.find((x) => x.properties.code === code);
      if (!f) return;
      const projection = geoMercator().fitSize([INSET - 12, INSET - 24], f as GeoPermissibleObjects);
      out.push({ feature: f, d: geoPath(projection)(f) ?? '', x: i * ((WIDTH - INSET) / 4) + 6, y: MAIN_HEIGHT + GAP + 18 });
    });
    return out;
  }, []);

  return (
    <Box
      component="svg"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`Carte de France par région : ${label}`}
      data-testid={testId}
      sx={{ width: '100%', maxWidth: WIDTH, height: 'auto', display: 'block' }}
    >
      <title>{`Carte de France par région : ${label}`}</title>
      {OVERSEAS_CODES.map((code, i) => (
        <g key={`frame-${code}`} transform={`translate(${i * ((WIDTH - INSET) / 4)}, ${MAIN_HEIGHT + GAP})`}>
          <rect width={INSET} height={INSET} fill="none" stroke="#929292" strokeDasharray="3 2" />
          <text x={INSET / 2} y={12} fontSize={10} textAnchor="middle" fill="#3a3a3a">
            {FEATURES.find((f) => f.properties.code === code)?.properties.name}
          </text>
        </g>
      ))}
      {shapes.map(({ feature, d, x, y }) => {
        const v = values[feature.properties.code] ?? 0;
        return (
          <path
            key={feature.properties.code}
            d={d}
            transform={x || y ? `translate(${x}, ${y})` : undefined}
            fill={fillFor(v, max)}
            stroke="#ffffff"
            strokeWidth={0.8}
            data-region={feature.properties.code}
          >
            <title>{`${feature.properties.name} : ${unit(v)}`}</title>
          </path>
        );
      })}
    </Box>
  );
};
