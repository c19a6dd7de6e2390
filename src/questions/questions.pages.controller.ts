import { Controller, Get, Param, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { viewerLocale } from '../common/principal';
import { meetupQuestionsPage } from './questions-page';
import { QuestionsService } from './questions.service';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';

/** The staff page of a meetup's questions, grouped by product area for the engineers. */
@ApiExcludeController()
@Controller('meetups')
export class QuestionsPagesController {
  constructor(private readonly questions: QuestionsService) {}

  @Get(':id/questions')
  @Render('questions/meetup')
  async forMeetup(@Param('id', MeetupIdPipe) id: number, @Req() req: Request) {
    return meetupQuestionsPage(await this.questions.forMeetup(id), viewerLocale(req));
  }
}
