export const DEMO_PRODUCT_AREAS = [
  { slug: 'os', nameEn: 'Operating system', nameZh: '系统' },
  { slug: 'camera', nameEn: 'Camera', nameZh: '相机' },
  { slug: 'battery', nameEn: 'Battery & charging', nameZh: '电池与充电' },
  { slug: 'router', nameEn: 'Router', nameZh: '路由器' },
  { slug: 'audio', nameEn: 'Audio', nameZh: '音频' },
  { slug: 'display', nameEn: 'Display', nameZh: '屏幕' },
];

/** What the demo needs of a gazetteer city. */
export interface DemoCity {
  code: string;
  nameZh: string;
  fullNameZh: string;
  nameEn: string;
  pinyin: string;
  provinceEn: string;
  population: number | null;
}

/** Ｘｉ’ａｎ: ASCII letters as their full-width forms, as some Chinese input methods type them. */
export const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/**
 * One of the spellings a forum's member export mixes for a city, picked by
 * `r` in [0, 1): mostly Chinese (西安, 西安市), then English (Xi’an, Xi'an,
 * XI’AN, Ｘｉ’ａｎ) and pinyin (xian). Pinyin only where it names this city
 * alone: "suzhou" is 苏州, so 宿州 is spelt "Suzhou, Anhui" instead.
 */
export function citySpelling(c: DemoCity, r: number): string {
  const straight = c.nameEn.replace(/[’ʼ]/g, "'");
  const pinyin = c.nameEn.includes(',') ? straight : c.pinyin;
  const spellings: [number, string][] = [
    [0.35, c.nameZh],
    [0.55, c.fullNameZh],
    [0.68, c.nameEn],
    [0.76, straight],
    [0.84, pinyin],
    [0.92, c.nameEn.toUpperCase()],
    [1, fullWidth(c.nameEn)],
  ];
  return spellings.find(([upTo]) => r < upTo)![1];
}

/** A city whose population nobody knows weighs as a small city. */
const UNKNOWN_POPULATION = 100_000;

/** Cumulative weights: big cities get many more members than small ones (weight ∝ population^1.3). */
export function cityWeights(cities: { population: number | null }[]): number[] {
  let total = 0;
  const cumulative = cities.map((c) => (total += Math.pow(c.population ?? UNKNOWN_POPULATION, 1.3)));
  return cumulative.map((w) => w / total);
}

export function pickWeighted(cumulative: number[], r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
