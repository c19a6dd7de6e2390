import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { errorText } from '../common/strings';
import { MatchingRepository } from './matching.repository';

/**
 * Access per resource, not only per role: the one place that decides whether someone may see a
 * meetup's engineer-facing things (its questions, brief, answers — and, later, its board items and
 * feedback). Staff and admins see every meetup; an engineer only the meetups they are confirmed
 * for; everyone else none. Refusals are 403 with a reason in the viewer's language.
 */
@Injectable()
export class MeetupAccessService {
  constructor(private readonly matching: MatchingRepository) {}

  async requireMeetup(principal: Principal, meetupId: number): Promise<void> {
    if (principal.role === 'admin' || principal.role === 'staff') return;
    if (principal.role === 'engineer' && principal.engineerId !== null) {
      if (await this.matching.isConfirmed(principal.engineerId, meetupId)) return;
    }
    throw new ForbiddenException(errorText('match.err.notYourMeetup', { id: String(meetupId) }));
  }

  /** The engineer behind an engineer account; 403 for an account without one. */
  requireEngineer(principal: Principal): number {
    if (principal.role === 'engineer' && principal.engineerId !== null) return principal.engineerId;
    throw new ForbiddenException(errorText('match.err.notEngineer'));
  }

  /** Meetups the principal may see: every one for staff (null), the confirmed ones for an engineer. */
  async visibleMeetupIds(principal: Principal): Promise<number[] | null> {
    if (principal.role === 'admin' || principal.role === 'staff') return null;
    if (principal.role === 'engineer' && principal.engineerId !== null) {
      return this.matching.confirmedMeetupIds(principal.engineerId);
    }
    return [];
  }
}
