import {
  characterCount,
  freeSlot,
  groupByProductArea,
  normaliseQuestionBody,
  questionBodyProblem,
  QuestionSituation,
  questionWindow,
  voteProblem,
} from './question-rules';

const at = (iso: string) => new Date(iso);
const situation = (over: Partial<QuestionSituation> = {}): QuestionSituation => ({
  meetupStatus: 'inviting',
  startsAt: at('2026-06-10T11:00:00Z'),
  deadline: at('2026-06-08T15:59:00Z'),
  state: 'accepted',
  ...over,
});

describe('question window', () => {
  it('lets an accepted member ask and vote before the deadline, also once invitations are closed', () => {
    const open = { canAsk: true, canVote: true, closed: null };
    expect(questionWindow(situation(), at('2026-06-01T00:00:00Z'))).toEqual(open);
    expect(questionWindow(situation({ meetupStatus: 'closed' }), at('2026-06-01T00:00:00Z'))).toEqual(open);
  });

  it('closes asking, editing and deleting at the deadline but keeps voting open until the start', () => {
    const s = situation();
    expect(questionWindow(s, at('2026-06-08T15:59:00Z'))).toEqual({
      canAsk: false,
      canVote: true,
      closed: 'deadline',
    });
    expect(questionWindow(s, at('2026-06-10T10:59:59Z')).canVote).toBe(true);
    expect(questionWindow(s, at('2026-06-10T11:00:00Z'))).toEqual({ canAsk: false, canVote: false, closed: 'over' });
  });

  it('uses the start as the deadline when the meetup has none', () => {
    const s = situation({ deadline: at('2026-06-10T11:00:00Z') });
    expect(questionWindow(s, at('2026-06-10T10:00:00Z')).canAsk).toBe(true);
  });

  it.each(['pending', 'declined', 'waitlisted', 'expired', 'cancelled'] as const)(
    'gives a %s invitation neither questions nor votes',
    (state) => {
      expect(questionWindow(situation({ state }), at('2026-06-01T00:00:00Z'))).toEqual({
        canAsk: false,
        canVote: false,
        closed: 'not-attending',
      });
    },
  );

  it.each([
    ['cancelled', 'cancelled'],
    ['held', 'over'],
    ['draft', 'not-open'],
    ['scheduled', 'not-open'],
  ] as const)('closes everything for a %s meetup (%s)', (meetupStatus, closed) => {
    expect(questionWindow(situation({ meetupStatus }), at('2026-06-01T00:00:00Z'))).toEqual({
      canAsk: false,
      canVote: false,
      closed,
    });
  });
});

describe('question body', () => {
  it('trims and stores form line breaks as one character each', () => {
    expect(normaliseQuestionBody('  Why?\r\nAnd how?\r  ')).toBe('Why?\nAnd how?');
    expect(normaliseQuestionBody(42)).toBe(42);
  });

  it('refuses an empty body, NUL characters and more than 1000 characters, counted as PostgreSQL counts them', () => {
    expect(questionBodyProblem('')).toBe('empty');
    expect(questionBodyProblem('a\u0000b')).toBe('bad-characters');
    expect(questionBodyProblem('x'.repeat(1000))).toBeNull();
    expect(questionBodyProblem('x'.repeat(1001))).toBe('too-long');
    // 1000 emoji are 2000 UTF-16 units but 1000 characters for the CHECK constraint.
    const emoji = '📷'.repeat(1000);
    expect(emoji.length).toBe(2000);
    expect(characterCount(emoji)).toBe(1000);
    expect(questionBodyProblem(emoji)).toBeNull();
    expect(questionBodyProblem('相机'.repeat(501))).toBe('too-long');
  });
});

describe('slots', () => {
  it('takes the lowest free slot and none past the third', () => {
    expect(freeSlot([])).toBe(1);
    expect(freeSlot([1, 3])).toBe(2);
    expect(freeSlot([2, 1])).toBe(3);
    expect(freeSlot([3, 1, 2])).toBeNull();
  });
});

describe('votes', () => {
  const voter = { invitationId: '10', meetupId: 1 };
  it('allows a vote on another attendee question of the same meetup', () => {
    expect(voteProblem(voter, { invitationId: '11', meetupId: 1 })).toBeNull();
  });
  it('refuses a vote on one own question', () => {
    expect(voteProblem(voter, { invitationId: '10', meetupId: 1 })).toBe('own-question');
  });
  it('treats another meetup question like a missing one', () => {
    expect(voteProblem(voter, { invitationId: '11', meetupId: 2 })).toBe('not-found');
    expect(voteProblem(voter, null)).toBe('not-found');
  });
});

describe('grouping for the engineers', () => {
  it('orders areas by their votes and questions within an area most voted first, oldest first on ties', () => {
    const groups = groupByProductArea([
      { id: '9', productAreaId: 1, votes: 2 },
      { id: '10', productAreaId: 2, votes: 0 },
      { id: '2', productAreaId: 1, votes: 2 },
      { id: '3', productAreaId: 2, votes: 7 },
      { id: '4', productAreaId: 3, votes: 0 },
      { id: '5', productAreaId: 1, votes: 1 },
    ]);
    expect(groups.map((g) => [g.productAreaId, g.votes])).toEqual([
      [2, 7],
      [1, 5],
      [3, 0],
    ]);
    expect(groups[1].questions.map((q) => q.id)).toEqual(['2', '9', '5']);
    expect(groups[0].questions.map((q) => q.id)).toEqual(['3', '10']);
  });

  it('breaks ties between areas by the number of questions, then by the given area order', () => {
    const byName = (a: number, b: number) =>
      ['', 'Router', 'Camera', 'OS'][a].localeCompare(['', 'Router', 'Camera', 'OS'][b]);
    const groups = groupByProductArea(
      [
        { id: '1', productAreaId: 1, votes: 0 },
        { id: '2', productAreaId: 2, votes: 0 },
        { id: '3', productAreaId: 3, votes: 0 },
        { id: '4', productAreaId: 3, votes: 0 },
      ],
      byName,
    );
    expect(groups.map((g) => g.productAreaId)).toEqual([3, 2, 1]);
  });
});
