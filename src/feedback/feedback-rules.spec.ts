import { checkFeedback, closesAt, isOpen, reminderWindow, requestWindow } from './feedback-rules';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2027-01-20T12:00:00Z');
const areas = new Set([1, 2]);

describe('feedback timing', () => {
  it('asks meetups that ended between 14 days and the delay ago', () => {
    const w = requestWindow(now, 2);
    expect(w.endedBy.getTime()).toBe(now.getTime() - 2 * HOUR);
    expect(w.endedAfter.getTime()).toBe(now.getTime() - 14 * DAY);
  });

  it('reminds requests sent between 14 and 3 days ago', () => {
    const w = reminderWindow(now);
    expect(w.sentBy.getTime()).toBe(now.getTime() - 3 * DAY);
    expect(w.sentAfter.getTime()).toBe(now.getTime() - 14 * DAY);
  });

  it('keeps the link open for answers and changes for 14 days after the request', () => {
    const sent = new Date(now.getTime() - 14 * DAY + 1000);
    expect(closesAt(sent).getTime()).toBe(sent.getTime() + 14 * DAY);
    expect(isOpen(sent, now)).toBe(true);
    expect(isOpen(sent, new Date(now.getTime() + 1000))).toBe(false);
  });
});

describe('an answer', () => {
  it('takes form fields (strings) and API values (numbers), trims text and skips empty suggestion slots', () => {
    const form = checkFeedback(
      {
        rating: '4',
        recommend: '10',
        good: '  The engineers listened. \r\n',
        suggestions: [{ productAreaId: '2', body: ' Dark mode ' }, { productAreaId: '', body: '  ' }, {}],
      },
      areas,
    );
    expect(form).toEqual({
      answer: {
        rating: 4,
        recommend: 10,
        good: 'The engineers listened.',
        suggestions: [{ slot: 1, productAreaId: 2, body: 'Dark mode' }],
      },
      problems: {},
    });
    expect(checkFeedback({ rating: 1, recommend: 0 }, areas).answer).toEqual({
      rating: 1,
      recommend: 0,
      good: '',
      suggestions: [],
    });
  });

  it('names each field that is wrong', () => {
    const { answer, problems } = checkFeedback(
      {
        rating: '6',
        recommend: '-1',
        good: 'x'.repeat(2001),
        suggestions: [
          { productAreaId: '9', body: 'unknown area' },
          { productAreaId: '1', body: 'y'.repeat(1001) },
          { body: 'no area' },
        ],
      },
      areas,
    );
    expect(answer).toBeNull();
    expect(problems).toEqual({
      rating: 'rating',
      recommend: 'recommend',
      good: 'good-too-long',
      suggestion1: 'suggestion-area',
      suggestion2: 'suggestion-too-long',
      suggestion3: 'suggestion-area',
    });
  });

  it('refuses a missing rating, fractions, NUL characters and a fourth suggestion', () => {
    expect(checkFeedback({ recommend: 5 }, areas).problems).toEqual({ rating: 'rating' });
    expect(checkFeedback({ rating: 2.5, recommend: 5 }, areas).problems).toEqual({ rating: 'rating' });
    expect(checkFeedback({ rating: 3, recommend: 5, good: 'a\0b' }, areas).problems).toEqual({
      good: 'bad-characters',
    });
    const four = Array.from({ length: 4 }, () => ({ productAreaId: 1, body: 'idea' }));
    expect(checkFeedback({ rating: 3, recommend: 5, suggestions: four }, areas).problems).toEqual({
      suggestions: 'too-many-suggestions',
    });
  });
});
