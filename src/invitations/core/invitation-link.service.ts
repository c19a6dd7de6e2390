import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvitationRow, InvitationsRepository } from './invitations.repository';
import { RsvpLinkNotValidException } from './rsvp-link-not-valid.exception';
import { hashRsvpToken, looksLikeRsvpToken } from './rsvp-token';

/**
 * The member's invitation link, for the modules that serve fans from it (the questions on the RSVP
 * page): which invitation a token names, and that invitation locked to check who may do what.
 */
@Injectable()
export class InvitationLinkService {
  constructor(private readonly invitations: InvitationsRepository) {}

  /**
   * The invitation and meetup the link names, read without locks; RsvpLinkNotValidException (404) for a
   * link that is not ours or names nothing. A bad link costs one indexed read and never waits for a lock.
   */
  async idsOf(token: string): Promise<{ id: string; meetupId: number }> {
    if (!looksLikeRsvpToken(token)) throw new RsvpLinkNotValidException();
    const ids = await this.invitations.idsByTokenHash(hashRsvpToken(token));
    if (!ids) throw new RsvpLinkNotValidException();
    return ids;
  }

  /** The invitation, locked in the caller's transaction; take its meetup's lock first (meetups/meetup-lock.ts). */
  lockInvitation(manager: EntityManager, id: string): Promise<InvitationRow | null> {
    return this.invitations.lockInvitation(manager, id);
  }
}
