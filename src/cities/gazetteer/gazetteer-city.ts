/** One city of the committed gazetteer (china-cities.json, made by scripts/build-gazetteer.ts). */
export interface GazetteerCity {
  /** GB/T 2260 code, six digits: 610100 Xi'an, 110000 Beijing. */
  code: string;
  /** The name in daily use: 西安, 延边. */
  nameZh: string;
  /** GeoNames' English spelling when GeoNames has the city, else the pinyin: Xi’an, Ürümqi, Yanbian. */
  nameEn: string;
  /** The official name: 西安市, 延边朝鲜族自治州. */
  fullNameZh: string;
  /** Toneless pinyin of nameZh, one word: xian. */
  pinyin: string;
  provinceZh: string;
  provinceEn: string;
  timeZone: string;
  /**
   * GeoNames population of the city (its urban area, or the seat's for a prefecture named after a
   * region); where GeoNames has none, the prefecture's 2020 census resident population.
   */
  population: number | null;
  latitude: number | null;
  longitude: number | null;
  geonamesId: number | null;
  /** Other spellings of the city itself (GeoNames, official name, the seat). */
  aliases: string[];
  /** County-level names that belong to this city alone (昆山 → 苏州). */
  counties: string[];
}
