import type { Depth } from './match-model';

export interface RoutedQuestion {
  id: string;
  productAreaId: number;
  votes: number;
}

export interface TeamMember {
  engineerId: number;
  engineerCode: string;
  /** productAreaId → depth. */
  areas: Map<number, Depth>;
}

/**
 * Each question goes to one confirmed engineer of its product area: experts before those who know
 * it, and among them the one with the fewest questions so far (then the lower engineer ID), so the
 * load spreads. Most-voted questions are routed first. A question nobody on the team knows stays
 * unrouted (null): that area is a coverage gap.
 */
export function routeQuestions(
  questions: readonly RoutedQuestion[],
  team: readonly TeamMember[],
): Map<string, number | null> {
  const load = new Map(team.map((t) => [t.engineerId, 0]));
  const routes = new Map<string, number | null>();
  const order = [...questions].sort((a, b) => b.votes - a.votes || a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
  for (const q of order) {
    const candidates = team
      .filter((t) => t.areas.has(q.productAreaId))
      .sort(
        (a, b) =>
          rank(a.areas.get(q.productAreaId)!) - rank(b.areas.get(q.productAreaId)!) ||
          load.get(a.engineerId)! - load.get(b.engineerId)! ||
          a.engineerCode.localeCompare(b.engineerCode),
      );
    const chosen = candidates[0];
    routes.set(q.id, chosen?.engineerId ?? null);
    if (chosen) load.set(chosen.engineerId, load.get(chosen.engineerId)! + 1);
  }
  return routes;
}

const rank = (depth: Depth) => (depth === 'expert' ? 0 : 1);
