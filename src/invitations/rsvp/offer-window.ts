/**
 * How long a waitlisted member's seat offer holds.
 *
 * The issue: 48 h by default, shrinking as the meetup nears, never past its start. An open offer
 * holds a seat, so a long offer close to the day can waste it; we therefore give at most half of
 * the time that is left, and stop offers `stopBeforeStartMinutes` before the start so the member
 * still has time to travel and staff a final roster. Below `minimumMinutes` an offer is not worth
 * making (nobody reads mail and decides that fast) and the caller should leave the seat free.
 *
 * Rule chosen where the issue is silent: the RSVP deadline does NOT cap an offer. Waitlisted
 * members already said they want to come; capping would make an offer made an hour before the
 * deadline last an hour, and late cancellations (after the deadline) could never be filled.
 * The deadline still stops new waves of invitations — that is the waves' rule, not this one.
 */
export interface OfferWindowSettings {
  defaultHours: number;
  /** Share of the time left before the cut-off that an offer may take. */
  shareOfTimeLeft: number;
  minimumMinutes: number;
  stopBeforeStartMinutes: number;
}

export const DEFAULT_OFFER_WINDOW: OfferWindowSettings = {
  defaultHours: 48,
  shareOfTimeLeft: 0.5,
  minimumMinutes: 60,
  stopBeforeStartMinutes: 120,
};

export type OfferWindow = { offer: true; expiresAt: Date } | { offer: false; reason: 'meetup-too-close' };

const MINUTE = 60_000;

export function offerWindow(
  now: Date,
  meetupStartsAt: Date,
  settings: OfferWindowSettings = DEFAULT_OFFER_WINDOW,
): OfferWindow {
  const cutoff = meetupStartsAt.getTime() - settings.stopBeforeStartMinutes * MINUTE;
  const left = cutoff - now.getTime();
  const length = Math.min(settings.defaultHours * 60 * MINUTE, Math.floor(left * settings.shareOfTimeLeft));
  if (length < settings.minimumMinutes * MINUTE) {
    // Half the time left is too short, but the whole of it may still be enough for a decision.
    if (left >= settings.minimumMinutes * MINUTE) {
      return { offer: true, expiresAt: new Date(now.getTime() + settings.minimumMinutes * MINUTE) };
    }
    return { offer: false, reason: 'meetup-too-close' };
  }
  return { offer: true, expiresAt: new Date(now.getTime() + length) };
}
