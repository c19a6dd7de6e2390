import { Injectable } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Adds its part to the fans' RSVP page model (e.g. `{ questions: … }`), read by that part's partial.
 * `query` is the page's query string (a part's post/redirect/get confirmation, e.g. `?question=added`).
 */
export type RsvpPageSection = (
  invitationId: string,
  query: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/**
 * Shows the RSVP page again, with `status`, after a part's form was refused: `parts` replace that part's
 * model (its refusal and what the member typed). Renders the closed page (410) instead when answers closed.
 */
export type RsvpPageAgain = (
  res: Response,
  token: string,
  parts: Record<string, unknown>,
  status: number,
) => Promise<void>;

/**
 * Hooks of the fans' RSVP page for the modules built on invitations: the RSVP part (rsvp/) renders the
 * page and cannot import them (the questions import invitations/core), so they add their sections here,
 * as the invitations add theirs to the meetup page (MeetupPageSections).
 */
@Injectable()
export class RsvpPage {
  private readonly sections: RsvpPageSection[] = [];
  private again?: RsvpPageAgain;

  addSection(section: RsvpPageSection): void {
    this.sections.push(section);
  }

  async sectionsOf(invitationId: string, query: Record<string, unknown>): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.sections.map((section) => section(invitationId, query)));
    return Object.assign({}, ...parts) as Record<string, unknown>;
  }

  /** Set once by the RSVP part, which owns the page. */
  showAgainWith(again: RsvpPageAgain): void {
    this.again = again;
  }

  showAgain(res: Response, token: string, parts: Record<string, unknown>, status: number): Promise<void> {
    if (!this.again) throw new Error('The RSVP page is not registered (the invitations module registers it)');
    return this.again(res, token, parts, status);
  }
}
