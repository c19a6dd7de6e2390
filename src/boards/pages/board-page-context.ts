import type { Request, Response } from 'express';
import type { Locale } from '../../common/locale';
import { adoptionLevel, BoardStatus } from '../items/board-status';
import { boardLocale, otherLanguage } from './board-locale';

const LANG_COOKIE = 'meetloop.lang';

/**
 * What every public board page renders with: its language (a `?lang=` choice is remembered in a
 * preference cookie — no server state), the link to the other language, and the fan page frame.
 */
export function boardPage(req: Request, res: Response, title: unknown, extra: object = {}) {
  const asked = req.query.lang;
  if (asked === 'en' || asked === 'zh-CN') {
    res.cookie(LANG_COOKIE, asked, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000, path: '/' });
  }
  const cookie = (req.cookies as Record<string, string> | undefined)?.[LANG_COOKIE];
  const locale: Locale =
    asked === 'en' || asked === 'zh-CN' ? asked : cookie === 'en' || cookie === 'zh-CN' ? cookie : boardLocale(req);
  return { title, bare: true, locale, other: otherLanguage(req, locale), member: req.member, ...extra };
}

/** A status for the pages: its words' key, its CSS class and how far up the adoption ladder (for the meter). */
export function statusView(status: BoardStatus) {
  const level = adoptionLevel(status);
  return {
    status,
    statusKey: `boards.status.${status}`,
    level: level < 0 ? 0 : level,
    onLadder: level >= 0,
  };
}
