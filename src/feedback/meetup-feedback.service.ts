import { Injectable, NotFoundException } from '@nestjs/common';
import { errorText } from '../common/strings';
import { MeetupNotFoundException } from '../meetups/meetup-not-found.exception';
import { QuestionLineageService } from '../loop/question-lineage.service';
import { MeetupFeedbackRepository, StaffSuggestionRow } from './meetup-feedback.repository';
import { SuggestionItemsService } from './suggestion-items.service';

export interface AreaSuggestions {
  productArea: { id: number; slug: string; nameEn: string; nameZh: string };
  suggestions: Omit<StaffSuggestionRow, 'areaSlug' | 'areaEn' | 'areaZh' | 'productAreaId'>[];
}

/**
 * A meetup's feedback as staff read and triage it: suggestions by product area with the board item each
 * became, what was good, and the attendees' questions with theirs (question lineage).
 */
@Injectable()
export class MeetupFeedbackService {
  constructor(
    private readonly repository: MeetupFeedbackRepository,
    private readonly lineage: QuestionLineageService,
    private readonly suggestionItems: SuggestionItemsService,
  ) {}

  /** Staff put a waiting suggestion on the board: as its member's new item, or linked to `itemId`. */
  toBoard(suggestionId: string, itemId?: string): Promise<string> {
    if (!/^\d{1,18}$/.test(suggestionId)) throw new NotFoundException(errorText('loopSuggestionMissing'));
    return itemId
      ? this.suggestionItems.linkTo(suggestionId, itemId)
      : this.suggestionItems.postForMember(suggestionId);
  }

  async forMeetup(meetupId: number) {
    const meetup = await this.repository.meetup(meetupId);
    if (!meetup) throw new MeetupNotFoundException(String(meetupId));
    const [suggestions, good, questions] = await Promise.all([
      this.repository.suggestions(meetupId),
      this.repository.goodTexts(meetupId),
      this.lineage.questions(meetupId),
    ]);
    const areas = new Map<number, AreaSuggestions>();
    for (const s of suggestions) {
      const { areaSlug, areaEn, areaZh, productAreaId, ...rest } = s;
      if (!areas.has(productAreaId))
        areas.set(productAreaId, {
          productArea: { id: productAreaId, slug: areaSlug, nameEn: areaEn, nameZh: areaZh },
          suggestions: [],
        });
      areas.get(productAreaId)!.suggestions.push(rest);
    }
    return { meetup, productAreas: [...areas.values()], good, questions };
  }
}
