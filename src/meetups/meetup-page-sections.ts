import { Injectable } from '@nestjs/common';
import type { Locale } from '../common/locale';
import type { MeetupView } from './meetups.service';

/** Adds its part to the meetup page's model (e.g. `{ invitations: … }`), read by that part's partial. */
export type MeetupPageSection = (meetup: MeetupView, locale: Locale) => Promise<Record<string, unknown>>;

/**
 * Hooks for the modules built on meetups: the invitations module imports this
 * one, so the meetup page cannot call it; it adds its section here instead
 * (the RSVP funnel and the links to the invitation pages), as it subscribes
 * to MeetupEvents.
 */
@Injectable()
export class MeetupPageSections {
  private readonly sections: MeetupPageSection[] = [];

  add(section: MeetupPageSection): void {
    this.sections.push(section);
  }

  async model(meetup: MeetupView, locale: Locale): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.sections.map((section) => section(meetup, locale)));
    return Object.assign({}, ...parts) as Record<string, unknown>;
  }
}
