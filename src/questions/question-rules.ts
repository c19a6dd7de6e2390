import type { InvitationState } from '../invitations/core/invitation.entity';
import type { MeetupStatus } from '../meetups/meetup-status';

/**
 * When an attendee may ask, edit, delete and vote, and what a question may
 * say. Pure, so the whole table is tested without a database; the service
 * applies it under the meetup's row lock.
 *
 * Rules (issue 6, item 6, and choices where it is silent):
 * - Only an accepted invitation takes part: pending, declined or waitlisted
 *   members have no seat, so they neither ask nor vote.
 * - Questions can be asked, edited and deleted until the RSVP deadline (the
 *   start when there is none), while the meetup is inviting or closed;
 *   engineers prepare from the list after that.
 * - Votes stay open until the meetup starts: attendees keep reading and
 *   voting after the deadline, and the order only matters to engineers then.
 * - Nothing changes once the meetup is cancelled or held.
 */
export const QUESTIONS_PER_INVITATION = 3;
export const QUESTION_MAX_LENGTH = 1000;

export type QuestionsClosedReason = 'not-attending' | 'cancelled' | 'over' | 'not-open' | 'deadline';

export interface QuestionSituation {
  meetupStatus: MeetupStatus;
  startsAt: Date;
  /** The RSVP deadline, or the start when the meetup has none. */
  deadline: Date;
  state: InvitationState;
}

export interface QuestionWindow {
  /** Ask, edit and delete one's own questions. */
  canAsk: boolean;
  canVote: boolean;
  /** Why asking (and maybe voting) is closed; null while everything is open. */
  closed: QuestionsClosedReason | null;
}

export function questionWindow(s: QuestionSituation, now: Date): QuestionWindow {
  const none = (closed: QuestionsClosedReason): QuestionWindow => ({ canAsk: false, canVote: false, closed });
  if (s.meetupStatus === 'cancelled') return none('cancelled');
  if (s.meetupStatus === 'held' || now.getTime() >= s.startsAt.getTime()) return none('over');
  if (s.meetupStatus !== 'inviting' && s.meetupStatus !== 'closed') return none('not-open');
  if (s.state !== 'accepted') return none('not-attending');
  if (now.getTime() < s.deadline.getTime()) return { canAsk: true, canVote: true, closed: null };
  return { canAsk: false, canVote: true, closed: 'deadline' };
}

/** Every way a question request is refused; the page words each one, the API names it as `reason`. */
export type QuestionProblem =
  | QuestionsClosedReason
  | 'empty'
  | 'too-long'
  | 'bad-characters'
  | 'unknown-area'
  | 'limit'
  | 'own-question'
  | 'not-found';

/**
 * A question's text as stored: line breaks as "\n" (forms send "\r\n", which
 * would count twice against the limit the textarea showed) and no blank
 * margins. Anything that is not a string is left for the validators.
 */
export function normaliseQuestionBody(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : value;
}

/** Characters as PostgreSQL's length() counts them (code points), which the CHECK constraint uses. */
export const characterCount = (text: string) => [...text].length;

/** Why a (normalised) body cannot be stored, or null when it can. */
export function questionBodyProblem(body: string): 'empty' | 'too-long' | 'bad-characters' | null {
  if (body === '') return 'empty';
  // PostgreSQL text cannot hold NUL; refusing it here keeps it a 400 instead of a database error.
  if (body.includes('\u0000')) return 'bad-characters';
  if (characterCount(body) > QUESTION_MAX_LENGTH) return 'too-long';
  return null;
}

/** The lowest free slot of the asker's three, or null when all are taken. */
export function freeSlot(taken: readonly number[]): number | null {
  for (let slot = 1; slot <= QUESTIONS_PER_INVITATION; slot++) if (!taken.includes(slot)) return slot;
  return null;
}

/** Whether one attendee may vote on a question: never on their own, only within their meetup. */
export function voteProblem(
  voter: { invitationId: string; meetupId: number },
  question: { invitationId: string; meetupId: number } | null,
): 'not-found' | 'own-question' | null {
  // Another meetup's question is "not found": a fan sees only their own meetup.
  if (!question || question.meetupId !== voter.meetupId) return 'not-found';
  if (question.invitationId === voter.invitationId) return 'own-question';
  return null;
}

export interface AreaQuestion {
  productAreaId: number;
  votes: number;
  id: string;
}

/**
 * Questions grouped by product area for the engineers: within an area most
 * voted first (then oldest); areas with the most votes in total first, then
 * the most questions, then by their order in `areaOrder` (the name).
 */
export function groupByProductArea<Q extends AreaQuestion>(
  questions: readonly Q[],
  areaOrder: (a: number, b: number) => number = (a, b) => a - b,
): { productAreaId: number; votes: number; questions: Q[] }[] {
  const groups = new Map<number, Q[]>();
  for (const q of questions) groups.set(q.productAreaId, [...(groups.get(q.productAreaId) ?? []), q]);
  return [...groups.entries()]
    .map(([productAreaId, list]) => ({
      productAreaId,
      votes: list.reduce((sum, q) => sum + q.votes, 0),
      questions: [...list].sort((a, b) => b.votes - a.votes || compareIds(a.id, b.id)),
    }))
    .sort(
      (a, b) =>
        b.votes - a.votes || b.questions.length - a.questions.length || areaOrder(a.productAreaId, b.productAreaId),
    );
}

/** bigint ids arrive as strings: compare them as numbers. */
const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
