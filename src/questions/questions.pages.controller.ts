import { Controller, Get, Param, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sendCsv } from '../common/csv-export';
import { viewerLocale } from '../common/principal';
import { meetupQuestionsPage } from './questions-page';
import { QuestionsService } from './questions.service';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';

/** The staff page of a meetup's questions, grouped by product area for the engineers. */
@ApiExcludeController()
@Controller('meetups')
export class QuestionsPagesController {
  constructor(private readonly questions: QuestionsService) {}

  /** The same questions as a spreadsheet: one row per question, its product area, votes and asker. */
  @Get(':id/questions.csv')
  async forMeetupCsv(@Param('id', MeetupIdPipe) id: number, @Res() res: Response) {
    const found = await this.questions.forMeetup(id);
    const rows = found.productAreas.flatMap((g) =>
      g.questions.map((q) => [
        g.productArea.nameEn,
        g.productArea.nameZh,
        q.body,
        q.votes,
        q.askerName,
        q.askerAttending,
        q.createdAt,
      ]),
    );
    sendCsv(
      res,
      `meetup-${id}-questions.csv`,
      ['product_area', 'product_area_zh', 'question', 'votes', 'asked_by', 'asker_attending', 'asked_at'],
      rows,
    );
  }

  @Get(':id/questions')
  @Render('questions/meetup')
  async forMeetup(@Param('id', MeetupIdPipe) id: number, @Req() req: Request) {
    return meetupQuestionsPage(await this.questions.forMeetup(id), viewerLocale(req));
  }
}
