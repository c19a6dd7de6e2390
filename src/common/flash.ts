import type { Request, Response } from 'express';
import { message, Params, StringKey } from './strings';

/**
 * How a page's POST ends (post/redirect/get): a note the next page shows once, in the viewer's language,
 * and a 303 to that page. The note is stored as a message, not a text, so it is translated when shown;
 * web.ts saves the session before the redirect leaves, so the browser never arrives before its note.
 */
export function flashAndRedirect(req: Request, res: Response, target: string, key: StringKey, params?: Params): void {
  req.session.flash = message(key, params);
  res.redirect(303, target);
}
