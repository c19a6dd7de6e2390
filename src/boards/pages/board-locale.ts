import type { Request } from 'express';
import type { Locale } from '../../common/locale';

/**
 * The language of a public board page: `?lang=` when given (the language links), else the signed-in
 * member's, else the signed-in account's, else what the browser prefers (any Chinese → zh-CN), else English.
 */
export function boardLocale(req: Request): Locale {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked === 'zh-CN' || asked === 'en') return asked;
  if (req.member) return req.member.locale;
  if (req.principal) return req.principal.locale;
  if (!req.headers['accept-language']) return 'en';
  const accepted = req.acceptsLanguages('en', 'zh-CN', 'zh');
  return typeof accepted === 'string' && accepted.startsWith('zh') ? 'zh-CN' : 'en';
}

/** The same page in the other language. */
export function otherLanguage(req: Request, locale: Locale): { href: string; label: string; lang: Locale } {
  const lang: Locale = locale === 'en' ? 'zh-CN' : 'en';
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('lang', lang);
  return { href: url.pathname + url.search, label: lang === 'en' ? 'English' : '中文', lang };
}
