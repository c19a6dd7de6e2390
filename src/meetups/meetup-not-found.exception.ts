import { NotFoundException } from '@nestjs/common';
import { errorText } from '../common/strings';

/** "Meetup 12 does not exist.": on a page in the viewer's language, in English for the API. */
export class MeetupNotFoundException extends NotFoundException {
  constructor(id: number | string) {
    // A string, so the id is not grouped like a count ("12,345").
    super(errorText('meetupMissing', { id: String(id) }));
  }
}
