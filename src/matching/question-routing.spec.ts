import { routeQuestions, type TeamMember } from './question-routing';

const member = (engineerId: number, areas: [number, 'expert' | 'knows'][]): TeamMember => ({
  engineerId,
  engineerCode: `E10${engineerId}0`,
  areas: new Map(areas),
});

describe('question routing', () => {
  it('gives each question to an expert of its area first, spreading the load among experts', () => {
    const team = [member(1, [[7, 'expert']]), member(2, [[7, 'expert']]), member(3, [[7, 'knows']])];
    const routes = routeQuestions(
      [
        { id: '1', productAreaId: 7, votes: 5 },
        { id: '2', productAreaId: 7, votes: 3 },
        { id: '3', productAreaId: 7, votes: 1 },
      ],
      team,
    );
    expect([...routes]).toEqual([
      ['1', 1],
      ['2', 2],
      ['3', 1],
    ]);
  });

  it('falls back to someone who knows the area, and leaves a question nobody knows unrouted', () => {
    const routes = routeQuestions(
      [
        { id: '10', productAreaId: 4, votes: 0 },
        { id: '11', productAreaId: 9, votes: 2 },
      ],
      [member(1, [[7, 'expert']]), member(3, [[4, 'knows']])],
    );
    expect(routes.get('10')).toBe(3);
    expect(routes.get('11')).toBeNull();
  });
});
