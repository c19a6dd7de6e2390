/**
 * Matching the names fans and forum exports give a city (`西安市`, `Xi'an`, `xi’an`,
 * `ＸＩＡＮ`, `Xian`) to one city. Pure: no Nest, no database; the gazetteer build
 * script and the import share it, so a key built today matches the same input tomorrow.
 */

/** Administrative suffixes that fans write or leave out: 西安市 = 西安, 阿勒泰地区 = 阿勒泰. */
const CHINESE_SUFFIXES = ['自治州', '地区', '市', '盟'];
/** Apostrophes and marks that separate syllables (Xi'an, Xi’an, Xiʼan), spaces, hyphens, dots, commas. */
const SEPARATORS = /[\s'’‘ʼ`´\-‐‑–—_.,，、·]+/gu;
const LATIN_SUFFIX = /(?:\s+(?:city|prefecture))+$/iu;

/**
 * The key a name is matched by: full-width → half-width and tone marks off
 * (NFKC, then NFD without combining marks: Ürümqi → urumqi), lower case, no
 * separators, without the administrative suffix when two characters stay.
 */
export function normaliseCityName(name: string): string {
  let key = name
    .normalize('NFKC')
    .trim()
    .replace(LATIN_SUFFIX, '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(SEPARATORS, '');
  for (const suffix of CHINESE_SUFFIXES) {
    if (key.endsWith(suffix) && [...key].length - suffix.length >= 2) {
      key = key.slice(0, -suffix.length);
      break;
    }
  }
  return key;
}

/** What a key names, strongest first: a same key of a weaker kind never overrides a stronger one. */
export const ALIAS_KINDS = ['name', 'alias', 'pinyin', 'county'] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

export interface CityKey {
  cityId: number;
  /** Normalised (normaliseCityName). */
  key: string;
  kind: AliasKind;
}

export interface NamedCity {
  id: number;
  /** GB/T 2260 code, for gazetteer cities. */
  code: string | null;
  /** Shown in suggestions, e.g. "西安 Xi’an". */
  label: string;
}

export type CityMatch = { cityId: number } | { cityId: null; nearest: string[] };

/**
 * Resolves names to cities: the GB/T 2260 code first, then a key of any known
 * name or alias, then pinyin, then an unambiguous county-level name. Build it
 * once per import; `match` remembers each distinct input, so a million rows
 * naming 300 cities normalise 300 strings.
 */
export class CityNameIndex {
  private readonly byCode = new Map<string, number>();
  private readonly byKey = new Map<string, { cityId: number; rank: number }>();
  private readonly labels = new Map<number, string>();
  private readonly seen = new Map<string, number | null>();

  constructor(cities: NamedCity[], keys: CityKey[]) {
    for (const c of cities) {
      if (c.code) this.byCode.set(c.code, c.id);
      this.labels.set(c.id, c.label);
    }
    for (const k of keys) this.add(k);
  }

  /** Adds a key unless a stronger (or equally strong, earlier) one holds it. */
  add({ cityId, key, kind }: CityKey): void {
    const rank = ALIAS_KINDS.indexOf(kind);
    const held = this.byKey.get(key);
    if (key && (!held || rank < held.rank)) this.byKey.set(key, { cityId, rank });
    this.seen.clear();
  }

  /** The city a name means, or null. */
  cityIdOf(name: string): number | null {
    const known = this.seen.get(name);
    if (known !== undefined) return known;
    const trimmed = name.trim();
    const id = this.byCode.get(trimmed) ?? this.byKey.get(normaliseCityName(trimmed))?.cityId ?? null;
    this.seen.set(name, id);
    return id;
  }

  match(name: string): CityMatch {
    const cityId = this.cityIdOf(name);
    return cityId === null ? { cityId, nearest: this.nearest(name) } : { cityId };
  }

  /** Up to `n` cities whose names (not county names) are fewest edits away; for the "unknown city" message. */
  nearest(name: string, n = 3): string[] {
    const key = normaliseCityName(name);
    if (!key) return [];
    const best = new Map<number, number>();
    for (const [k, { cityId, rank }] of this.byKey) {
      if (rank === ALIAS_KINDS.indexOf('county')) continue;
      const d = editDistance(key, k, 6);
      if (d <= Math.max(2, Math.ceil(key.length / 2)) && d < (best.get(cityId) ?? Infinity)) best.set(cityId, d);
    }
    return [...best]
      .sort((a, b) => a[1] - b[1] || a[0] - b[0])
      .slice(0, n)
      .map(([id]) => this.labels.get(id) ?? String(id));
  }
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, row[j]);
    }
    if (rowMin > limit) return limit + 1;
    prev = row;
  }
  return prev[t.length];
}

/** Why a name is refused: the name as written and the nearest known cities. */
export function unknownCityText(name: string, nearest: string[]): string {
  return nearest.length > 0
    ? `unknown city '${name}' — nearest: ${nearest.join(', ')}`
    : `unknown city '${name}' — no known city has a similar name (import with "create unverified cities" to add it)`;
}
