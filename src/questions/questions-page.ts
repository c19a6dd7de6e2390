import { formAreaId } from './dto/question-input.dto';
import type { QuestionProblem } from './question-rules';
import type { Locale } from '../common/locale';
import { message } from '../common/strings';
import type { MeetupQuestions, MemberQuestions } from './questions.service';

/** Confirmations the RSVP page shows after a question form (post/redirect/get: `?question=…`). */
export const QUESTION_DONE = ['added', 'saved', 'deleted', 'voted', 'unvoted'] as const;
export type QuestionDone = (typeof QUESTION_DONE)[number];

/** What the member typed into the form that was refused, to show it again. */
export interface TypedQuestion {
  /** 'new', or the id of the question being edited. */
  target: string;
  productAreaId?: string;
  body?: string;
}

const votesKey = (votes: number) => (votes === 1 ? 'questions.votes.one' : 'questions.votes.other');

/**
 * The questions part of the RSVP page (views/partials/rsvp-questions.hbs):
 * which forms to show and the keys of the sentences, in the member's words.
 * No rules here: the window and lists come from QuestionsService.
 */
export function questionsSection(
  q: MemberQuestions,
  extra: { done?: string; problem?: QuestionProblem; typed?: TypedQuestion } = {},
) {
  const attending = q.state === 'accepted';
  const typedFor = (target: string) => (extra.typed?.target === target ? extra.typed : undefined);
  const areas = (selected: number | undefined) =>
    q.productAreas.map((a) => ({ id: a.id, name: a.name, selected: a.id === selected }));
  const typedNew = typedFor('new');
  const canAddMore = q.window.canAsk && q.mine.length < q.limit && q.productAreas.length > 0;
  return {
    // Cancelled meetups say so at the top; nothing to ask or read here then.
    show: q.window.closed !== 'cancelled' && (attending || q.mine.length > 0),
    hintKey:
      q.window.closed === 'cancelled'
        ? null
        : q.state === 'pending'
          ? 'questions.hint.pending'
          : q.state === 'waitlisted'
            ? 'questions.hint.waitlisted'
            : null,
    canAsk: q.window.canAsk,
    canVote: q.window.canVote,
    closedKey: q.window.closed ? `questions.closed.${q.window.closed}` : null,
    limit: q.limit,
    count: q.mine.length,
    canAddMore,
    limitReached: q.window.canAsk && q.mine.length >= q.limit,
    noAreas: q.window.canAsk && q.productAreas.length === 0,
    doneKey:
      extra.done && (QUESTION_DONE as readonly string[]).includes(extra.done) ? `questions.done.${extra.done}` : null,
    problemKey: extra.problem ? `questions.problem.${extra.problem}` : null,
    mine: q.mine.map((m) => {
      const typed = typedFor(m.id);
      return {
        ...m,
        votesKey: votesKey(m.votes),
        areas: areas(typed ? formAreaId(typed.productAreaId) : m.productAreaId),
        value: typed?.body ?? m.body,
        refused: !!typed && !!extra.problem,
      };
    }),
    newForm: {
      areas: areas(typedNew ? formAreaId(typedNew.productAreaId) : undefined),
      value: typedNew?.body ?? '',
      refused: !!typedNew && !!extra.problem,
    },
    attending,
    others: q.others.map((o) => ({ ...o, votesKey: votesKey(o.votes) })),
  };
}

/** The staff page of a meetup's questions (views/questions/meetup.hbs), grouped by product area. */
export function meetupQuestionsPage(found: MeetupQuestions, locale: Locale) {
  const zh = locale === 'zh-CN';
  return {
    title: message('questions.staff.pageTitle', { title: found.meetup.title }),
    ...found,
    productAreas: found.productAreas.map((g) => ({
      ...g,
      name: zh ? g.productArea.nameZh : g.productArea.nameEn,
      votesKey: votesKey(g.votes),
      countKey: g.questions.length === 1 ? 'questions.count.one' : 'questions.count.other',
    })),
  };
}
