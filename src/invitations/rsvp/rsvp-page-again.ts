import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { RsvpPage } from '../core/rsvp-page';
import { rsvpPageView } from './rsvp-page';
import { RsvpGoneException, RsvpService, RsvpView } from './rsvp.service';

/**
 * Gives the RSVP page's hooks (core/rsvp-page.ts) the way to show the page again after another part's
 * form was refused (a question the rules turned down): the page as it is now, without logging a view,
 * with that part's refusal; the closed page (410) when answers closed meanwhile.
 */
@Injectable()
export class RsvpPageAgain implements OnModuleInit {
  constructor(
    private readonly rsvp: RsvpService,
    private readonly page: RsvpPage,
  ) {}

  onModuleInit(): void {
    this.page.showAgainWith((res, token, parts, status) => this.show(res, token, parts, status));
  }

  private async show(res: Response, token: string, parts: Record<string, unknown>, status: number): Promise<void> {
    let view: RsvpView;
    try {
      view = await this.rsvp.current(token);
    } catch (error) {
      if (!(error instanceof RsvpGoneException)) throw error;
      res.status(410).render('rsvp/show', rsvpPageView(error.view, token));
      return;
    }
    const sections = await this.page.sectionsOf(view.invitationId, {});
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .render('rsvp/show', { ...rsvpPageView(view, token), ...sections, ...parts });
  }
}
