import type { Locale } from '../common/locale';
import type { PerLocale } from '../common/strings';

/** What naming a city needs: its English name and, for gazetteer cities, its Chinese one. */
export interface NamedInTwoLanguages {
  name: string;
  nameZh?: string | null;
}

/**
 * The city's name for a reader of `locale`: 乌鲁木齐 in zh-CN, Ürümqi in English;
 * a city without a Chinese name (created by an import) keeps the name it has.
 * Pages, emails, .ics and the forum announcement all name cities through this.
 */
export function cityName(city: NamedInTwoLanguages, locale: Locale): string {
  return locale === 'zh-CN' && city.nameZh ? city.nameZh : city.name;
}

/** The name in both languages, for a message parameter shown later to a reader of either (a flash, an error). */
export function cityNames(city: NamedInTwoLanguages): PerLocale {
  return { en: cityName(city, 'en'), 'zh-CN': cityName(city, 'zh-CN') };
}
