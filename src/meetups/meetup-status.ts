export const MEETUP_STATUSES = ['draft', 'scheduled', 'inviting', 'closed', 'held', 'cancelled'] as const;
export type MeetupStatus = (typeof MEETUP_STATUSES)[number];

/** draft → scheduled → inviting → closed → held; cancelled from any state before held. */
const NEXT: Record<MeetupStatus, readonly MeetupStatus[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['inviting', 'cancelled'],
  inviting: ['closed', 'cancelled'],
  closed: ['held', 'cancelled'],
  held: [],
  cancelled: [],
};

export function allowedTransitions(from: MeetupStatus): readonly MeetupStatus[] {
  return NEXT[from];
}

export function canTransition(from: MeetupStatus, to: MeetupStatus): boolean {
  return NEXT[from].includes(to);
}
