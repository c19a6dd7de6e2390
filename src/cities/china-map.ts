import type { Locale } from '../common/locale';
import { translate } from '../common/strings';
import OUTLINE from './china-outline.json';
import PLACES from './china-city-places.json';

/** A city as the map draws it. */
export interface MapCity {
  id: number;
  name: string;
  population: number | null;
  members: number;
}

export interface PlacedCity extends MapCity {
  x: number;
  y: number;
  r: number;
}

/**
 * The same Mercator as d3-geo's (china-map-data.mjs fitted it to the box and kept its scale and
 * translate): x = tx + k·λ, y = ty − k·ln tan(π/4 + φ/2). The spec checks it against d3's own samples.
 */
export function project(lon: number, lat: number): [number, number] {
  const k = OUTLINE.scale;
  const [tx, ty] = OUTLINE.translate;
  const λ = (lon * Math.PI) / 180;
  const φ = (lat * Math.PI) / 180;
  return [tx + k * λ, ty - k * Math.log(Math.tan(Math.PI / 4 + φ / 2))];
}

type Place = [string, number, number, number];
const byName = new Map<string, Place[]>();
for (const place of PLACES.places as Place[]) {
  const key = place[0].toLowerCase();
  byName.set(key, [...(byName.get(key) ?? []), place]);
}

/**
 * Where a city is: by its name in GeoNames ("Suzhou, Jiangsu" → "Suzhou"), and among namesakes the one
 * whose population is nearest the city's (the demo seed copies GeoNames' figure). Null when unknown: such a
 * city stays in the table beside the map.
 */
export function cityPlace(name: string, population: number | null): [number, number] | null {
  const found = byName.get(name.split(',')[0].trim().toLowerCase());
  if (!found) return null;
  const best =
    population === null
      ? found[0]
      : [...found].sort((a, b) => Math.abs(a[1] - population) - Math.abs(b[1] - population))[0];
  return [best[2], best[3]];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Circles sized by members (area ∝ members, the largest 22 px across the radius), placed cities only. */
export function placeCities(cities: MapCity[]): PlacedCity[] {
  const max = Math.max(1, ...cities.map((c) => c.members));
  return cities.flatMap((c) => {
    const at = cityPlace(c.name, c.population);
    if (!at || c.members <= 0) return [];
    const [x, y] = project(at[0], at[1]);
    return [
      { ...c, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, r: Math.max(2, 22 * Math.sqrt(c.members / max)) },
    ];
  });
}

/**
 * The ranking on a map of China as plain SVG (no script, no tiles: the app runs offline). Biggest
 * circles first so small ones stay on top and visible; each circle names its city and count.
 */
export function chinaMapSvg(cities: MapCity[], locale: Locale): string {
  const placed = placeCities(cities).sort((a, b) => b.r - a.r);
  const circles = placed
    .map((c) => {
      const label = translate(locale, 'mapCircle', { city: c.name, count: c.members });
      return `<circle cx="${c.x}" cy="${c.y}" r="${c.r.toFixed(1)}" fill="#3b6ea5" fill-opacity="0.55" stroke="#1d3f66" stroke-width="0.8"><title>${esc(label)}</title></circle>`;
    })
    .join('');
  const label = translate(locale, 'mapLabel', { count: placed.length });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" viewBox="0 0 ${OUTLINE.width} ${OUTLINE.height}" ` +
    `class="china-map"><path d="${OUTLINE.path}" fill="#eef2f6" stroke="#8a9bb0" stroke-width="0.8"/>${circles}</svg>`
  );
}
