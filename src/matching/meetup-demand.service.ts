import { Injectable } from '@nestjs/common';
import { ProductAreasService } from '../product-areas/product-areas.service';
import { QuestionsService } from '../questions/questions.service';
import { MatchingRepository } from './matching.repository';

/** What a meetup's attendees want to talk about, per product area. */
export interface AreaDemand {
  id: number;
  slug: string;
  nameEn: string;
  nameZh: string;
  /** Open questions weighted by up-votes: Σ (1 + votes). */
  demand: number;
  questions: number;
  /** True when staff expected it and nobody has asked yet: the demand is a guess (1). */
  expected: boolean;
}

/**
 * Demand per meetup and product area: the open questions of attendees who still come, each
 * counting 1 plus its up-votes. A question an engineer marked answered is no longer open. Before
 * anyone has asked, staff's expected areas count 1 each. The questions come through
 * QuestionsService (the questions module's door), never its tables.
 */
@Injectable()
export class MeetupDemandService {
  constructor(
    private readonly questions: QuestionsService,
    private readonly matching: MatchingRepository,
    private readonly productAreas: ProductAreasService,
  ) {}

  async forMeetups(meetupIds: number[]): Promise<Map<number, AreaDemand[]>> {
    const result = new Map<number, AreaDemand[]>();
    const [expected, productAreas] = await Promise.all([
      this.matching.expectedAreas(meetupIds),
      this.productAreas.all(),
    ]);
    for (const meetupId of meetupIds) {
      const asked = await this.questions.forMeetup(meetupId);
      const ids = asked.productAreas.flatMap((g) => g.questions.map((q) => q.id));
      const answered = new Set((await this.matching.answers(ids)).map((a) => a.questionId));
      const areas: AreaDemand[] = [];
      for (const group of asked.productAreas) {
        const open = group.questions.filter((q) => q.askerAttending && !answered.has(q.id));
        if (!open.length) continue;
        areas.push({
          ...group.productArea,
          demand: open.reduce((sum, q) => sum + 1 + q.votes, 0),
          questions: open.length,
          expected: false,
        });
      }
      if (!areas.length) {
        for (const id of expected.get(meetupId) ?? []) {
          const area = productAreas.find((a) => a.id === id);
          if (area) areas.push({ ...area, demand: 1, questions: 0, expected: true });
        }
      }
      result.set(
        meetupId,
        areas.sort((a, b) => b.demand - a.demand || a.slug.localeCompare(b.slug)),
      );
    }
    return result;
  }
}
