import { Injectable } from '@nestjs/common';
import { MeetupNotFoundException } from '../meetups/meetup-not-found.exception';
import { MeetupFeedbackRepository, StaffSuggestionRow } from './meetup-feedback.repository';

export interface AreaSuggestions {
  productArea: { id: number; slug: string; nameEn: string; nameZh: string };
  suggestions: Omit<StaffSuggestionRow, 'areaSlug' | 'areaEn' | 'areaZh' | 'productAreaId'>[];
}

/** A meetup's feedback as staff read and triage it: suggestions grouped by product area, and what was good. */
@Injectable()
export class MeetupFeedbackService {
  constructor(private readonly repository: MeetupFeedbackRepository) {}

  async forMeetup(meetupId: number) {
    const meetup = await this.repository.meetup(meetupId);
    if (!meetup) throw new MeetupNotFoundException(String(meetupId));
    const [suggestions, good] = await Promise.all([
      this.repository.suggestions(meetupId),
      this.repository.goodTexts(meetupId),
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
    return { meetup, productAreas: [...areas.values()], good };
  }
}
