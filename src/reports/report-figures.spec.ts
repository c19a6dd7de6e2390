import { percent, rate, recommendScore, satisfaction } from './report-figures';

describe('report figures', () => {
  it('recommend score is % promoters minus % detractors, shown from 10 answers on', () => {
    expect(recommendScore(6, 2, 10)).toBe(40);
    expect(recommendScore(1, 2, 12)).toBe(-8);
    expect(recommendScore(9, 0, 9)).toBeNull();
    expect(recommendScore(0, 0, 0)).toBeNull();
  });

  it('turns a group’s counts into response rate, mean rating and score', () => {
    expect(satisfaction({ sent: 8, answers: 5, ratingSum: 21, promoters: 3, detractors: 1 })).toEqual({
      sent: 8,
      answers: 5,
      responseRate: 0.625,
      meanRating: 4.2,
      recommendScore: null,
    });
    expect(satisfaction({ sent: 0, answers: 0, ratingSum: 0, promoters: 0, detractors: 0 })).toEqual({
      sent: 0,
      answers: 0,
      responseRate: null,
      meanRating: null,
      recommendScore: null,
    });
    expect(satisfaction({ sent: 12, answers: 12, ratingSum: 50, promoters: 7, detractors: 2 }).recommendScore).toBe(42);
  });

  it('writes rates as percentages', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(1, 0)).toBeNull();
    expect(percent(0.6667)).toBe('66.7%');
    expect(percent(null)).toBe('—');
  });
});
