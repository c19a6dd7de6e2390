import { Injectable } from '@nestjs/common';
import { IdPipe } from '../common/id.pipe';
import { MeetupNotFoundException } from './meetup-not-found.exception';

/** A meetup id from the path: as IdPipe, but an id no meetup can have says "Meetup N does not exist." */
@Injectable()
export class MeetupIdPipe extends IdPipe {
  protected override notFound(value: string): MeetupNotFoundException {
    return new MeetupNotFoundException(value);
  }
}
