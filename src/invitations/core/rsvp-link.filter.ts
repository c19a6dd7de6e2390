import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { RsvpLinkNotValidException } from './rsvp-link-not-valid.exception';

/** The page for a link that is not valid (404): nobody is known, so it speaks both languages. */
export function renderLinkNotValid(res: Response): void {
  res.status(404).render('rsvp/invalid', { title: 'Link not valid · 链接无效', bare: true });
}

/** For the pages other modules serve from the member's link (the question forms). */
@Catch(RsvpLinkNotValidException)
export class RsvpLinkFilter implements ExceptionFilter {
  catch(_exception: RsvpLinkNotValidException, host: ArgumentsHost): void {
    renderLinkNotValid(host.switchToHttp().getResponse<Response>());
  }
}
