/**
 * Horizontal bar charts as server-side SVG for the report pages, drawn like the RSVP funnel: no
 * script, prints, role="img" with a <title> and a <desc> that says every number in one sentence,
 * and each bar's value written beside it, so colour and length are never the only cue. The page
 * puts a table with the same numbers next to each chart.
 */
export interface Bar {
  label: string;
  /** Drawn length; null draws no bar (e.g. a score hidden for a small group). */
  value: number | null;
  /** What is written beside the bar. */
  shown: string;
}

export interface BarChart {
  id: string;
  title: string;
  /** The whole chart in a sentence, for screen readers. */
  desc: string;
  bars: Bar[];
  /** The value of a full-length bar. */
  max: number;
  colour?: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 220;
const VALUE_WIDTH = 70;
const BAR = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const ROW = 24;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A label that fits its column: about 30 Latin or 16 CJK characters. */
function fitted(label: string): string {
  let width = 0;
  let out = '';
  for (const c of label) {
    width += /[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 12 : 7;
    if (width > LABEL_WIDTH - 16) return `${out}…`;
    out += c;
  }
  return out;
}

export function barChartSvg(chart: BarChart): string {
  if (!/^[A-Za-z][\w-]*$/.test(chart.id)) throw new RangeError('id must be a plain identifier');
  if (!(chart.max > 0)) throw new RangeError('max must be positive');
  const colour = chart.colour ?? '#2b6cb0';
  const rows = chart.bars.map((bar, i) => {
    const y = i * ROW;
    const w = bar.value === null ? 0 : (Math.max(0, Math.min(bar.value, chart.max)) / chart.max) * BAR;
    return (
      `<g><text x="0" y="${y + 16}" font-size="12" fill="#1a202c">${escapeXml(fitted(bar.label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${w.toFixed(1)}" height="16" fill="${colour}"/>` +
      `<text x="${(LABEL_WIDTH + w + 6).toFixed(1)}" y="${y + 16}" font-size="12" fill="#1a202c">${escapeXml(bar.shown)}</text></g>`
    );
  });
  const height = Math.max(1, chart.bars.length) * ROW;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc">` +
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title><desc id="${chart.id}-desc">${escapeXml(chart.desc)}</desc>` +
    rows.join('') +
    `</svg>`
  );
}
