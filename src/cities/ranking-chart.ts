import type { Locale } from '../common/locale';
import { translate } from '../common/strings';
import { cityName } from './city-display';
import { RankedCity } from './city-ranking';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A horizontal bar chart of the top cities' registered members, as plain SVG (no script, no library). */
export function rankingChartSvg(cities: RankedCity[], top = 10, locale: Locale = 'en'): string {
  const rows = cities.filter((c) => c.eligible).slice(0, top);
  const max = Math.max(1, ...rows.map((c) => c.members));
  const bar = 22;
  const label = 140;
  const width = 640;
  const height = rows.length * (bar + 6) + 10;
  const bars = rows
    .map((c, i) => {
      const y = 5 + i * (bar + 6);
      const w = Math.max(1, Math.round(((width - label - 80) * c.members) / max));
      return (
        `<text x="${label - 8}" y="${y + 16}" text-anchor="end">${esc(cityName(c, locale))}</text>` +
        `<rect x="${label}" y="${y}" width="${w}" height="${bar}" fill="#3b6ea5"><title>${esc(translate(locale, c.reason.key, c.reason.params))}</title></rect>` +
        `<text x="${label + w + 6}" y="${y + 16}">${c.members.toLocaleString('en')}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(translate(locale, 'rank.chartLabel', { count: rows.length }))}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="13">${bars}</svg>`
  );
}
