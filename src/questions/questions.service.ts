import { Injectable, NotFoundException } from '@nestjs/common';
import { lockMeetup } from '../meetups/meetup-lock';
import { DataSource, EntityManager } from 'typeorm';
import { InvitationLinkService } from '../invitations/core/invitation-link.service';
import type { InvitationState } from '../invitations/core/invitation.entity';
import type { Locale } from '../common/locale';
import { errorText } from '../common/strings';
import { QuestionRefusedException } from './question-refused.exception';
import {
  freeSlot,
  groupByProductArea,
  normaliseQuestionBody,
  questionBodyProblem,
  QuestionProblem,
  QUESTIONS_PER_INVITATION,
  questionWindow,
  QuestionWindow,
  voteProblem,
} from './question-rules';
import {
  AttendeeQuestion,
  MeetupQuestionRow,
  OwnQuestion,
  Participant,
  QuestionsRepository,
} from './questions.repository';
import { ProductAreaOption, ProductAreasService } from '../product-areas/product-areas.service';

/** What a member's page and API show of the questions. */
export interface MemberQuestions {
  state: InvitationState;
  locale: Locale;
  window: QuestionWindow;
  limit: number;
  mine: OwnQuestion[];
  /** Other attending members' questions, most voted first; empty unless the reader attends. */
  others: AttendeeQuestion[];
  productAreas: ProductAreaOption[];
}

export interface QuestionInput {
  productAreaId: number;
  body: string;
}

export interface VoteResult {
  questionId: string;
  voted: boolean;
  votes: number;
  /** False when the vote was already there (or already gone): nothing changed. */
  changed: boolean;
}

/** A meetup's questions for staff and engineers, grouped by product area. */
export interface MeetupQuestions {
  meetup: { id: number; title: string; city: string; startsAt: Date; timeZone: string };
  total: number;
  productAreas: {
    productArea: { id: number; slug: string; nameEn: string; nameZh: string };
    votes: number;
    questions: Omit<MeetupQuestionRow, 'productAreaId' | 'productAreaSlug' | 'productAreaEn' | 'productAreaZh'>[];
  }[];
}

const MAX_INT = 2_147_483_647;

/** A question id from a path or form: digits that fit a bigint; anything else names no question. */
function questionIdOf(value: string): string {
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new QuestionRefusedException('not-found');
  return value;
}

const situationOf = (p: Participant) => ({
  meetupStatus: p.meetupStatus,
  startsAt: p.startsAt,
  deadline: p.rsvpDeadline ?? p.startsAt,
  state: p.state,
});

/** Constraint violations a race can still cause, as the refusal the rules would have given. */
function problemOf(error: unknown): QuestionProblem | null {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'questions_invitation_id_slot_key') return 'limit';
  if (code === '23503' && constraint === 'questions_product_area_id_fkey') return 'unknown-area';
  if (code === '23503' && constraint === 'question_votes_question_id_fkey') return 'not-found';
  return null;
}

/**
 * Attendees' questions for the engineers and their votes. The RSVP link's
 * token is the fan's credential, as for answers. Asking, editing and deleting
 * run under the meetup's row lock (the order every change to a meetup's
 * invitations keeps), so the accepted state they check cannot change under
 * them and the three slots are handed out one at a time.
 */
@Injectable()
export class QuestionsService {
  constructor(
    private readonly questions: QuestionsRepository,
    private readonly dataSource: DataSource,
    private readonly links: InvitationLinkService,
    private readonly productAreas: ProductAreasService,
  ) {}

  async forMember(token: string, now = new Date()): Promise<MemberQuestions> {
    return this.forInvitation((await this.idsOf(token)).id, now);
  }

  /** The same, for an invitation whose link was already checked (the RSVP page). Reads only. */
  async forInvitation(invitationId: string, now = new Date()): Promise<MemberQuestions> {
    const p = await this.questions.participant(invitationId);
    const attending = p.state === 'accepted';
    const [mine, others, productAreas] = await Promise.all([
      this.questions.ownQuestions(p.invitationId, p.locale),
      attending ? this.questions.otherQuestions(p.meetupId, p.invitationId, p.locale) : [],
      this.productAreas.options(p.locale),
    ]);
    return {
      state: p.state,
      locale: p.locale,
      window: questionWindow(situationOf(p), now),
      limit: QUESTIONS_PER_INVITATION,
      mine,
      others,
      productAreas,
    };
  }

  /** Leaves a question in the lowest free of the member's three slots. */
  ask(token: string, input: QuestionInput, now = new Date()): Promise<OwnQuestion> {
    return this.asAsker(token, now, async (manager, asker) => {
      const fields = await this.questionAsStored(manager, input);
      const slot = freeSlot(await this.questions.takenSlots(manager, asker.invitationId));
      if (slot === null) throw new QuestionRefusedException('limit');
      const id = await this.questions.insert(manager, {
        ...fields,
        slot,
        meetupId: asker.meetupId,
        invitationId: asker.invitationId,
      });
      return this.questions.ownQuestion(manager, id, asker.locale);
    });
  }

  /** Changes one of the member's own questions; its votes stay (it is still their question). */
  edit(token: string, questionId: string, input: QuestionInput, now = new Date()): Promise<OwnQuestion> {
    return this.asAsker(token, now, async (manager, asker) => {
      questionIdOf(questionId);
      const fields = await this.questionAsStored(manager, input);
      if (!(await this.questions.update(manager, questionId, asker.invitationId, fields))) {
        throw new QuestionRefusedException('not-found');
      }
      return this.questions.ownQuestion(manager, questionId, asker.locale);
    });
  }

  /** Deletes one of the member's own questions and the votes on it; the slot is free again. */
  delete(token: string, questionId: string, now = new Date()): Promise<void> {
    return this.asAsker(token, now, async (manager, asker) => {
      if (!(await this.questions.delete(manager, questionIdOf(questionId), asker.invitationId))) {
        throw new QuestionRefusedException('not-found');
      }
    });
  }

  /** Up-votes another attendee's question of the same meetup; voting twice changes nothing. */
  vote(token: string, questionId: string, now = new Date()): Promise<VoteResult> {
    return this.asVoter(token, now, async (manager, voter) => {
      const question = await this.questions.questionForVote(manager, questionIdOf(questionId));
      // A question whose asker no longer attends is off the list, so it cannot gather votes either.
      const problem = voteProblem(voter, question?.askerAttending ? question : null);
      if (problem) throw new QuestionRefusedException(problem);
      const { added, votes } = await this.questions.addVote(manager, questionId, voter.invitationId);
      return { questionId, voted: true, votes, changed: added };
    });
  }

  /** Takes the member's vote back; taking back a vote that is not there changes nothing. */
  unvote(token: string, questionId: string, now = new Date()): Promise<VoteResult> {
    return this.asVoter(token, now, async (manager, voter) => {
      const question = await this.questions.questionForVote(manager, questionIdOf(questionId));
      if (!question || question.meetupId !== voter.meetupId) throw new QuestionRefusedException('not-found');
      const { removed, votes } = await this.questions.removeVote(manager, questionId, voter.invitationId);
      return { questionId, voted: false, votes, changed: removed };
    });
  }

  /**
   * Every question of a meetup, grouped by product area with the askers'
   * names: for staff now, and for the engineers assigned to the meetup later
   * (the caller decides who may see which meetup).
   */
  async forMeetup(meetupId: number): Promise<MeetupQuestions> {
    const meetup =
      Number.isInteger(meetupId) && meetupId >= 1 && meetupId <= MAX_INT ? await this.questions.meetup(meetupId) : null;
    if (!meetup) throw new NotFoundException(errorText('questions.noMeetup', { id: String(meetupId) }));
    const rows = await this.questions.meetupQuestions(meetupId);
    const areas = new Map(rows.map((r) => [r.productAreaId, r]));
    const name = (id: number) => areas.get(id)!.productAreaEn;
    return {
      meetup,
      total: rows.length,
      productAreas: groupByProductArea(rows, (a, b) => name(a).localeCompare(name(b))).map((g) => {
        const area = areas.get(g.productAreaId)!;
        return {
          productArea: {
            id: area.productAreaId,
            slug: area.productAreaSlug,
            nameEn: area.productAreaEn,
            nameZh: area.productAreaZh,
          },
          votes: g.votes,
          questions: g.questions.map(
            ({ productAreaId: _id, productAreaSlug: _slug, productAreaEn: _en, productAreaZh: _zh, ...q }) => q,
          ),
        };
      }),
    };
  }

  private idsOf(token: string): Promise<{ id: string; meetupId: number }> {
    return this.links.idsOf(token);
  }

  /** Runs a change to the member's questions under the meetup's lock, once the rules allow asking. */
  private async asAsker<T>(
    token: string,
    now: Date,
    work: (manager: EntityManager, asker: Participant) => Promise<T>,
  ): Promise<T> {
    const ids = await this.idsOf(token);
    return this.refusingRaces(() =>
      this.dataSource.transaction(async (manager) => {
        const meetup = (await lockMeetup(manager, ids.meetupId))!;
        const invitation = (await this.links.lockInvitation(manager, ids.id))!;
        const asker: Participant = {
          invitationId: invitation.id,
          meetupId: meetup.id,
          state: invitation.state,
          locale: invitation.memberLocale,
          meetupStatus: meetup.status,
          startsAt: meetup.startsAt,
          rsvpDeadline: meetup.rsvpDeadline,
        };
        const window = questionWindow(situationOf(asker), now);
        if (!window.canAsk) throw new QuestionRefusedException(window.closed ?? 'deadline');
        return work(manager, asker);
      }),
    );
  }

  /** Runs a vote with the voter's invitation share-locked (no meetup lock: votes do not wait for each other). */
  private async asVoter<T>(
    token: string,
    now: Date,
    work: (manager: EntityManager, voter: Participant) => Promise<T>,
  ): Promise<T> {
    const ids = await this.idsOf(token);
    return this.refusingRaces(() =>
      this.dataSource.transaction(async (manager) => {
        const voter = await this.questions.lockVoter(manager, ids.id);
        const window = questionWindow(situationOf(voter), now);
        if (!window.canVote) throw new QuestionRefusedException(window.closed ?? 'over');
        return work(manager, voter);
      }),
    );
  }

  /** The body and product area as stored, or the refusal that says what to fix. */
  private async questionAsStored(manager: EntityManager, input: QuestionInput): Promise<QuestionInput> {
    const body = normaliseQuestionBody(input.body);
    const problem = typeof body === 'string' ? questionBodyProblem(body) : 'empty';
    if (problem) throw new QuestionRefusedException(problem);
    const area = input.productAreaId;
    if (!Number.isInteger(area) || area < 1 || area > MAX_INT || !(await this.productAreas.exists(manager, area))) {
      throw new QuestionRefusedException('unknown-area');
    }
    return { productAreaId: area, body: body as string };
  }

  private async refusingRaces<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const problem = problemOf(error);
      if (problem) throw new QuestionRefusedException(problem);
      throw error;
    }
  }
}
